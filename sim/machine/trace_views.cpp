// MachineGuestView and MachineSymbols: thin adapters, no state of their own.
#include "sim/machine/trace_views.hpp"

namespace rvscope {

u64 MachineGuestView::read_reg(unsigned hart, unsigned reg) const {
  return reg < 32 ? machine_.hart(hart).x[reg] : 0;
}

u64 MachineGuestView::read_csr(unsigned hart, u16 csr) const {
  u64 value = 0;
  machine_.hart(hart).debug_csr_read(csr, value);
  return value;
}

Priv MachineGuestView::privilege(unsigned hart) const { return machine_.hart(hart).priv(); }

bool MachineGuestView::read_virtual(unsigned hart, u64 vaddr, void* dst, std::size_t len) const {
  return machine_.read_virtual(hart, vaddr, dst, len);
}

u64 MachineGuestView::cycles(unsigned hart) const { return machine_.hart(hart).cycles(); }
u64 MachineGuestView::instret(unsigned hart) const { return machine_.hart(hart).instret(); }

std::optional<trace::Symbol> MachineSymbols::find(u64 pc) const {
  const Symbol* s = table_.containing(pc);
  if (s == nullptr) return std::nullopt;
  return trace::Symbol{s->name, s->value, s->size};
}

std::optional<trace::Symbol> MachineSymbols::lookup(std::string_view name) const {
  const Symbol* s = table_.named(name);
  if (s == nullptr) return std::nullopt;
  return trace::Symbol{s->name, s->value, s->size};
}

}  // namespace rvscope
