// The machine seen through the tracer's interfaces: registers, CSRs and guest memory of a
// hart (side-effect free), and ELF symbols.
#pragma once

#include "sim/machine/machine.hpp"
#include "sim/trace/guest_view.hpp"

namespace rvscope {

class MachineGuestView final : public trace::GuestView {
 public:
  explicit MachineGuestView(Machine& machine) : machine_(machine) {}
  u64 read_reg(unsigned hart, unsigned reg) const override;
  u64 read_csr(unsigned hart, u16 csr) const override;
  Priv privilege(unsigned hart) const override;
  bool read_virtual(unsigned hart, u64 vaddr, void* dst, std::size_t len) const override;
  u64 cycles(unsigned hart) const override;
  u64 instret(unsigned hart) const override;

 private:
  Machine& machine_;
};

class MachineSymbols final : public trace::SymbolLookup {
 public:
  explicit MachineSymbols(const SymbolTable& table) : table_(table) {}
  std::optional<trace::Symbol> find(u64 pc) const override;
  std::optional<trace::Symbol> lookup(std::string_view name) const override;

 private:
  const SymbolTable& table_;
};

}  // namespace rvscope
