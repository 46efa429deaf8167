// The text of a --why explanation: origin, decisions and route of a syscall's return value.
#include "sim/trace/why_report.hpp"

#include <cxxabi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <set>

#include "sim/trace/commit_format.hpp"

namespace rvscope::trace {
namespace {

constexpr u8 kA0 = 10, kA7 = 17;
constexpr int kMaxDecisionDepth = 4;
constexpr const char* kFirstIndent = "  why: ";
constexpr const char* kIndent = "       ";

// A C++ kernel's symbols read as the source names them: "starlet::do_clone3", not
// "_ZN7starlet12_GLOBAL__N_19do_clone3Emm" nor its full signature. C names pass unchanged.
std::string readable_name(const std::string& symbol) {
  if (!symbol.starts_with("_Z")) return symbol;
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> text(
      abi::__cxa_demangle(symbol.c_str(), nullptr, nullptr, &status), std::free);
  if (status != 0 || !text) return symbol;
  std::string name = text.get();
  for (std::size_t at; (at = name.find("(anonymous namespace)::")) != std::string::npos;) {
    name.erase(at, std::string_view("(anonymous namespace)::").size());
  }
  return name.substr(0, name.find('('));
}

// Small values (errno codes, counts, booleans) read best in decimal.
std::string format_value(u64 value) {
  const auto s = static_cast<i64>(value);
  if (s >= -4095 && s <= 4095) return fmt::format("{}", s);
  return fmt::format("{:#x}", value);
}

std::string function_of(u64 pc, const WhyContext& ctx) {
  if (ctx.symbols) {
    if (auto sym = ctx.symbols->find(pc)) return readable_name(sym->name);
  }
  return fmt::format("{:#x}", pc);
}

class Writer {
 public:
  Writer(std::span<const SliceStep> steps, const WhyContext& ctx) : steps_(steps), ctx_(ctx) {}

  void line(std::string text) {
    lines_.push_back((lines_.empty() ? kFirstIndent : kIndent) + std::move(text));
  }

  std::string insn(std::size_t i) const {
    const SliceStep& s = steps_[i];
    std::string text = describe_pc(s.pc, ctx_);
    if (ctx_.disassemble) text += "  " + ctx_.disassemble(s.bits, s.pc);
    return text;
  }

  // "a5=0x400f00, a4=0x40007f": the integer register sources of steps[i].
  std::string sources(std::size_t i) const {
    const SliceStep& s = steps_[i];
    std::string text;
    auto add = [&](u8 reg, u64 value) {
      if (reg == kNoReg || reg == 0 || reg >= kFpRegBase) return;
      if (!text.empty()) text += ", ";
      text += fmt::format("{}={:#x}", reg_abi_name(reg), value);
    };
    add(s.rs1, s.rs1_value);
    if (s.rs2 != s.rs1) add(s.rs2, s.rs2_value);
    return text;
  }

  // "<value> made at ...", by the kind of origin.
  std::string origin_text(const ValueOrigin& o, const std::string& value) const {
    switch (o.kind) {
      case ValueOrigin::Kind::kMade: {
        std::string text = value + " made at " + insn(o.made);
        const std::string src = sources(o.made);
        if (!makes_constant(steps_[o.made]) && !src.empty()) text += "  (" + src + ")";
        return text;
      }
      case ValueOrigin::Kind::kLoaded:
        return fmt::format("{} loaded at {} from {:#x}, not written during the call", value,
                           insn(o.made), steps_[o.made].mem[0].vaddr);
      case ValueOrigin::Kind::kAssembled:
        return value + " assembled in memory, last by " + insn(o.made);
      case ValueOrigin::Kind::kAtStart:
        return fmt::format("{} was in {} when the call entered the kernel", value,
                           reg_abi_name(o.reg));
    }
    return value;
  }

  // The branch that let steps[made] run, its operands' origins, and deeper decisions when
  // an operand is a constant that another branch chose.
  void decisions(std::size_t made, int level) {
    const auto branch = deciding_branch(steps_, made);
    if (!branch || !seen_.insert(*branch).second) return;
    const SliceStep& b = steps_[*branch];
    std::string text = "decided at " + insn(*branch) + (b.taken ? " taken" : " not taken");
    const std::string src = sources(*branch);
    if (!src.empty()) text += ", " + src;
    line(std::move(text));
    const std::pair<u8, u64> operands[] = {{b.rs1, b.rs1_value}, {b.rs2, b.rs2_value}};
    for (int i = 0; i < 2; ++i) {
      const auto [reg, value] = operands[i];
      if (reg == kNoReg || reg == 0 || reg >= kFpRegBase) continue;
      if (i == 1 && reg == b.rs1) continue;  // beq a5, a5: once
      const ValueOrigin o = trace_value(steps_, *branch, reg);
      // A register from before the call matters when it is one of the syscall's arguments
      // (clone3's size); sp, tp and the like are only the kernel's bookkeeping.
      if (o.kind == ValueOrigin::Kind::kAtStart && (o.reg < kA0 || o.reg > kA7)) continue;
      line(origin_text(o, fmt::format("{}={:#x}", reg_abi_name(reg), value)));
      // A constant a callee returned (false, an error code) was chosen by the callee's own
      // branches: follow them. A constant of the branch's own function is just an operand.
      if (o.kind == ValueOrigin::Kind::kMade && makes_constant(steps_[o.made]) &&
          steps_[o.made].depth > b.depth && level + 1 < kMaxDecisionDepth) {
        decisions(o.made, level + 1);
      }
    }
  }

  // True when route[r] and route[r + 1] only preserved the value for a function deeper than
  // the one holding it: a callee saving and restoring the callee-saved register it is in, an
  // interrupt's trap frame. The same register stored and loaded back at the same depth.
  bool preserved(const ValueOrigin& o, std::size_t r, int holder_depth) const {
    if (r + 1 >= o.route.size()) return false;
    const SliceStep& st = steps_[o.route[r]];
    const SliceStep& ld = steps_[o.route[r + 1]];
    const bool store = st.num_mem > 0 && st.mem[0].is_store;
    return store && ld.rd_written && ld.rd == st.rs2 && ld.depth == st.depth &&
           st.depth > holder_depth;
  }

  // The functions the value went through in execution order: its maker's, those of the
  // copies on its route (not those that only preserved it), and each caller it returned
  // into (a value returned in a0 through `if (err) return err;` is copied by no instruction
  // there, but that function returned it).
  void route(const ValueOrigin& o) {
    std::vector<std::string> names;
    auto add = [&](std::size_t i) {
      std::string name = function_of(steps_[i].pc, ctx_);
      if (names.empty() || names.back() != name) names.push_back(std::move(name));
    };
    if (o.kind != ValueOrigin::Kind::kAtStart) {
      add(o.made);
      int outermost = steps_[o.made].depth;
      std::size_t r = 0;  // the next copy on the route
      for (std::size_t i = o.made + 1; i < steps_.size(); ++i) {
        const SliceStep& s = steps_[i];
        if (r < o.route.size() && o.route[r] == i) {
          if (preserved(o, r, outermost)) {
            r += 2;  // the load, deeper than the holder, is not added below either
          } else {
            add(i);
            ++r;
          }
        } else if (!s.is_trap && s.depth < outermost) {
          add(i);  // the first instruction run after returning into a caller
        }
        if (!s.is_trap) outermost = std::min(outermost, s.depth);
      }
    } else {
      for (std::size_t i : o.route) add(i);
    }
    if (!steps_.empty()) add(steps_.size() - 1);  // the sret
    std::string text = "route:";
    for (std::size_t i = 0; i < names.size(); ++i) text += (i ? " -> " : " ") + names[i];
    line(std::move(text));
  }

  std::vector<std::string> take() { return std::move(lines_); }

 private:
  std::span<const SliceStep> steps_;
  const WhyContext& ctx_;
  std::vector<std::string> lines_;
  std::set<std::size_t> seen_;
};

}  // namespace

std::string describe_pc(u64 pc, const WhyContext& ctx) {
  std::string text;
  if (ctx.symbols) {
    if (auto sym = ctx.symbols->find(pc)) {
      text = fmt::format("{}+{:#x}", readable_name(sym->name), pc - sym->address);
    }
  }
  if (text.empty()) text = fmt::format("{:#x}", pc);
  if (ctx.lines) {
    if (auto where = ctx.lines->find(pc)) {
      // The line is the inlined function's: say whose, as the symbol is the caller's.
      if (!where->inlined.empty()) text += fmt::format(" [inlined {}]", where->inlined);
      text += fmt::format(" ({}:{})", where->file, where->line);
    }
  }
  return text;
}

std::vector<std::string> explain_return(std::span<const SliceStep> steps, const WhyContext& ctx) {
  Writer w(steps, ctx);
  const ValueOrigin o = trace_value(steps, steps.size(), kA0);
  // What the maker wrote is the value returned (copies do not change it).
  const bool known = o.kind == ValueOrigin::Kind::kMade || o.kind == ValueOrigin::Kind::kLoaded;
  w.line(w.origin_text(o, known ? format_value(steps[o.made].rd_value) : "the value"));
  if (o.kind != ValueOrigin::Kind::kAtStart) w.decisions(o.made, 0);
  w.route(o);
  return w.take();
}

}  // namespace rvscope::trace
