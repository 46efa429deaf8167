// How a hart fills a retire event: each instruction-table row's operand shape, known at compile
// time so that the threaded observed loop fills only what its row has.
#pragma once

#include <array>

#include "sim/cpu/hart.hpp"
#include "sim/cpu/insn_info.hpp"

namespace rvscope {

// Which register file each operand of a format names: 0 none, 1 integer, 2 floating point.
struct OperandKinds {
  u8 rd = 0, rs1 = 0, rs2 = 0, rs3 = 0;
};

constexpr OperandKinds operand_kinds(Format f) {
  switch (f) {
    case Format::kR:
    case Format::kAmo:
      return {1, 1, 1, 0};
    case Format::kI:
    case Format::kShift:
    case Format::kShiftW:
    case Format::kLoad:
    case Format::kJalr:
    case Format::kCsr:
    case Format::kLr:
      return {1, 1, 0, 0};
    case Format::kU:
    case Format::kJ:
    case Format::kCsrI:
      return {1, 0, 0, 0};
    case Format::kStore:
    case Format::kB:
    case Format::kSfence:
      return {0, 1, 1, 0};
    case Format::kFLoad:
    case Format::kXToF:
    case Format::kXToFNoRm:
      return {2, 1, 0, 0};
    case Format::kFStore:
      return {0, 1, 2, 0};
    case Format::kFR:
    case Format::kFRNoRm:
      return {2, 2, 2, 0};
    case Format::kFR4:
      return {2, 2, 2, 2};
    case Format::kF1:
      return {2, 2, 0, 0};
    case Format::kFCmp:
      return {1, 2, 2, 0};
    case Format::kFToX:
    case Format::kFToXNoRm:
      return {1, 2, 0, 0};
    case Format::kFence:
    case Format::kNone:
      return {};
  }
  return {};
}

// What a retire event says about each instruction-table row.
struct EventShape {
  OperandKinds kinds;
  TimingClass timing_class;
  bool is_branch;
};

constexpr std::array<EventShape, static_cast<size_t>(InsnId::kCount)> make_event_shapes() {
  std::array<EventShape, static_cast<size_t>(InsnId::kCount)> shapes{};
  for (size_t i = 0; i < shapes.size(); ++i) {
    const InsnInfo& info = kInsnInfo[i];
    shapes[i] = {operand_kinds(info.format), info.timing_class,
                 info.timing_class == TimingClass::kBranch};
  }
  return shapes;
}
inline constexpr auto kEventShapes = make_event_shapes();

[[gnu::always_inline]] inline u8 event_reg(u8 kind, u8 reg) {
  return kind == 0 ? kNoReg : static_cast<u8>(reg + (kind == 2 ? kFpRegBase : 0));
}

// The memory accesses are already in event_.mem (the MMU records straight into it).
[[gnu::always_inline]] inline void Hart::fill_retire_event(const EventShape& shape,
                                                           const DecodedInsn& d, u64 pc,
                                                           u64 next_pc, Priv priv_before,
                                                           u64 retired) {
  RetireEvent& e = event_;  // e.hart was set once, by the constructor
  e.priv = priv_before;
  e.pc = pc;
  e.bits = d.length == 2 ? d.raw16 : d.bits;
  e.length = d.length;
  e.insn_id = static_cast<u16>(d.id);
  e.timing_class = shape.timing_class;
  e.rs1 = event_reg(shape.kinds.rs1, d.rs1);
  e.rs2 = event_reg(shape.kinds.rs2, d.rs2);
  e.rs3 = event_reg(shape.kinds.rs3, d.rs3);
  if (shape.kinds.rd == 1) {
    const bool written = d.rd != 0 && d.rd != kSinkReg;
    e.rd = written ? d.rd : kNoReg;
    e.rd_written = written;
    e.rd_value = x[d.rd];
  } else if (shape.kinds.rd == 2) {
    e.rd = static_cast<u8>(kFpRegBase + d.rd);
    e.rd_written = true;
    e.rd_value = f[d.rd];
  } else {
    e.rd = kNoReg;
    e.rd_written = false;
    e.rd_value = 0;
  }
  e.is_branch = shape.is_branch;
  e.taken = next_pc != pc + d.length;
  e.next_pc = next_pc;
  e.next_priv = priv_;
  e.instret = retired;
}

}  // namespace rvscope
