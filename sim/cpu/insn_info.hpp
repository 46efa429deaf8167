// What the instruction table says about each instruction: ids, operand formats, extensions.
#pragma once

#include <array>
#include <string_view>

#include "sim/common/events.hpp"
#include "sim/common/types.hpp"

namespace rvscope {

// Operand layout; it decides how the decoder extracts fields and how the disassembler
// prints them (which registers are integer, which floating point).
enum class Format : u8 {
  kR,
  kI,
  kShift,
  kShiftW,
  kLoad,
  kStore,
  kB,
  kU,
  kJ,
  kJalr,
  kFence,
  kNone,
  kCsr,
  kCsrI,
  kSfence,
  kLr,
  kAmo,
  kFLoad,
  kFStore,
  kFR,
  kFRNoRm,
  kFR4,
  kF1,
  kFCmp,
  kFToX,
  kFToXNoRm,
  kXToF,
  kXToFNoRm,
};

enum class Extension : u8 { kI, kM, kA, kF, kD, kZicsr, kZifencei, kPriv };

enum class InsnId : u16 {
#define INSN(id, mnemonic, match, mask, format, ext, tclass) id,
#include "sim/cpu/insn_table.def"
#undef INSN
  kIllegal,
  // Pseudo-instructions of the decode cache: a slot not decoded yet, a 4-byte instruction
  // straddling two pages, a fetch that faulted, and the sentinel past a page's last slot
  // (the run loop steps into it from the last instruction of a page and fetches afresh).
  kDecodeStub,
  kStraddle,
  kFetchFault,
  kPageEnd,
  kCount,
};

struct InsnInfo {
  std::string_view mnemonic;
  u32 match;
  u32 mask;
  Format format;
  Extension extension;
  TimingClass timing_class;
};

inline constexpr std::array<InsnInfo, static_cast<size_t>(InsnId::kCount)> kInsnInfo = {{
#define INSN(id, mnemonic, match, mask, format, ext, tclass) \
  {mnemonic, match, mask, Format::format, Extension::ext, TimingClass::tclass},
#include "sim/cpu/insn_table.def"
#undef INSN
    {"illegal", 0, 0, Format::kNone, Extension::kI, TimingClass::kSystem},
    {"(decode)", 0, 0, Format::kNone, Extension::kI, TimingClass::kSystem},
    {"(straddle)", 0, 0, Format::kNone, Extension::kI, TimingClass::kSystem},
    {"(fetch fault)", 0, 0, Format::kNone, Extension::kI, TimingClass::kSystem},
    {"(page end)", 0, 0, Format::kNone, Extension::kI, TimingClass::kSystem},
}};

inline const InsnInfo& insn_info(InsnId id) { return kInsnInfo[static_cast<size_t>(id)]; }

}  // namespace rvscope
