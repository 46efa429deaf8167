// Trigger parsing for the fast-forward phase and the syscall number table it relies on.
#include "sim/timing/fast_forward.hpp"

#include <charconv>
#include <utility>

#include "sim/common/error.hpp"

namespace rvscope::timing {

namespace {
// From include/uapi/asm-generic/unistd.h, which riscv64 uses unchanged.
constexpr std::pair<u64, std::string_view> kSyscalls[] = {
    {17, "getcwd"},
    {23, "dup"},
    {24, "dup3"},
    {25, "fcntl"},
    {29, "ioctl"},
    {34, "mkdirat"},
    {35, "unlinkat"},
    {48, "faccessat"},
    {49, "chdir"},
    {56, "openat"},
    {57, "close"},
    {59, "pipe2"},
    {61, "getdents64"},
    {62, "lseek"},
    {63, "read"},
    {64, "write"},
    {65, "readv"},
    {66, "writev"},
    {73, "ppoll"},
    {78, "readlinkat"},
    {79, "newfstatat"},
    {80, "fstat"},
    {93, "exit"},
    {94, "exit_group"},
    {96, "set_tid_address"},
    {98, "futex"},
    {99, "set_robust_list"},
    {101, "nanosleep"},
    {113, "clock_gettime"},
    {124, "sched_yield"},
    {129, "kill"},
    {130, "tkill"},
    {131, "tgkill"},
    {134, "rt_sigaction"},
    {135, "rt_sigprocmask"},
    {139, "rt_sigreturn"},
    {153, "times"},
    {160, "uname"},
    {172, "getpid"},
    {173, "getppid"},
    {174, "getuid"},
    {175, "geteuid"},
    {176, "getgid"},
    {177, "getegid"},
    {178, "gettid"},
    {179, "sysinfo"},
    {214, "brk"},
    {215, "munmap"},
    {220, "clone"},
    {221, "execve"},
    {222, "mmap"},
    {226, "mprotect"},
    {233, "madvise"},
    {260, "wait4"},
    {261, "prlimit64"},
    {278, "getrandom"},
    {291, "statx"},
    {435, "clone3"},
};

bool parse_u64(std::string_view text, u64& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}
}  // namespace

std::optional<u64> syscall_number(std::string_view name) {
  for (const auto& [nr, n] : kSyscalls) {
    if (n == name) return nr;
  }
  return std::nullopt;
}

std::string_view syscall_name(u64 number) {
  for (const auto& [nr, n] : kSyscalls) {
    if (nr == number) return n;
  }
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
