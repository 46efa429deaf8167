// Hart snapshots: the architectural state and the counters a run's output depends on.
#include "sim/cpu/hart.hpp"

namespace rvscope {
namespace {

void put_trap(StateWriter& out, const Hart::TrapRecord& t) {
  out.put<u8>(t.valid);
  out.put<u8>(t.interrupt);
  for (const u64 v : {t.cause, t.epc, t.tval, t.target}) out.put(v);
  out.put<u8>(static_cast<u8>(t.from));
}

Priv get_priv(StateReader& in, std::string_view field) {
  const u8 p = in.get_below<u8>(4, field);
  if (p == 2) fail("{}: {} is 2, not a privilege level", in.what(), field);
  return static_cast<Priv>(p);
}

void get_trap(StateReader& in, Hart::TrapRecord& t) {
  t.valid = in.get_below<u8>(2, "trap record") != 0;
  t.interrupt = in.get_below<u8>(2, "trap record") != 0;
  for (u64* v : {&t.cause, &t.epc, &t.tval, &t.target}) in.get(*v);
  t.from = get_priv(in, "trap record privilege");
}

}  // namespace

void Hart::save_state(StateWriter& out) const {
  out.put<u32>(id_);
  out.put_bytes(x.data(), 32 * sizeof(u64));  // x[32] is the x0 sink, never read
  out.put_bytes(f.data(), sizeof(f));
  out.put(pc_);
  out.put<u8>(static_cast<u8>(priv_));
  for (const u64 v : {executed(), not_retired_, stall_cycles_, instret_offset_, cycle_offset_})
    out.put(v);
  for (const bool b : {wfi_, stuck_, reservation_valid_}) out.put<u8>(b);
  put_trap(out, stuck_trap_);
  put_trap(out, previous_trap_);
  put_trap(out, last_trap_);
  out.put(reservation_);
  for (const u64 v :
       {mstatus_, misa_,     medeleg_,    mideleg_,    mie_,     mip_,     ext_lines_,    mtvec_,
        stvec_,   mscratch_, sscratch_,   mepc_,       sepc_,    mcause_,  scause_,       mtval_,
        stval_,   satp_,     mcounteren_, scounteren_, menvcfg_, senvcfg_, mcountinhibit_})
    out.put(v);
  out.put(fflags_);
  out.put(frm_);
  const Pmp& pmp = mmu_.pmp();
  for (const unsigned i : {0u, 2u}) out.put(pmp.read_cfg(i));
  for (unsigned i = 0; i < Pmp::kEntries; ++i) out.put(pmp.read_addr(i));
}

void Hart::restore_state(StateReader& in) {
  const u32 id = in.get<u32>();
  if (id != id_) fail("{}: holds hart {} where hart {} was expected", in.what(), id, id_);
  in.get_bytes(x.data(), 32 * sizeof(u64));
  x[0] = 0;
  in.get_bytes(f.data(), sizeof(f));
  in.get(pc_);
  priv_ = get_priv(in, "privilege");
  for (u64* v : {&executed_, &not_retired_, &stall_cycles_, &instret_offset_, &cycle_offset_})
    in.get(*v);
  budget_ = slice_start_ = 0;
  for (bool* b : {&wfi_, &stuck_, &reservation_valid_}) *b = in.get_below<u8>(2, "flag") != 0;
  get_trap(in, stuck_trap_);
  get_trap(in, previous_trap_);
  get_trap(in, last_trap_);
  in.get(reservation_);
  for (u64* v : {&mstatus_,    &misa_,       &medeleg_, &mideleg_,  &mie_,          &mip_,
                 &ext_lines_,  &mtvec_,      &stvec_,   &mscratch_, &sscratch_,     &mepc_,
                 &sepc_,       &mcause_,     &scause_,  &mtval_,    &stval_,        &satp_,
                 &mcounteren_, &scounteren_, &menvcfg_, &senvcfg_,  &mcountinhibit_})
    in.get(*v);
  in.get(fflags_);
  in.get(frm_);
  // A fresh PMP, so that lock bits of the state being replaced cannot refuse the writes;
  // addresses first, while no entry of the new state is locked yet.
  Pmp& pmp = mmu_.pmp();
  pmp = Pmp{};
  u64 cfg[2];
  for (u64& c : cfg) in.get(c);
  for (unsigned i = 0; i < Pmp::kEntries; ++i) pmp.write_addr(i, in.get<u64>());
  pmp.write_cfg(0, cfg[0]);
  pmp.write_cfg(2, cfg[1]);
  trapped_ = false;
  stop_requested_ = false;
  batch_ended_ = false;
  last_stop_ = HartStop::kBudget;
  mmu_.flush();
  invalidate_fetch();
  update_translation();
  budget_ = slice_start_ = 0;
}

}  // namespace rvscope
