// Dynamic backward slicing over a recorded stretch of one hart's retired instructions.
#include "sim/trace/backward_slice.hpp"

namespace rvscope::trace {
namespace {

constexpr u8 kRa = 1, kT0 = 5;

bool is_link(u8 reg) { return reg == kRa || reg == kT0; }
bool is_integer(u8 reg) { return reg != kNoReg && reg < kFpRegBase; }

u64 low_bytes(u64 value, u8 size) { return size >= 8 ? value : value & ((1ull << (8 * size)) - 1); }

const MemAccess* load_of(const SliceStep& s) {
  for (u8 i = 0; i < s.num_mem; ++i) {
    if (!s.mem[i].is_store) return &s.mem[i];
  }
  return nullptr;
}

const MemAccess* store_of(const SliceStep& s) {
  for (u8 i = 0; i < s.num_mem; ++i) {
    if (s.mem[i].is_store) return &s.mem[i];
  }
  return nullptr;
}

// Where the chain is: a register before steps[at], or bytes of memory before steps[at].
struct Cursor {
  std::size_t at = 0;
  bool in_memory = false;
  u8 reg = 0;
  u64 paddr = 0;
  u8 size = 0;
};

// The branch that let a value made ahead of its checks go on (see deciding_branch).
std::optional<std::size_t> branch_after(std::span<const SliceStep> steps, std::size_t index) {
  const int depth = steps[index].depth;
  std::optional<std::size_t> last;
  for (std::size_t k = index + 1; k < steps.size(); ++k) {
    const SliceStep& s = steps[k];
    if (s.depth < depth) break;                  // the activation returned
    if (s.depth > depth || s.is_trap) continue;  // a callee, or a trap taken here
    if (s.is_branch) {
      last = k;
      if (s.taken) break;
      continue;
    }
    const bool call = s.timing_class == TimingClass::kJump && s.rd_written && is_link(s.rd);
    if ((s.timing_class == TimingClass::kJump && !call) || s.timing_class == TimingClass::kXret) {
      break;  // j, ret, sret: the paths joined
    }
  }
  return last;
}

}  // namespace

void CallDepth::on_retire(const RetireEvent& e) {
  if (e.timing_class == TimingClass::kXret) {
    while (!frames_.empty()) {
      const bool trap = frames_.back().trap;
      frames_.pop_back();
      if (trap) break;
    }
    return;
  }
  if (e.timing_class != TimingClass::kJump) return;
  if (e.rd_written && is_link(e.rd)) {
    frames_.push_back({e.rd_value, false});
    return;
  }
  // A return lands on a frame of the current handler; below a trap only its xRET goes.
  for (std::size_t i = frames_.size(); i > 0 && !frames_[i - 1].trap; --i) {
    if (frames_[i - 1].return_pc == e.next_pc) {
      frames_.resize(i - 1);
      return;
    }
  }
}

bool makes_constant(const SliceStep& s) {
  if (!s.rd_written || s.num_mem != 0 || s.timing_class == TimingClass::kCsr) return false;
  if (s.timing_class == TimingClass::kJump) return false;
  const bool no1 = s.rs1 == kNoReg || s.rs1 == 0;
  const bool no2 = s.rs2 == kNoReg || s.rs2 == 0;
  return no1 && no2 && s.timing_class == TimingClass::kAlu;
}

ValueOrigin trace_value(std::span<const SliceStep> steps, std::size_t use, u8 reg) {
  ValueOrigin origin;
  Cursor cur{std::min(use, steps.size()), false, reg, 0, 0};
  if (reg == 0 || !is_integer(reg)) {
    origin.kind = ValueOrigin::Kind::kAtStart;
    origin.reg = reg;
    return origin;
  }
  while (true) {
    std::size_t k = cur.at;
    bool found = false;
    while (k > 0) {
      --k;
      const SliceStep& s = steps[k];
      if (s.is_trap) continue;
      if (!cur.in_memory) {
        if (s.rd_written && s.rd == cur.reg) {
          found = true;
          break;
        }
      } else if (const MemAccess* st = store_of(s)) {
        if (st->paddr < cur.paddr + cur.size && cur.paddr < st->paddr + st->size) {
          found = true;
          break;
        }
      }
    }
    if (!found) {
      if (cur.in_memory) {
        origin.kind = ValueOrigin::Kind::kLoaded;  // the oldest route entry is that load
        origin.made = origin.route.front();
        origin.route.erase(origin.route.begin());
      } else {
        origin.kind = ValueOrigin::Kind::kAtStart;
        origin.reg = cur.reg;
      }
      break;
    }
    const SliceStep& s = steps[k];
    if (cur.in_memory) {
      const MemAccess& st = *store_of(s);
      const bool covers = st.paddr == cur.paddr && st.size >= cur.size;
      if (!covers) {
        origin.kind = ValueOrigin::Kind::kAssembled;
        origin.made = k;
        break;
      }
      origin.route.insert(origin.route.begin(), k);
      if (is_integer(s.rs2) && s.rs2 != 0 &&
          low_bytes(st.value, cur.size) == low_bytes(s.rs2_value, cur.size)) {
        cur = {k, false, s.rs2, 0, 0};
        continue;
      }
      origin.kind = ValueOrigin::Kind::kMade;  // an AMO's result or a stored zero register
      origin.made = k;
      origin.route.erase(origin.route.begin());
      break;
    }
    if (const MemAccess* ld = load_of(s); ld != nullptr && s.timing_class != TimingClass::kAmo) {
      origin.route.insert(origin.route.begin(), k);
      cur = {k, true, 0, ld->paddr, ld->size};
      continue;
    }
    // A register copy: the result equals its one real source.
    const bool alu = s.timing_class == TimingClass::kAlu;
    const bool one_from_rs1 = is_integer(s.rs1) && s.rs1 != 0 && (s.rs2 == kNoReg || s.rs2 == 0);
    const bool one_from_rs2 = is_integer(s.rs2) && s.rs2 != 0 && (s.rs1 == kNoReg || s.rs1 == 0);
    if (alu && one_from_rs1 && s.rd_value == s.rs1_value) {
      origin.route.insert(origin.route.begin(), k);
      cur = {k, false, s.rs1, 0, 0};
      continue;
    }
    if (alu && one_from_rs2 && s.rd_value == s.rs2_value) {
      origin.route.insert(origin.route.begin(), k);
      cur = {k, false, s.rs2, 0, 0};
      continue;
    }
    origin.kind = ValueOrigin::Kind::kMade;
    origin.made = k;
    break;
  }
  return origin;
}

std::optional<std::size_t> deciding_branch(std::span<const SliceStep> steps, std::size_t index) {
  if (index >= steps.size()) return std::nullopt;
  if (auto after = branch_after(steps, index)) return after;
  int depth = steps[index].depth;
  for (std::size_t k = index; k > 0;) {
    --k;
    const SliceStep& s = steps[k];
    if (s.depth > depth) continue;         // inside a callee that had returned before
    if (s.depth < depth) depth = s.depth;  // the call (or trap) that entered our activation
    if (s.is_branch && !s.is_trap) return k;
  }
  return std::nullopt;
}

}  // namespace rvscope::trace
