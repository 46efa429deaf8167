// Builds RetireEvents by hand, so timing tests can feed the model without a simulator.
#pragma once

#include "sim/common/events.hpp"

namespace rvscope::timing::test {

// One event, filled the way the hart fills it; chain the setters.
struct Ev {
  RetireEvent e;
  explicit Ev(TimingClass c, u64 pc = 0x80000000) {
    e.timing_class = c;
    e.pc = pc;
    e.next_pc = pc + 4;
    e.priv = Priv::kUser;
    e.next_priv = Priv::kUser;
  }
  Ev& rd(u8 r) {
    e.rd = r;
    e.rd_written = r != 0;
    return *this;
  }
  Ev& rs(u8 a, u8 b = kNoReg, u8 c = kNoReg) {
    e.rs1 = a;
    e.rs2 = b;
    e.rs3 = c;
    return *this;
  }
  Ev& bits(u32 b) {
    e.bits = b;
    return *this;
  }
  Ev& priv(Priv p) {
    e.priv = p;
    e.next_priv = p;
    return *this;
  }
  Ev& mem(u64 addr, bool store, u8 size = 8, u64 vaddr = ~u64{0}) {
    MemAccess& a = e.mem[e.num_mem++];
    a.paddr = addr;
    a.vaddr = vaddr == ~u64{0} ? addr : vaddr;
    a.size = size;
    a.is_store = store;
    return *this;
  }
  Ev& mmio(u64 addr, bool store) {
    mem(addr, store, 4);
    e.mem[e.num_mem - 1].is_mmio = true;
    return *this;
  }
  Ev& branch(bool taken, u64 target) {
    e.is_branch = e.timing_class == TimingClass::kBranch;
    e.taken = taken;
    e.next_pc = taken ? target : e.pc + 4;
    return *this;
  }
  Ev& jump(u64 target) {
    e.next_pc = target;
    return *this;
  }
  Ev& next_priv(Priv p) {
    e.next_priv = p;
    return *this;
  }
  Ev& csr_write(u16 csr, u64 value) {
    e.csr_writes[e.num_csr_writes++] = {csr, value};
    return *this;
  }
  operator const RetireEvent&() const { return e; }
};

}  // namespace rvscope::timing::test
