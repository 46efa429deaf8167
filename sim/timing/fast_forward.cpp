// Trigger parsing for the fast-forward phase; syscall names come from the shared table.
#include "sim/timing/fast_forward.hpp"

#include <charconv>

#include "sim/common/error.hpp"
#include "sim/common/syscall_table.hpp"

namespace rvscope::timing {

namespace {
bool parse_u64(std::string_view text, u64& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}
}  // namespace

std::optional<u64> syscall_number(std::string_view name) {
  if (const SyscallInfo* info = find_syscall(name)) return info->number;
  return std::nullopt;
}

std::string_view syscall_name(u64 number) {
  if (const SyscallInfo* info = find_syscall(number)) return info->name;
  return {};
}

TimingTrigger parse_timing_trigger(const std::string& spec) {
  const auto colon = spec.find(':');
  if (colon == std::string::npos || colon + 1 == spec.size()) {
    fail("--timing-from '{}': expected insn:N, syscall:NAME or symbol:NAME", spec);
  }
  const std::string_view kind = std::string_view(spec).substr(0, colon);
  const std::string_view arg = std::string_view(spec).substr(colon + 1);
  TimingTrigger t;
  if (kind == "insn") {
    t.kind = TimingTrigger::Kind::kInsn;
    if (!parse_u64(arg, t.insn)) fail("--timing-from '{}': '{}' is not a count", spec, arg);
  } else if (kind == "syscall") {
    t.kind = TimingTrigger::Kind::kSyscall;
    if (const auto nr = syscall_number(arg)) {
      t.syscall = *nr;
    } else if (!parse_u64(arg, t.syscall)) {
      fail("--timing-from '{}': unknown syscall '{}' (give its number instead)", spec, arg);
    }
  } else if (kind == "symbol") {
    t.kind = TimingTrigger::Kind::kSymbol;
    t.symbol = std::string(arg);
  } else {
    fail("--timing-from '{}': unknown trigger kind '{}' (insn, syscall, symbol)", spec, kind);
  }
  return t;
}

}  // namespace rvscope::timing
