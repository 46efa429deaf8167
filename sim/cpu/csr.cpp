// The CSR file: read/write masks, privilege and counter-enable checks, WARL legalisation.
#include "sim/cpu/csr_numbers.hpp"
#include "sim/cpu/hart.hpp"
#include "sim/devices/device.hpp"

namespace rvscope {

namespace {
constexpr u64 kMedelegWritable = 0xb3ff;  // every exception but ecall from M (and reserved)
constexpr u64 kMidelegWritable = irq::kSLevel;
constexpr u64 kMipWritable = irq::kSsip | irq::kStip | irq::kSeip;
constexpr u64 kSatpModeBare = 0, kSatpModeSv39 = 8;

u64 legal_tvec(u64 value) { return (value & 3) >= 2 ? (value & ~3ull) : value; }
}  // namespace

// clang-format off
const char* csr::name(u16 number) {
  switch (number) {
    case kFflags: return "fflags"; case kFrm: return "frm"; case kFcsr: return "fcsr";
    case kCycle: return "cycle"; case kTime: return "time"; case kInstret: return "instret";
    case kSstatus: return "sstatus"; case kSie: return "sie"; case kStvec: return "stvec";
    case kScounteren: return "scounteren"; case kSenvcfg: return "senvcfg";
    case kSscratch: return "sscratch"; case kSepc: return "sepc"; case kScause: return "scause";
    case kStval: return "stval"; case kSip: return "sip"; case kSatp: return "satp";
    case kMvendorid: return "mvendorid"; case kMarchid: return "marchid";
    case kMimpid: return "mimpid"; case kMhartid: return "mhartid";
    case kMconfigptr: return "mconfigptr"; case kMstatus: return "mstatus";
    case kMisa: return "misa"; case kMedeleg: return "medeleg"; case kMideleg: return "mideleg";
    case kMie: return "mie"; case kMtvec: return "mtvec"; case kMcounteren: return "mcounteren";
    case kMenvcfg: return "menvcfg"; case kMcountinhibit: return "mcountinhibit";
    case kMscratch: return "mscratch"; case kMepc: return "mepc"; case kMcause: return "mcause";
    case kMtval: return "mtval"; case kMip: return "mip"; case kMcycle: return "mcycle";
    case kMinstret: return "minstret";
    default: break;
  }
  if (number >= kPmpcfg0 && number <= kPmpcfg15) {
    static const char* const kNames[] = {"pmpcfg0", "pmpcfg1", "pmpcfg2", "pmpcfg3"};
    return number - kPmpcfg0 < 4 ? kNames[number - kPmpcfg0] : nullptr;
  }
  if (number >= kPmpaddr0 && number <= kPmpaddr15) {
    static const char* const kNames[] = {
        "pmpaddr0", "pmpaddr1", "pmpaddr2",  "pmpaddr3",  "pmpaddr4",  "pmpaddr5",
        "pmpaddr6", "pmpaddr7", "pmpaddr8",  "pmpaddr9",  "pmpaddr10", "pmpaddr11",
        "pmpaddr12", "pmpaddr13", "pmpaddr14", "pmpaddr15"};
    return kNames[number - kPmpaddr0];
  }
  return nullptr;
}
// clang-format on

bool Hart::counter_allowed(u16 number) const {
  const unsigned bit_index = number & 0x1f;
  if (priv_ == Priv::kMachine) return true;
  if (!((mcounteren_ >> bit_index) & 1)) return false;
  if (priv_ == Priv::kUser && !((scounteren_ >> bit_index) & 1)) return false;
  return true;
}

bool Hart::csr_read(u16 number, u64& value) { return csr_access(number, value, false, 0, true); }

bool Hart::csr_write(u16 number, u64 value) {
  u64 ignored = 0;
  return csr_access(number, ignored, true, value, true);
}

bool Hart::debug_csr_read(u16 number, u64& value) {
  return csr_access(number, value, false, 0, false);
}

bool Hart::debug_csr_write(u16 number, u64 value) {
  u64 ignored = 0;
  return csr_access(number, ignored, true, value, false);
}

// One switch serves reads and writes so that masks live in a single place. `checked`
// applies the architectural privilege rules (instructions); debuggers pass false.
// clang-format off: the CSR table reads best one CSR per line.
bool Hart::csr_access(u16 number, u64& value, bool write, u64 v, bool checked) {
  const unsigned required = (number >> 8) & 3;
  if (checked && static_cast<unsigned>(priv_) < required) return false;
  if (checked && write && (number >> 10) == 3) return false;  // read-only space
  const bool fs_on = fp_enabled();
  auto sstatus_view = [&] {
    u64 s = mstatus_ & mstatus::kSVisible;
    return s;
  };
  switch (number) {
    // ---- floating point ----
    case csr::kFflags:
      if (checked && !fs_on) return false;
      if (write) {
        fflags_ = v & 0x1f;
        mark_fp_dirty();
      }
      value = fflags_;
      break;
    case csr::kFrm:
      if (checked && !fs_on) return false;
      if (write) {
        frm_ = v & 7;
        mark_fp_dirty();
      }
      value = frm_;
      break;
    case csr::kFcsr:
      if (checked && !fs_on) return false;
      if (write) {
        fflags_ = v & 0x1f;
        frm_ = (v >> 5) & 7;
        mark_fp_dirty();
      }
      value = (static_cast<u64>(frm_) << 5) | fflags_;
      break;

    // ---- counters ----
    case csr::kCycle:
      if (checked && !counter_allowed(number)) return false;
      value = cycles();
      break;
    case csr::kTime:
      if (checked && !counter_allowed(number)) return false;
      value = time_ != nullptr ? time_->mtime() : cycles();
      break;
    case csr::kInstret:
      if (checked && !counter_allowed(number)) return false;
      value = instret();
      break;
    case csr::kMcycle:
      if (write) cycle_offset_ = v - (cycles() - cycle_offset_);
      value = cycles();
      break;
    case csr::kMinstret:
      // The write happens before this instruction retires, which then adds one.
      if (write) instret_offset_ = v - (executed() - not_retired_) - 1;
      value = instret();
      break;

    // ---- supervisor ----
    case csr::kSstatus:
      if (write) {
        const u64 before = mstatus_;
        mstatus_ = (mstatus_ & ~mstatus::kSWritable) | (v & mstatus::kSWritable);
        if ((mstatus_ & mstatus::kFs) == mstatus::kFs)
          mstatus_ |= mstatus::kSd;
        else
          mstatus_ &= ~mstatus::kSd;
        status_written(before);
      }
      value = sstatus_view();
      break;
    case csr::kSie:
      if (write) {
        mie_ = (mie_ & ~mideleg_) | (v & mideleg_ & irq::kAll);
        end_batch_if_interrupt_pending();
      }
      value = mie_ & mideleg_;
      break;
    case csr::kSip:
      if (write) {
        mip_ = (mip_ & ~(mideleg_ & irq::kSsip)) | (v & mideleg_ & irq::kSsip);
        end_batch_if_interrupt_pending();
      }
      value = mip() & mideleg_;
      break;
    case csr::kStvec:
      if (write) stvec_ = legal_tvec(v);
      value = stvec_;
      break;
    case csr::kScounteren:
      if (write) scounteren_ = v & 0xffffffff;
      value = scounteren_;
      break;
    case csr::kSenvcfg:
      if (write) senvcfg_ = v & 1;
      value = senvcfg_;
      break;
    case csr::kSscratch:
      if (write) sscratch_ = v;
      value = sscratch_;
      break;
    case csr::kSepc:
      if (write) sepc_ = v & ~1ull;
      value = sepc_;
      break;
    case csr::kScause:
      if (write) scause_ = v;
      value = scause_;
      break;
    case csr::kStval:
      if (write) stval_ = v;
      value = stval_;
      break;
    case csr::kSatp:
      if (checked && priv_ == Priv::kSupervisor && (mstatus_ & mstatus::kTvm)) return false;
      if (write) {
        const u64 mode = v >> 60;
        if (mode == kSatpModeBare || mode == kSatpModeSv39) {
          satp_ = v & ((0xfull << 60) | (0xffffull << 44) | ((1ull << 44) - 1));
          update_translation();
        }
      }
      value = satp_;
      break;

    // ---- machine information ----
    case csr::kMvendorid:
    case csr::kMarchid:
    case csr::kMimpid:
    case csr::kMconfigptr:
      value = 0;
      break;
    case csr::kMhartid:
      value = id_;
      break;

    // ---- machine trap setup and handling ----
    case csr::kMstatus:
      if (write) {
        const u64 before = mstatus_;
        u64 s = (mstatus_ & ~mstatus::kMWritable) | (v & mstatus::kMWritable);
        if (((s >> mstatus::kMppShift) & 3) == 2) s &= ~mstatus::kMpp;  // reserved MPP -> U
        if ((s & mstatus::kFs) == mstatus::kFs)
          s |= mstatus::kSd;
        else
          s &= ~mstatus::kSd;
        mstatus_ = s | mstatus::kXlen64;
        status_written(before);
      }
      value = mstatus_;
      break;
    case csr::kMisa:
      value = misa_;
      break;  // writes ignored: the ISA is fixed
    case csr::kMedeleg:
      if (write) medeleg_ = v & kMedelegWritable;
      value = medeleg_;
      break;
    case csr::kMideleg:
      if (write) {
        mideleg_ = v & kMidelegWritable;
        end_batch_if_interrupt_pending();
      }
      value = mideleg_;
      break;
    case csr::kMie:
      if (write) {
        mie_ = v & irq::kAll;
        end_batch_if_interrupt_pending();
      }
      value = mie_;
      break;
    case csr::kMip:
      if (write) {
        mip_ = (mip_ & ~kMipWritable) | (v & kMipWritable);
        end_batch_if_interrupt_pending();
      }
      value = mip();
      break;
    case csr::kMtvec:
      if (write) mtvec_ = legal_tvec(v);
      value = mtvec_;
      break;
    case csr::kMcounteren:
      if (write) mcounteren_ = v & 0xffffffff;
      value = mcounteren_;
      break;
    case csr::kMenvcfg:
      if (write) menvcfg_ = v & 1;
      value = menvcfg_;
      break;
    case csr::kMcountinhibit:
      if (write) mcountinhibit_ = v & ~2ull & 0xfffffffd;
      value = mcountinhibit_;
      break;
    case csr::kMscratch:
      if (write) mscratch_ = v;
      value = mscratch_;
      break;
    case csr::kMepc:
      if (write) mepc_ = v & ~1ull;
      value = mepc_;
      break;
    case csr::kMcause:
      if (write) mcause_ = v;
      value = mcause_;
      break;
    case csr::kMtval:
      if (write) mtval_ = v;
      value = mtval_;
      break;

    default:
      if (number >= csr::kHpmCounter3 && number <= csr::kHpmCounter31) {
        if (checked && !counter_allowed(number)) return false;
        value = 0;
        break;
      }
      if ((number >= csr::kMhpmcounter3 && number <= csr::kMhpmcounter31) ||
          (number >= csr::kMhpmevent3 && number <= csr::kMhpmevent31)) {
        value = 0;  // implemented as hard-wired zero, as the spec allows
        break;
      }
      if (number >= csr::kPmpcfg0 && number <= csr::kPmpcfg0 + 3) {
        const unsigned index = number - csr::kPmpcfg0;
        if (index & 1) return false;  // pmpcfg1/3 do not exist on RV64
        if (write) {
          mmu_.pmp().write_cfg(index, v);
          mmu_.flush();
          invalidate_fetch();
          end_batch();
        }
        value = mmu_.pmp().read_cfg(index);
        break;
      }
      if (number >= csr::kPmpaddr0 && number <= csr::kPmpaddr15) {
        const unsigned index = number - csr::kPmpaddr0;
        if (write) {
          mmu_.pmp().write_addr(index, v);
          mmu_.flush();
          invalidate_fetch();
          end_batch();
        }
        value = mmu_.pmp().read_addr(index);
        break;
      }
      return false;
  }
  if (write) note_csr_write(number, value);
  return true;
}
// clang-format on

}  // namespace rvscope
