// Hart: one RISC-V hardware thread: architectural state, CSRs, traps, and the run loop.
#pragma once

#include <array>
#include <string>

#include "sim/common/events.hpp"
#include "sim/common/state_stream.hpp"
#include "sim/cpu/csr_numbers.hpp"
#include "sim/cpu/decode_cache.hpp"
#include "sim/cpu/decoded_insn.hpp"
#include "sim/mmu/mmu.hpp"

namespace rvscope {

class TimeSource;
struct EventShape;

// Why run() returned early.
enum class HartStop : u8 { kBudget, kWfi, kBreakpoint, kRequested, kStuck };

class Hart {
 public:
  Hart(unsigned id, Bus& bus, DecodeCache& code, const TimeSource* time);

  // ---- architectural state (the execute bodies' vocabulary, and debuggers, use these) ----
  std::array<u64, 33> x{};  // x[32] is the sink for writes to x0 (see kSinkReg)
  std::array<u64, 32> f{};

  unsigned id() const { return id_; }
  u64 pc() const { return pc_; }
  void set_pc(u64 pc) { pc_ = pc; }
  Priv priv() const { return priv_; }
  void set_priv(Priv p);
  void reset(u64 pc);

  // Runs up to `max_insns` instructions (fewer when a trap needs an interrupt check, WFI
  // parks the hart, or a stop is requested). Returns how many were executed.
  u64 run(u64 max_insns);
  bool waiting_for_interrupt() const { return wfi_; }
  // Retired instructions and elapsed cycles (functional mode: one per executed instruction,
  // unless a timing model is the CycleSource).
  u64 instret() const { return executed() - not_retired_ + instret_offset_; }
  u64 cycles() const {
    return (cycle_source_ != nullptr ? cycle_source_->cycles(id_) : executed() + stall_cycles_) +
           cycle_offset_;
  }
  void set_cycle_source(CycleSource* source) { cycle_source_ = source; }
  // Simulated time skipped while this hart waited in WFI.
  void add_idle_cycles(u64 n) {
    if (cycle_source_ != nullptr)
      cycle_source_->idle(id_, n);
    else
      stall_cycles_ += n;
  }
  // Instructions started so far, including those of the slice running now.
  u64 executed() const { return executed_ + static_cast<u64>(slice_start_ - budget_); }

  // ---- interrupts from devices ----
  void set_interrupt_line(unsigned mip_bit, bool level);

  // ---- CSRs ----
  // Architectural access as a csr instruction does it; false means illegal instruction.
  bool csr_read(u16 number, u64& value);
  bool csr_write(u16 number, u64 value);
  // The value a csrrs/csrrc sets or clears bits of: what the read returned, except that in
  // mip the interrupt lines (the PLIC's SEIP) do not take part, only the software-writable
  // bits do (privileged spec 3.1.9). Otherwise M-mode setting STIP while the PLIC's line is
  // high would latch SEIP for good.
  // The CSRs that are plain storage (the trap scratch, epc, cause and tval registers), when
  // the current privilege may access them: a kernel's trap path reads and writes them
  // several times per trap, and the general switch is not needed for that.
  [[gnu::always_inline]] u64* plain_csr(u16 number) {
    switch (number) {
      case csr::kSscratch: return priv_ >= Priv::kSupervisor ? &sscratch_ : nullptr;
      case csr::kSepc: return priv_ >= Priv::kSupervisor ? &sepc_ : nullptr;
      case csr::kScause: return priv_ >= Priv::kSupervisor ? &scause_ : nullptr;
      case csr::kStval: return priv_ >= Priv::kSupervisor ? &stval_ : nullptr;
      case csr::kMscratch: return priv_ == Priv::kMachine ? &mscratch_ : nullptr;
      case csr::kMepc: return priv_ == Priv::kMachine ? &mepc_ : nullptr;
      case csr::kMcause: return priv_ == Priv::kMachine ? &mcause_ : nullptr;
      case csr::kMtval: return priv_ == Priv::kMachine ? &mtval_ : nullptr;
      default: return nullptr;
    }
  }
  // What a write keeps of a plain CSR's value: an epc's bit 0 is always zero (IALIGN 16).
  static constexpr u64 plain_csr_mask(u16 number) {
    return number == csr::kSepc || number == csr::kMepc ? ~1ull : ~0ull;
  }
  u64 csr_rmw_base(u16 number, u64 read_value) const {
    return number == csr::kMip ? (read_value & ~ext_lines_) | (mip_ & ext_lines_) : read_value;
  }
  // Debugger access: no privilege checks, no side effects beyond the write itself.
  bool debug_csr_read(u16 number, u64& value);
  bool debug_csr_write(u16 number, u64 value);
  u64 mstatus() const { return mstatus_; }
  u64 satp() const { return satp_; }
  u64 mip() const { return mip_ | ext_lines_; }

  DecodeCache& decode_cache() { return code_; }
  Mmu& mmu() { return mmu_; }
  const Mmu& mmu() const { return mmu_; }

  // ---- observation and debugging ----
  // Who hears this hart's events, and how many: with every_instruction false the fast loop
  // runs and only traps and xRET instructions are reported (enough for syscall tracing).
  void set_observer(HartObserver* observer, bool every_instruction);
  HartObserver* observer() const { return observer_; }
  // Breakpoints by pc, checked by the step loop (run_observed) before an instruction executes.
  void set_breakpoint_checker(bool (*check)(void* ctx, unsigned hart, u64 pc), void* ctx);
  void request_stop() {
    end_batch();
    stop_requested_ = true;
  }
  bool take_stop_request() {
    const bool r = stop_requested_;
    stop_requested_ = false;
    return r;
  }
  HartStop last_stop() const { return last_stop_; }
  // A trap whose handler address is the faulting pc itself can never make progress (no trap
  // vector set up, or the vector is not executable): the hart stops and says why.
  struct TrapRecord {
    bool valid = false;
    bool interrupt = false;
    u64 cause = 0, epc = 0, tval = 0, target = 0;
    Priv from = Priv::kMachine;
  };
  bool stuck() const { return stuck_; }
  const TrapRecord& stuck_trap() const { return stuck_trap_; }
  const TrapRecord& first_trap_of_loop() const { return previous_trap_; }
  // Executes exactly one instruction (or takes one pending interrupt/trap), for single-step.
  void step();

  // ---- snapshots (hart_state.cpp) ----
  // Registers, CSRs, PMP, counters, the LR reservation and the WFI/stuck state; only between
  // slices. A restore empties the soft TLBs and the fetch cache (they refill from the page
  // tables) and fails with a SimError when the data does not fit.
  void save_state(StateWriter& out) const;
  void restore_state(StateReader& in);

  // ---- the execute bodies' vocabulary ----
  template <typename T>
  bool load(u64 vaddr, T& out) {
    const MemFault fault = mmu_.load(vaddr, out);
    if (fault == MemFault::kNone) [[likely]]
      return true;
    set_fault(fault, AccessType::kLoad, vaddr);
    return false;
  }
  template <typename T>
  bool store(u64 vaddr, T value) {
    const MemFault fault = mmu_.store(vaddr, value);
    if (fault == MemFault::kNone) [[likely]]
      return true;
    set_fault(fault, AccessType::kStore, vaddr);
    return false;
  }
  void set_fault(MemFault fault, AccessType type, u64 vaddr);
  // Takes the exception recorded by set_fault at `pc`; returns the handler address.
  u64 take_fault(u64 pc);
  // Raises an exception for the instruction at pc; returns the handler address.
  u64 raise(u64 pc, Exception cause, u64 tval);
  u64 illegal(u64 pc, const DecodedInsn& d) {
    return raise(pc, Exception::kIllegalInsn, d.length == 2 ? d.raw16 : d.bits);
  }
  // Ends the running slice after the current instruction (to check interrupts, or because
  // translation changed); the count of executed instructions stays exact.
  void end_batch() {
    slice_start_ -= budget_;
    budget_ = 0;
    batch_ended_ = true;
  }
  // Interrupts are taken between slices: after a change that can make one takeable (a
  // trap, a status, enable, pending or delegation write), end the slice, but only when one
  // is pending and enabled at all (a trap-heavy guest does several such changes per syscall).
  void end_batch_if_interrupt_pending() {
    if ((mip() & mie_) != 0) end_batch();
  }
  // After a write of mstatus or sstatus: the translation is looked at again only when a bit
  // it depends on changed (a kernel writes sstatus several times per syscall).
  void status_written(u64 before) {
    constexpr u64 kTranslation = mstatus::kSum | mstatus::kMxr | mstatus::kMprv | mstatus::kMpp;
    if ((before ^ mstatus_) & kTranslation) {
      update_translation();  // ends the slice if an interrupt may now be taken
    } else {
      end_batch_if_interrupt_pending();  // SIE or MIE may have been set
    }
  }

  // FP state
  bool fp_enabled() const { return (mstatus_ & mstatus::kFs) != 0; }
  void mark_fp_dirty() { mstatus_ |= mstatus::kFs | mstatus::kSd; }
  u8 frm() const { return frm_; }
  void accrue_fflags(u8 flags) { fflags_ |= flags; }

  // LR/SC
  void set_reservation(u64 paddr) {
    reservation_ = paddr;
    reservation_valid_ = true;
  }
  bool check_and_clear_reservation(u64 paddr) {
    const bool ok = reservation_valid_ && reservation_ == paddr;
    reservation_valid_ = false;
    return ok;
  }
  void clear_reservation() { reservation_valid_ = false; }
  // Whether other harts run between this hart's slices (set by the machine).
  void set_shares_memory(bool shares) { shares_memory_ = shares; }

  // System instructions
  u64 do_mret(u64 pc, const DecodedInsn& d);
  u64 do_sret(u64 pc, const DecodedInsn& d);
  u64 do_wfi(u64 pc, const DecodedInsn& d);
  u64 do_sfence_vma(u64 pc, const DecodedInsn& d);
  u64 do_fence_i(u64 pc, const DecodedInsn& d);
  u64 do_ecall(u64 pc);

  // Observed mode: records a CSR write for the retire event.
  void note_csr_write(u16 number, u64 value);
  // The decoded page the loop is fetching from (decode stubs need its physical address).
  DecodedPage* fetch_page() const { return fetch_page_; }
  DecodedInsn& straddle_scratch() { return straddle_insn_; }

 private:
  // Threaded dispatch (hart_run.cpp); with kObserve every retired instruction is reported;
  // with kJit (never observed) jump targets that grew hot run as translated blocks.
  template <bool kObserve, bool kJit = false>
  u64 run_threaded(u64 max_insns);
  // One instruction at a time through function pointers: breakpoints and single-step.
  u64 run_observed(u64 max_insns);
  bool take_pending_interrupt();
  u64 enter_trap(u64 pc, bool interrupt, u64 cause, u64 tval);
  void update_translation();
  bool csr_access(u16 number, u64& value, bool write, u64 new_value, bool checked);
  bool counter_allowed(u16 number) const;
  const DecodedInsn& fetch(u64 pc);
  void fill_retire_event(const DecodedInsn& d, u64 pc, u64 next_pc, Priv priv_before);
  // The same with the row's shape given (constant in the threaded loop) and instret told.
  void fill_retire_event(const EventShape& shape, const DecodedInsn& d, u64 pc, u64 next_pc,
                         Priv priv_before, u64 retired);
  // Reports an xRET to an observer that only asked for traps and xRETs.
  void report_xret(const DecodedInsn& d, u64 pc, u64 next_pc, Priv priv_before);

  unsigned id_;
  Bus& bus_;
  DecodeCache& code_;
  const TimeSource* time_;
  Mmu mmu_;
  u64 pc_ = 0;
  Priv priv_ = Priv::kMachine;

  // Run-loop bookkeeping.
  u64 executed_ = 0;     // instructions started (retired or trapped) before this slice
  u64 not_retired_ = 0;  // of those, the ones that trapped
  // The slice: instructions left. The threaded loop counts in a register and hands the
  // count over before any body that can read executed(), trap or end the slice, so it is
  // exact whenever anything but the loop can look.
  i64 budget_ = 0;
  i64 slice_start_ = 0;  // the budget the slice started with (adjusted by end_batch)
  bool batch_ended_ = false;
  u64 stall_cycles_ = 0;
  u64 instret_offset_ = 0, cycle_offset_ = 0;  // from guest writes to minstret/mcycle
  bool wfi_ = false;
  bool stop_requested_ = false;
  bool trapped_ = false;  // the current instruction trapped
  bool stuck_ = false;
  TrapRecord stuck_trap_, previous_trap_, last_trap_;
  HartStop last_stop_ = HartStop::kBudget;
  // The page the loops fetch from without a lookup: its virtual address, or kNoFetchPage.
  // The loops compare the pc's page (pc & ~0xfff) with it, and the marker is not page-aligned,
  // so no pc matches it: the last page, 0xfffffffffffff000, is fetched like any other.
  static constexpr u64 kNoFetchPage = ~0ull;
  static bool on_fetch_page(u64 pc, u64 vpage) { return (pc & ~0xfffull) == vpage; }
  u64 fetch_vpage_ = kNoFetchPage;
  DecodedPage* fetch_page_ = nullptr;
  // Recent fetch pages, so a jump to another code page costs a lookup instead of a page walk
  // and PMP checks. One set per privilege, each remembering the satp it was filled under: a
  // syscall's U->S->U round trip (and an SBI call's S->M->S) switches sets instead of
  // emptying them.
  struct FetchTlbEntry {
    u64 vpage = kNoFetchPage;
    DecodedPage* page = nullptr;
  };
  static constexpr unsigned kFetchTlbEntries = 64;
  struct FetchTlbSet {
    std::array<FetchTlbEntry, kFetchTlbEntries> entries{};
    u64 filled_under_satp = 0;
    bool filled = false;
    void flush() {
      if (!filled) return;
      for (auto& e : entries) e.vpage = kNoFetchPage;
      filled = false;
    }
  };
  std::array<FetchTlbSet, 3> fetch_sets_{};  // by privilege: U, S, M
  FetchTlbSet* fetch_tlb_ = &fetch_sets_[2];
  Priv fetch_priv_ = Priv::kMachine;  // the fetch context the current set serves
  u64 fetch_satp_ = 0;
  // The fetch context changed in the middle of a slice: the run loops drop the fetch page
  // they keep in locals (the slice itself goes on).
  bool fetch_changed_ = false;
  bool shares_memory_ = false;
  // The offsets of budget_, batch_ended_ and fetch_changed_, for translated blocks.
  JitHartLayout jit_layout() const {
    const auto at = [this](const void* field) {
      return static_cast<i32>(static_cast<const char*>(field) -
                              reinterpret_cast<const char*>(this));
    };
    return {at(&budget_), at(&batch_ended_), at(&fetch_changed_)};
  }
  void invalidate_fetch() {
    fetch_vpage_ = kNoFetchPage;
    fetch_changed_ = true;
    for (auto& set : fetch_sets_) set.flush();
  }
  DecodedInsn fetch_fault_insn_{};
  DecodedInsn straddle_insn_{};

  // Pending fault from a memory access.
  Exception fault_cause_ = Exception::kLoadAccess;
  u64 fault_tval_ = 0;

  // Observation.
  HartObserver* observer_ = nullptr;
  bool observe_all_ = false;
  std::array<RetireHandler, kNumTimingClasses> retire_handlers_{};  // see set_observer
  CycleSource* cycle_source_ = nullptr;
  bool (*breakpoint_check_)(void*, unsigned, u64) = nullptr;
  void* breakpoint_ctx_ = nullptr;
  RetireEvent event_{};

  // LR/SC.
  u64 reservation_ = 0;
  bool reservation_valid_ = false;

  // CSRs.
  u64 mstatus_ = mstatus::kXlen64;
  u64 misa_;
  u64 medeleg_ = 0, mideleg_ = 0, mie_ = 0, mip_ = 0, ext_lines_ = 0;
  u64 mtvec_ = 0, stvec_ = 0, mscratch_ = 0, sscratch_ = 0;
  u64 mepc_ = 0, sepc_ = 0, mcause_ = 0, scause_ = 0, mtval_ = 0, stval_ = 0;
  u64 satp_ = 0, mcounteren_ = 0, scounteren_ = 0, menvcfg_ = 0, senvcfg_ = 0;
  u64 mcountinhibit_ = 0;
  u8 fflags_ = 0, frm_ = 0;
};

}  // namespace rvscope
