// Hart: the run loop (plain and observed variants), fetch through the decode cache, traps,
// interrupts and the xRET/WFI/fence instructions.
#include "sim/cpu/hart.hpp"

#include "sim/cpu/retire_event.inl"
#include "sim/devices/device.hpp"

namespace rvscope {
namespace {

u64 exec_fetch_fault(Hart& h, const DecodedInsn&, u64 pc) { return h.take_fault(pc); }

void call_on_retire(HartObserver& observer, const RetireEvent& event) { observer.on_retire(event); }

}  // namespace

Hart::Hart(unsigned id, Bus& bus, DecodeCache& code, const TimeSource* time)
    : id_(id), bus_(bus), code_(code), time_(time), mmu_(bus, &code) {
  // RV64 (MXL=2) with A, C, D, F, I, M, S, U.
  misa_ = (2ull << 62) | (1u << 0) | (1u << 2) | (1u << 3) | (1u << 5) | (1u << 8) | (1u << 12) |
          (1u << 18) | (1u << 20);
  code_.register_mmu(&mmu_);
  event_.hart = id;
  fetch_fault_insn_.exec = exec_fetch_fault;
  fetch_fault_insn_.id = InsnId::kFetchFault;
  update_translation();
}

void Hart::reset(u64 pc) {
  pc_ = pc;
  priv_ = Priv::kMachine;
  wfi_ = false;
  update_translation();
}

void Hart::set_priv(Priv p) {
  priv_ = p;
  update_translation();
}

void Hart::update_translation() {
  TranslationContext ctx;
  ctx.satp = satp_;
  ctx.fetch_priv = priv_;
  ctx.data_priv = priv_;
  if (priv_ == Priv::kMachine && (mstatus_ & mstatus::kMprv)) {
    ctx.data_priv = static_cast<Priv>((mstatus_ >> mstatus::kMppShift) & 3);
  }
  ctx.sum = mstatus_ & mstatus::kSum;
  ctx.mxr = mstatus_ & mstatus::kMxr;
  const SoftTlbEntry* const data_tlb = mmu_.load_tlb();
  mmu_.set_context(ctx);
  // A translated block holds the data TLB it entered with: a switch of sets (a SUM toggle
  // inside the block) must end it like a change of fetch context does.
  if (mmu_.load_tlb() != data_tlb) fetch_changed_ = true;
  FetchTlbSet& set = fetch_sets_[priv_ == Priv::kUser ? 0 : priv_ == Priv::kSupervisor ? 1 : 2];
  if (set.filled_under_satp != satp_) {
    set.flush();
    set.filled_under_satp = satp_;
  }
  if (&set != fetch_tlb_ || fetch_priv_ != priv_ || fetch_satp_ != satp_) {
    // Fetch permissions and mappings differ: the next fetch looks the page up again.
    fetch_tlb_ = &set;
    fetch_priv_ = priv_;
    fetch_satp_ = satp_;
    fetch_vpage_ = kNoFetchPage;
    fetch_changed_ = true;
  }
  end_batch_if_interrupt_pending();  // a privilege or status change
}

void Hart::set_observer(HartObserver* observer, bool every_instruction) {
  const bool all = observer != nullptr && every_instruction;
  observer_ = observer;
  for (std::size_t c = 0; c < kNumTimingClasses; ++c) {
    const RetireHandler own =
        observer != nullptr ? observer->retire_handler(static_cast<TimingClass>(c)) : nullptr;
    retire_handlers_[c] = own != nullptr ? own : call_on_retire;
  }
  if (all != observe_all_) {
    observe_all_ = all;
    end_batch();  // the threaded loop chose its variant by this at the start of the slice
    mmu_.set_recording(all);  // memory accesses are reported from the TLB paths too
    if (all) mmu_.record_into(event_.mem.data(), &event_.num_mem, event_.mem.size());
  }
}

void Hart::set_breakpoint_checker(bool (*check)(void*, unsigned, u64), void* ctx) {
  breakpoint_check_ = check;
  breakpoint_ctx_ = ctx;
}

void Hart::set_interrupt_line(unsigned mip_bit, bool level) {
  const u64 mask = 1ull << mip_bit;
  ext_lines_ = level ? (ext_lines_ | mask) : (ext_lines_ & ~mask);
}

const DecodedInsn& Hart::fetch(u64 pc) {
  FetchTlbEntry& cached = fetch_tlb_->entries[(pc >> 12) % kFetchTlbEntries];
  if (on_fetch_page(pc, cached.vpage)) {
    fetch_page_ = cached.page;
    fetch_vpage_ = cached.vpage;
    return cached.page->insns[(pc >> 1) & 2047];
  }
  u64 paddr = 0;
  const MemFault fault = mmu_.translate(pc, AccessType::kFetch, 2, paddr);
  if (fault != MemFault::kNone) {
    set_fault(fault, AccessType::kFetch, pc);
    return fetch_fault_insn_;
  }
  DecodedPage* page = code_.page(paddr);
  if (page == nullptr) {
    set_fault(MemFault::kAccess, AccessType::kFetch, pc);
    return fetch_fault_insn_;
  }
  fetch_page_ = page;
  // Cache the page only when PMP treats all of it alike; otherwise translate every time.
  const bool uniform =
      mmu_.pmp().page_allowed_uniformly(paddr & ~0xfffull, AccessType::kFetch, priv_);
  fetch_vpage_ = uniform ? (pc & ~0xfffull) : kNoFetchPage;
  if (uniform) {
    cached = {fetch_vpage_, page};
    fetch_tlb_->filled = true;
  }
  return page->insns[(pc >> 1) & 2047];
}

u64 Hart::run(u64 max_insns) {
  // Other harts ran since this hart's last slice and their stores do not check our
  // reservation, so it cannot be trusted any more: an LR/SC pair split across slices fails
  // once and is retried (the spec allows an SC to fail at any time). A lone hart keeps it:
  // where its slices end must not change what the guest sees.
  if (shares_memory_) clear_reservation();
  if (wfi_) {
    if ((mip() & mie_) == 0) {
      last_stop_ = HartStop::kWfi;
      return 0;
    }
    wfi_ = false;
  }
  take_pending_interrupt();
  last_stop_ = HartStop::kBudget;
  const u64 done = breakpoint_check_ != nullptr ? run_observed(max_insns)
                   : observe_all_               ? run_threaded<true>(max_insns)
                   : code_.jit_on()             ? run_threaded<false, true>(max_insns)
                                                : run_threaded<false>(max_insns);
  if (stuck_) {
    last_stop_ = HartStop::kStuck;
  } else if (stop_requested_) {
    last_stop_ = HartStop::kRequested;
  } else if (wfi_) {
    last_stop_ = HartStop::kWfi;
  } else if (last_stop_ != HartStop::kBreakpoint) {
    last_stop_ = HartStop::kBudget;
  }
  return done;
}

void Hart::step() {
  if (wfi_ && (mip() & mie_) != 0) wfi_ = false;
  if (wfi_) return;
  if (take_pending_interrupt()) return;
  auto* saved_check = breakpoint_check_;
  breakpoint_check_ = nullptr;  // stepping off a breakpoint must not stop on it again
  run_observed(1);
  breakpoint_check_ = saved_check;
}

// Counts executed_ itself: the slice bookkeeping of the fast loop (budget_, slice_start_)
// stays zero here, and end_batch() leaves it so.
u64 Hart::run_observed(u64 max_insns) {
  u64 done = 0;
  batch_ended_ = false;
  last_stop_ = HartStop::kBudget;
  u64 pc = pc_;
  while (done < max_insns && !batch_ended_) {
    const DecodedInsn* d;
    if (on_fetch_page(pc, fetch_vpage_)) {
      d = &fetch_page_->insns[(pc >> 1) & 2047];
    } else {
      d = &fetch(pc);
    }
    if (breakpoint_check_ != nullptr && breakpoint_check_(breakpoint_ctx_, id_, pc)) {
      last_stop_ = HartStop::kBreakpoint;
      break;
    }
    pc_ = pc;
    trapped_ = false;
    mmu_.begin_record();
    event_.num_csr_writes = 0;
    const Priv priv_before = priv_;
    const u64 next = d->exec(*this, *d, pc);
    ++executed_;
    ++done;
    if (!trapped_ && observe_all_) {
      // Read the slot after executing: a decode stub has just filled it in.
      fill_retire_event(*d, pc, next, priv_before);
      observer_->on_retire(event_);
    }
    pc = next;
  }
  pc_ = pc;
  return done;
}

void Hart::fill_retire_event(const DecodedInsn& d, u64 pc, u64 next_pc, Priv priv_before) {
  // A straddling instruction executes from the scratch slot; report what it really was.
  const DecodedInsn& insn = d.id == InsnId::kStraddle ? straddle_insn_ : d;
  fill_retire_event(kEventShapes[static_cast<size_t>(insn.id)], insn, pc, next_pc, priv_before,
                    instret());
}

void Hart::note_csr_write(u16 number, u64 value) {
  if (!observe_all_ || event_.num_csr_writes >= event_.csr_writes.size()) return;
  event_.csr_writes[event_.num_csr_writes++] = {number, value};
}

bool Hart::take_pending_interrupt() {
  const u64 pending = mip() & mie_;
  if (pending == 0) return false;
  const bool m_enabled = priv_ != Priv::kMachine || (mstatus_ & mstatus::kMie);
  const bool s_enabled =
      priv_ == Priv::kUser || (priv_ == Priv::kSupervisor && (mstatus_ & mstatus::kSie));
  const u64 m_pending = pending & ~mideleg_;
  const u64 s_pending = pending & mideleg_;
  u64 candidates = 0;
  if (m_enabled && m_pending) {
    candidates = m_pending;
  } else if (s_enabled && s_pending && priv_ != Priv::kMachine) {
    candidates = s_pending;
  }
  if (candidates == 0) return false;
  // Priority: MEI, MSI, MTI, SEI, SSI, STI.
  static constexpr unsigned kOrder[] = {11, 3, 7, 9, 1, 5};
  for (unsigned cause : kOrder) {
    if (candidates & (1ull << cause)) {
      pc_ = enter_trap(pc_, true, cause, 0);
      trapped_ = false;
      return true;
    }
  }
  return false;
}

u64 Hart::enter_trap(u64 pc, bool interrupt, u64 cause, u64 tval) {
  const Priv from = priv_;
  const u64 deleg = interrupt ? mideleg_ : medeleg_;
  const bool to_s = priv_ != Priv::kMachine && ((deleg >> cause) & 1);
  u64 vector;
  const u64 cause_value = cause | (interrupt ? (1ull << 63) : 0);
  if (to_s) {
    scause_ = cause_value;
    sepc_ = pc;
    stval_ = tval;
    u64 s = mstatus_ & ~(mstatus::kSpie | mstatus::kSie | mstatus::kSpp);
    if (mstatus_ & mstatus::kSie) s |= mstatus::kSpie;
    if (priv_ == Priv::kSupervisor) s |= mstatus::kSpp;
    mstatus_ = s;
    priv_ = Priv::kSupervisor;
    vector = stvec_;
  } else {
    mcause_ = cause_value;
    mepc_ = pc;
    mtval_ = tval;
    u64 s = mstatus_ & ~(mstatus::kMpie | mstatus::kMie | mstatus::kMpp);
    if (mstatus_ & mstatus::kMie) s |= mstatus::kMpie;
    s |= static_cast<u64>(priv_) << mstatus::kMppShift;
    mstatus_ = s;
    priv_ = Priv::kMachine;
    vector = mtvec_;
  }
  update_translation();
  u64 target = vector & ~3ull;
  if (interrupt && (vector & 1)) target += 4 * cause;
  if (!interrupt) {
    trapped_ = true;
    ++not_retired_;
  }
  wfi_ = false;
  // Observers choose what they watch between slices (a trace window opens at a syscall's
  // trap): with one attached, a trap ends the slice. Where other harts run between slices,
  // the slice ends decide the interleaving, which must not depend on observing: a trap ends
  // the slice there too. A lone hart with nobody watching runs on.
  if (observer_ != nullptr || shares_memory_) end_batch();
  const TrapRecord record{true, interrupt, cause, pc, tval, target, from};
  if (!interrupt && target == pc) {
    stuck_ = true;
    stuck_trap_ = record;
    previous_trap_ = last_trap_;
    request_stop();
  }
  last_trap_ = record;
  if (observer_ != nullptr) {
    TrapEvent e;
    e.hart = id_;
    e.interrupt = interrupt;
    e.cause = cause;
    e.tval = tval;
    e.epc = pc;
    e.from = from;
    e.to = priv_;
    e.handler_pc = target;
    e.a7 = x[17];
    observer_->on_trap(e);
  }
  return target;
}

void Hart::set_fault(MemFault fault, AccessType type, u64 vaddr) {
  static constexpr Exception kCauses[3][3] = {
      {Exception::kInsnMisaligned, Exception::kInsnAccess, Exception::kInsnPage},
      {Exception::kLoadMisaligned, Exception::kLoadAccess, Exception::kLoadPage},
      {Exception::kStoreMisaligned, Exception::kStoreAccess, Exception::kStorePage},
  };
  const unsigned kind = fault == MemFault::kMisaligned ? 0 : fault == MemFault::kAccess ? 1 : 2;
  fault_cause_ = kCauses[static_cast<unsigned>(type)][kind];
  fault_tval_ = vaddr;
}

u64 Hart::take_fault(u64 pc) {
  return enter_trap(pc, false, static_cast<u64>(fault_cause_), fault_tval_);
}

u64 Hart::raise(u64 pc, Exception cause, u64 tval) {
  return enter_trap(pc, false, static_cast<u64>(cause), tval);
}

u64 Hart::do_ecall(u64 pc) {
  static constexpr Exception kByPriv[4] = {Exception::kEcallU, Exception::kEcallS,
                                           Exception::kEcallS, Exception::kEcallM};
  return raise(pc, kByPriv[static_cast<unsigned>(priv_)], 0);
}

void Hart::report_xret(const DecodedInsn& d, u64 pc, u64 next_pc, Priv priv_before) {
  event_.num_mem = 0;
  event_.num_csr_writes = 0;
  fill_retire_event(d, pc, next_pc, priv_before);
  ++event_.instret;  // the fast loop counts this instruction only after it completes
  observer_->on_retire(event_);
}

u64 Hart::do_mret(u64 pc, const DecodedInsn& d) {
  if (priv_ != Priv::kMachine) return illegal(pc, d);
  const Priv priv_before = priv_;
  const Priv target = static_cast<Priv>((mstatus_ >> mstatus::kMppShift) & 3);
  u64 s = mstatus_ & ~(mstatus::kMie | mstatus::kMpp);
  if (mstatus_ & mstatus::kMpie) s |= mstatus::kMie;
  s |= mstatus::kMpie;
  if (target != Priv::kMachine) s &= ~mstatus::kMprv;
  mstatus_ = s;
  priv_ = target;
  update_translation();
  if (observer_ != nullptr && !observe_all_) report_xret(d, pc, mepc_, priv_before);
  return mepc_;
}

u64 Hart::do_sret(u64 pc, const DecodedInsn& d) {
  if (priv_ == Priv::kUser || (priv_ == Priv::kSupervisor && (mstatus_ & mstatus::kTsr))) {
    return illegal(pc, d);
  }
  const Priv priv_before = priv_;
  const Priv target = (mstatus_ & mstatus::kSpp) ? Priv::kSupervisor : Priv::kUser;
  u64 s = mstatus_ & ~(mstatus::kSie | mstatus::kSpp | mstatus::kMprv);
  if (mstatus_ & mstatus::kSpie) s |= mstatus::kSie;
  s |= mstatus::kSpie;
  mstatus_ = s;
  priv_ = target;
  update_translation();
  if (observer_ != nullptr && !observe_all_) report_xret(d, pc, sepc_, priv_before);
  return sepc_;
}

u64 Hart::do_wfi(u64 pc, const DecodedInsn& d) {
  if (priv_ == Priv::kUser || (priv_ == Priv::kSupervisor && (mstatus_ & mstatus::kTw))) {
    return illegal(pc, d);
  }
  if ((mip() & mie_) == 0) {
    wfi_ = true;
    end_batch();
  }
  return pc + d.length;
}

u64 Hart::do_sfence_vma(u64 pc, const DecodedInsn& d) {
  if (priv_ == Priv::kUser || (priv_ == Priv::kSupervisor && (mstatus_ & mstatus::kTvm))) {
    return illegal(pc, d);
  }
  mmu_.flush();
  invalidate_fetch();
  end_batch();
  return pc + d.length;
}

u64 Hart::do_fence_i(u64 pc, const DecodedInsn& d) {
  // Stores already invalidate decoded RAM pages; this covers code on device pages.
  invalidate_fetch();
  end_batch();
  return pc + d.length;
}

}  // namespace rvscope
