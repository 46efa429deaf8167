// strace's formatting rules as pure functions: quoting, flag sets, errno, signals, structs.
#include "sim/trace/strace_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>

namespace rvscope::trace {
namespace {

constexpr std::array<const char*, 32> kSignalNames = {
    nullptr, "HUP",  "INT",  "QUIT", "ILL",    "TRAP",   "ABRT",  "BUS",  "FPE",  "KILL", "USR1",
    "SEGV",  "USR2", "PIPE", "ALRM", "TERM",   "STKFLT", "CHLD",  "CONT", "STOP", "TSTP", "TTIN",
    "TTOU",  "URG",  "XCPU", "XFSZ", "VTALRM", "PROF",   "WINCH", "IO",   "PWR",  "SYS"};
constexpr u64 kSigRtMin = 32;

// A signal's name without the SIG prefix, as sigsets print it.
std::string short_signal_name(u64 signal) {
  if (signal > 0 && signal < kSignalNames.size()) return kSignalNames[signal];
  if (signal == kSigRtMin) return "RTMIN";
  if (signal > kSigRtMin && signal <= 64) return fmt::format("RT_{}", signal - kSigRtMin);
  return fmt::format("{}", signal);
}

// In strace's order (O_CLOEXEC before O_DIRECTORY, O_TMPFILE before O_DIRECTORY, whose bit
// it contains).
constexpr FlagName kOpenFlags[] = {
    {0x40, "O_CREAT"},       {0x80, "O_EXCL"},         {0x100, "O_NOCTTY"},
    {0x200, "O_TRUNC"},      {0x400, "O_APPEND"},      {0x800, "O_NONBLOCK"},
    {0x101000, "O_SYNC"},    {0x1000, "O_DSYNC"},      {0x2000, "O_ASYNC"},
    {0x4000, "O_DIRECT"},    {0x8000, "O_LARGEFILE"},  {0x20000, "O_NOFOLLOW"},
    {0x40000, "O_NOATIME"},  {0x80000, "O_CLOEXEC"},   {0x200000, "O_PATH"},
    {0x410000, "O_TMPFILE"}, {0x10000, "O_DIRECTORY"},
};

constexpr FlagName kAtFlags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"},   {0x400, "AT_SYMLINK_FOLLOW"},
    {0x800, "AT_NO_AUTOMOUNT"},     {0x1000, "AT_EMPTY_PATH"}, {0x8000, "AT_RECURSIVE"},
};

constexpr FlagName kProtFlags[] = {
    {0x1, "PROT_READ"},
    {0x2, "PROT_WRITE"},
    {0x4, "PROT_EXEC"},
    {0x8, "PROT_SEM"},
    {0x01000000, "PROT_GROWSDOWN"},
    {0x02000000, "PROT_GROWSUP"},
};

constexpr FlagName kMapType[] = {
    {0x1, "MAP_SHARED"}, {0x2, "MAP_PRIVATE"}, {0x3, "MAP_SHARED_VALIDATE"}};
constexpr FlagName kMapFlags[] = {
    {0x10, "MAP_FIXED"},
    {0x20, "MAP_ANONYMOUS"},
    {0x100, "MAP_GROWSDOWN"},
    {0x800, "MAP_DENYWRITE"},
    {0x1000, "MAP_EXECUTABLE"},
    {0x2000, "MAP_LOCKED"},
    {0x4000, "MAP_NORESERVE"},
    {0x8000, "MAP_POPULATE"},
    {0x10000, "MAP_NONBLOCK"},
    {0x20000, "MAP_STACK"},
    {0x40000, "MAP_HUGETLB"},
    {0x80000, "MAP_SYNC"},
    {0x100000, "MAP_FIXED_NOREPLACE"},
    {0x4000000, "MAP_UNINITIALIZED"},
};

// CLONE_DETACHED is named although strace prints it as 0x400000 for clone3: it is what a
// reader needs to see when the kernel rejects it.
constexpr FlagName kCloneFlags[] = {
    {0x80, "CLONE_NEWTIME"},
    {0x100, "CLONE_VM"},
    {0x200, "CLONE_FS"},
    {0x400, "CLONE_FILES"},
    {0x800, "CLONE_SIGHAND"},
    {0x1000, "CLONE_PIDFD"},
    {0x2000, "CLONE_PTRACE"},
    {0x4000, "CLONE_VFORK"},
    {0x8000, "CLONE_PARENT"},
    {0x10000, "CLONE_THREAD"},
    {0x20000, "CLONE_NEWNS"},
    {0x40000, "CLONE_SYSVSEM"},
    {0x80000, "CLONE_SETTLS"},
    {0x100000, "CLONE_PARENT_SETTID"},
    {0x200000, "CLONE_CHILD_CLEARTID"},
    {0x400000, "CLONE_DETACHED"},
    {0x800000, "CLONE_UNTRACED"},
    {0x1000000, "CLONE_CHILD_SETTID"},
    {0x2000000, "CLONE_NEWCGROUP"},
    {0x4000000, "CLONE_NEWUTS"},
    {0x8000000, "CLONE_NEWIPC"},
    {0x10000000, "CLONE_NEWUSER"},
    {0x20000000, "CLONE_NEWPID"},
    {0x40000000, "CLONE_NEWNET"},
    {0x80000000, "CLONE_IO"},
    {0x100000000, "CLONE_CLEAR_SIGHAND"},
    {0x200000000, "CLONE_INTO_CGROUP"},
};

constexpr FlagName kFutexCmds[] = {
    {0, "FUTEX_WAIT"},
    {1, "FUTEX_WAKE"},
    {2, "FUTEX_FD"},
    {3, "FUTEX_REQUEUE"},
    {4, "FUTEX_CMP_REQUEUE"},
    {5, "FUTEX_WAKE_OP"},
    {6, "FUTEX_LOCK_PI"},
    {7, "FUTEX_UNLOCK_PI"},
    {8, "FUTEX_TRYLOCK_PI"},
    {9, "FUTEX_WAIT_BITSET"},
    {10, "FUTEX_WAKE_BITSET"},
    {11, "FUTEX_WAIT_REQUEUE_PI"},
    {12, "FUTEX_CMP_REQUEUE_PI"},
    {13, "FUTEX_LOCK_PI2"},
};

constexpr FlagName kWaitOptions[] = {
    {0x1, "WNOHANG"},       {0x2, "WUNTRACED"},       {0x4, "WEXITED"},
    {0x8, "WCONTINUED"},    {0x1000000, "WNOWAIT"},   {0x20000000, "__WNOTHREAD"},
    {0x40000000, "__WALL"}, {0x80000000, "__WCLONE"},
};

constexpr FlagName kClocks[] = {
    {0, "CLOCK_REALTIME"},          {1, "CLOCK_MONOTONIC"},     {2, "CLOCK_PROCESS_CPUTIME_ID"},
    {3, "CLOCK_THREAD_CPUTIME_ID"}, {4, "CLOCK_MONOTONIC_RAW"}, {5, "CLOCK_REALTIME_COARSE"},
    {6, "CLOCK_MONOTONIC_COARSE"},  {7, "CLOCK_BOOTTIME"},      {8, "CLOCK_REALTIME_ALARM"},
    {9, "CLOCK_BOOTTIME_ALARM"},    {11, "CLOCK_TAI"},
};

constexpr FlagName kSigprocmaskHow[] = {{0, "SIG_BLOCK"}, {1, "SIG_UNBLOCK"}, {2, "SIG_SETMASK"}};

constexpr FlagName kSaFlags[] = {
    {0x04000000, "SA_RESTORER"}, {0x08000000, "SA_ONSTACK"},   {0x10000000, "SA_RESTART"},
    {0x40000000, "SA_NODEFER"},  {0x80000000, "SA_RESETHAND"}, {0x4, "SA_SIGINFO"},
    {0x1, "SA_NOCLDSTOP"},       {0x2, "SA_NOCLDWAIT"},
};

constexpr FlagName kRlimits[] = {
    {0, "RLIMIT_CPU"},       {1, "RLIMIT_FSIZE"}, {2, "RLIMIT_DATA"},    {3, "RLIMIT_STACK"},
    {4, "RLIMIT_CORE"},      {5, "RLIMIT_RSS"},   {6, "RLIMIT_NPROC"},   {7, "RLIMIT_NOFILE"},
    {8, "RLIMIT_MEMLOCK"},   {9, "RLIMIT_AS"},    {10, "RLIMIT_LOCKS"},  {11, "RLIMIT_SIGPENDING"},
    {12, "RLIMIT_MSGQUEUE"}, {13, "RLIMIT_NICE"}, {14, "RLIMIT_RTPRIO"}, {15, "RLIMIT_RTTIME"},
};

constexpr FlagName kMadvise[] = {
    {0, "MADV_NORMAL"},           {1, "MADV_RANDOM"},         {2, "MADV_SEQUENTIAL"},
    {3, "MADV_WILLNEED"},         {4, "MADV_DONTNEED"},       {8, "MADV_FREE"},
    {9, "MADV_REMOVE"},           {10, "MADV_DONTFORK"},      {11, "MADV_DOFORK"},
    {12, "MADV_MERGEABLE"},       {13, "MADV_UNMERGEABLE"},   {14, "MADV_HUGEPAGE"},
    {15, "MADV_NOHUGEPAGE"},      {16, "MADV_DONTDUMP"},      {17, "MADV_DODUMP"},
    {18, "MADV_WIPEONFORK"},      {19, "MADV_KEEPONFORK"},    {20, "MADV_COLD"},
    {21, "MADV_PAGEOUT"},         {22, "MADV_POPULATE_READ"}, {23, "MADV_POPULATE_WRITE"},
    {24, "MADV_DONTNEED_LOCKED"}, {100, "MADV_HWPOISON"},
};

constexpr FlagName kWhence[] = {
    {0, "SEEK_SET"}, {1, "SEEK_CUR"}, {2, "SEEK_END"}, {3, "SEEK_DATA"}, {4, "SEEK_HOLE"}};

constexpr FlagName kFcntlCmds[] = {
    {0, "F_DUPFD"},
    {1, "F_GETFD"},
    {2, "F_SETFD"},
    {3, "F_GETFL"},
    {4, "F_SETFL"},
    {5, "F_GETLK"},
    {6, "F_SETLK"},
    {7, "F_SETLKW"},
    {8, "F_SETOWN"},
    {9, "F_GETOWN"},
    {10, "F_SETSIG"},
    {11, "F_GETSIG"},
    {1030, "F_DUPFD_CLOEXEC"},
    {1031, "F_SETPIPE_SZ"},
    {1032, "F_GETPIPE_SZ"},
    {1033, "F_ADD_SEALS"},
    {1034, "F_GET_SEALS"},
};

constexpr FlagName kIoctls[] = {
    {0x5401, "TCGETS"},    {0x5402, "TCSETS"},    {0x5403, "TCSETSW"},    {0x5404, "TCSETSF"},
    {0x540f, "TIOCGPGRP"}, {0x5410, "TIOCSPGRP"}, {0x5413, "TIOCGWINSZ"}, {0x5414, "TIOCSWINSZ"},
    {0x541b, "FIONREAD"},  {0x5421, "FIONBIO"},   {0x5450, "FIONCLEX"},   {0x5451, "FIOCLEX"},
};

constexpr FlagName kGrndFlags[] = {
    {0x1, "GRND_NONBLOCK"}, {0x2, "GRND_RANDOM"}, {0x4, "GRND_INSECURE"}};

constexpr FlagName kFileTypes[] = {
    {0140000, "S_IFSOCK"}, {0120000, "S_IFLNK"}, {0100000, "S_IFREG"}, {0060000, "S_IFBLK"},
    {0040000, "S_IFDIR"},  {0020000, "S_IFCHR"}, {0010000, "S_IFIFO"},
};

constexpr FlagName kAccessModes[] = {{4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"}};

constexpr FlagName kFaccessatFlags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_EACCESS"}, {0x1000, "AT_EMPTY_PATH"}};

constexpr FlagName kStatxSync[] = {{0x2000, "AT_STATX_FORCE_SYNC"}, {0x4000, "AT_STATX_DONT_SYNC"}};

constexpr FlagName kStatxMask[] = {
    {0x7ff, "STATX_BASIC_STATS"}, {0x1, "STATX_TYPE"},      {0x2, "STATX_MODE"},
    {0x4, "STATX_NLINK"},         {0x8, "STATX_UID"},       {0x10, "STATX_GID"},
    {0x20, "STATX_ATIME"},        {0x40, "STATX_MTIME"},    {0x80, "STATX_CTIME"},
    {0x100, "STATX_INO"},         {0x200, "STATX_SIZE"},    {0x400, "STATX_BLOCKS"},
    {0x800, "STATX_BTIME"},       {0x1000, "STATX_MNT_ID"}, {0x2000, "STATX_DIOALIGN"},
};

constexpr FlagName kPollEvents[] = {
    {0x1, "POLLIN"},       {0x2, "POLLPRI"},      {0x4, "POLLOUT"},     {0x8, "POLLERR"},
    {0x10, "POLLHUP"},     {0x20, "POLLNVAL"},    {0x40, "POLLRDNORM"}, {0x80, "POLLRDBAND"},
    {0x100, "POLLWRNORM"}, {0x200, "POLLWRBAND"}, {0x400, "POLLMSG"},   {0x2000, "POLLRDHUP"},
};

constexpr FlagName kItimers[] = {{0, "ITIMER_REAL"}, {1, "ITIMER_VIRTUAL"}, {2, "ITIMER_PROF"}};

constexpr FlagName kSsFlags[] = {
    {1, "SS_ONSTACK"}, {2, "SS_DISABLE"}, {0x80000000, "SS_AUTODISARM"}};

constexpr FlagName kSiCodes[] = {
    {0, "SI_USER"},
    {0x80, "SI_KERNEL"},
    {static_cast<u64>(-1), "SI_QUEUE"},
    {static_cast<u64>(-2), "SI_TIMER"},
    {static_cast<u64>(-3), "SI_MESGQ"},
    {static_cast<u64>(-4), "SI_ASYNCIO"},
    {static_cast<u64>(-5), "SI_SIGIO"},
    {static_cast<u64>(-6), "SI_TKILL"},
};
constexpr FlagName kSegvCodes[] = {{1, "SEGV_MAPERR"}, {2, "SEGV_ACCERR"}};
constexpr FlagName kBusCodes[] = {{1, "BUS_ADRALN"}, {2, "BUS_ADRERR"}, {3, "BUS_OBJERR"}};
constexpr FlagName kIllCodes[] = {{1, "ILL_ILLOPC"}, {2, "ILL_ILLOPN"}, {3, "ILL_ILLADR"},
                                  {4, "ILL_ILLTRP"}, {5, "ILL_PRVOPC"}, {6, "ILL_PRVREG"},
                                  {7, "ILL_COPROC"}, {8, "ILL_BADSTK"}};
constexpr FlagName kFpeCodes[] = {{1, "FPE_INTDIV"}, {2, "FPE_INTOVF"}, {3, "FPE_FLTDIV"},
                                  {4, "FPE_FLTOVF"}, {5, "FPE_FLTUND"}, {6, "FPE_FLTRES"},
                                  {7, "FPE_FLTINV"}, {8, "FPE_FLTSUB"}};
constexpr FlagName kTrapCodes[] = {{1, "TRAP_BRKPT"}, {2, "TRAP_TRACE"}};
constexpr FlagName kChldCodes[] = {{1, "CLD_EXITED"},  {2, "CLD_KILLED"},  {3, "CLD_DUMPED"},
                                   {4, "CLD_TRAPPED"}, {5, "CLD_STOPPED"}, {6, "CLD_CONTINUED"}};

void append_flag(std::string& out, std::string_view name) {
  if (!out.empty()) out += '|';
  out += name;
}

}  // namespace

std::string quote_string(std::string_view bytes, bool more, bool force_hex) {
  std::string out = "\"";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (force_hex) {
      out += fmt::format("\\x{:02x}", c);
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\v':
        out += "\\v";
        continue;
      default:
        break;
    }
    if (c >= ' ' && c < 0x7f) {
      out += static_cast<char>(c);
      continue;
    }
    // Octal as short as possible, unless an octal digit follows and would join it.
    out += '\\';
    const bool digit_follows = i + 1 < bytes.size() && bytes[i + 1] >= '0' && bytes[i + 1] <= '7';
    if (digit_follows) {
      out += static_cast<char>('0' + (c >> 6));
      out += static_cast<char>('0' + ((c >> 3) & 7));
    } else if ((c >> 3) != 0) {
      if ((c >> 6) != 0) out += static_cast<char>('0' + (c >> 6));
      out += static_cast<char>('0' + ((c >> 3) & 7));
    }
    out += static_cast<char>('0' + (c & 7));
  }
  out += '"';
  if (more) out += "...";
  return out;
}

std::string format_flags(u64 value, std::span<const FlagName> names, const char* zero) {
  if (value == 0) return zero;
  std::string out;
  u64 rest = value;
  for (const auto& flag : names) {
    if (flag.value != 0 && (rest & flag.value) == flag.value) {
      append_flag(out, flag.name);
      rest &= ~flag.value;
    }
  }
  if (rest != 0) append_flag(out, format_hex(rest));
  return out;
}

std::optional<std::string> lookup_value(u64 value, std::span<const FlagName> names) {
  for (const auto& entry : names) {
    if (entry.value == value) return std::string(entry.name);
  }
  return std::nullopt;
}

std::string format_enum(u64 value, std::span<const FlagName> names, bool hex_fallback) {
  if (auto name = lookup_value(value, names)) return *name;
  if (hex_fallback) return format_hex(value);
  return fmt::format("{}", static_cast<i64>(value));
}

std::string format_ptr(u64 address) {
  return address == 0 ? "NULL" : fmt::format("{:#x}", address);
}

std::string format_hex(u64 value) { return value == 0 ? "0" : fmt::format("{:#x}", value); }

std::string format_signal(u64 signal) {
  if (signal > 0 && signal <= 64) return "SIG" + short_signal_name(signal);
  return fmt::format("{}", static_cast<i64>(signal));
}

std::string format_sigset(u64 mask, std::size_t bytes) {
  const std::size_t nsig = std::min<std::size_t>(bytes * 8, 64);
  if (nsig < 64) mask &= (u64{1} << nsig) - 1;
  std::string out;
  if (static_cast<std::size_t>(std::popcount(mask)) * 2 > nsig) {
    out += '~';
    mask = ~mask;
    if (nsig < 64) mask &= (u64{1} << nsig) - 1;
  }
  out += '[';
  bool first = true;
  for (std::size_t bitno = 0; bitno < nsig; ++bitno) {
    if ((mask >> bitno) & 1) {
      if (!first) out += ' ';
      out += short_signal_name(bitno + 1);
      first = false;
    }
  }
  out += ']';
  return out;
}

std::string format_open_flags(u64 flags) {
  static constexpr const char* kAccess[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
  std::string out = kAccess[flags & 3];
  const u64 rest = flags & ~u64{3};
  if (rest != 0) out += "|" + format_flags(rest, kOpenFlags);
  return out;
}

std::string format_mode(u64 mode) { return mode == 0 ? "000" : fmt::format("0{:o}", mode); }

std::string format_file_mode(u64 mode) {
  std::string out;
  if (auto type = lookup_value(mode & 0170000, kFileTypes)) {
    out = *type;
  } else if ((mode & 0170000) != 0) {
    out = fmt::format("{:#o}", mode & 0170000);
  }
  static constexpr FlagName kSpecial[] = {
      {04000, "S_ISUID"}, {02000, "S_ISGID"}, {01000, "S_ISVTX"}};
  for (const auto& bit : kSpecial) {
    if (mode & bit.value) append_flag(out, bit.name);
  }
  append_flag(out, format_mode(mode & 0777));
  return out;
}

std::string format_dirfd(u64 fd) {
  if (static_cast<i32>(fd) == -100) return "AT_FDCWD";
  return fmt::format("{}", static_cast<i32>(fd));
}

std::string format_at_flags(u64 flags) { return format_flags(flags, kAtFlags); }
std::string format_mmap_prot(u64 prot) { return format_flags(prot, kProtFlags, "PROT_NONE"); }

std::string format_mmap_flags(u64 flags) {
  std::string out = format_enum(flags & 0xf, kMapType, true);
  const u64 rest = flags & ~u64{0xf};
  if (rest != 0) out += "|" + format_flags(rest, kMapFlags);
  return out;
}

std::string format_clone_flags(u64 flags, bool with_exit_signal) {
  if (!with_exit_signal) return format_flags(flags, kCloneFlags);
  const u64 signal = flags & 0xff;
  std::string out = format_flags(flags & ~u64{0xff}, kCloneFlags, "");
  if (signal != 0) append_flag(out, format_signal(signal));
  return out.empty() ? "0" : out;
}

std::string format_futex_op(u64 op) {
  constexpr u64 kPrivate = 128, kClockRealtime = 256;
  std::string out = format_enum(op & ~(kPrivate | kClockRealtime), kFutexCmds, true);
  if (op & kPrivate) out += "_PRIVATE";
  if (op & kClockRealtime) out += "|FUTEX_CLOCK_REALTIME";
  return out;
}

std::string format_wait_options(u64 options) { return format_flags(options, kWaitOptions); }

std::string format_wait_status(u32 status) {
  const u32 low = status & 0x7f;
  if (status == 0xffff) return "[{WIFCONTINUED(s)}]";
  if ((status & 0xff) == 0x7f) {
    return fmt::format("[{{WIFSTOPPED(s) && WSTOPSIG(s) == {}}}]",
                       format_signal((status >> 8) & 0xff));
  }
  if (low == 0) {
    return fmt::format("[{{WIFEXITED(s) && WEXITSTATUS(s) == {}}}]", (status >> 8) & 0xff);
  }
  return fmt::format("[{{WIFSIGNALED(s) && WTERMSIG(s) == {}{}}}]", format_signal(low),
                     (status & 0x80) ? " && WCOREDUMP(s)" : "");
}

std::string format_timespec(i64 sec, i64 nsec) {
  return fmt::format("{{tv_sec={}, tv_nsec={}}}", sec, nsec);
}

std::string format_clock_id(u64 clock) { return format_enum(clock, kClocks); }
std::string format_sigprocmask_how(u64 how) { return format_enum(how, kSigprocmaskHow, true); }
std::string format_sa_flags(u64 flags) { return format_flags(flags, kSaFlags); }

std::string format_sa_handler(u64 handler) {
  if (handler == 0) return "SIG_DFL";
  if (handler == 1) return "SIG_IGN";
  if (handler == ~u64{0}) return "SIG_ERR";
  return format_hex(handler);
}

std::string format_rlimit_resource(u64 resource) { return format_enum(resource, kRlimits); }

std::string format_rlimit_value(u64 value) {
  if (value == ~u64{0}) return "RLIM64_INFINITY";
  if (value > 1024 && value % 1024 == 0) return fmt::format("{}*1024", value / 1024);
  return fmt::format("{}", value);
}

std::string format_madvise(u64 advice) { return format_enum(advice, kMadvise, true); }

std::string format_mremap_flags(u64 flags) {
  constexpr FlagName kMremapFlags[] = {
      {1, "MREMAP_MAYMOVE"}, {2, "MREMAP_FIXED"}, {4, "MREMAP_DONTUNMAP"}};
  std::string out = format_flags(flags, kMremapFlags);
  // strace marks flags of which no bit has a name.
  if (flags != 0 && out == format_hex(flags)) out += " /* MREMAP_??? */";
  return out;
}
std::string format_whence(u64 whence) { return format_enum(whence, kWhence, true); }
std::string format_fcntl_cmd(u64 cmd) { return format_enum(cmd, kFcntlCmds, true); }
std::string format_ioctl_request(u64 request) { return format_enum(request, kIoctls, true); }
std::string format_getrandom_flags(u64 flags) { return format_flags(flags, kGrndFlags); }

std::string format_access_mode(u64 mode) { return format_flags(mode, kAccessModes, "F_OK"); }

std::string format_faccessat_flags(u64 flags) { return format_flags(flags, kFaccessatFlags); }

std::string format_statx_flags(u64 flags) {
  // The sync type lives in two bits whose zero value has a name.
  std::string out = format_flags(flags & 0x6000, kStatxSync, "AT_STATX_SYNC_AS_STAT");
  const u64 rest = flags & ~u64{0x6000};
  if (rest != 0) out += "|" + format_at_flags(rest);
  return out;
}

std::string format_statx_mask(u64 mask) { return format_flags(mask, kStatxMask); }
std::string format_poll_events(u64 events) { return format_flags(events, kPollEvents); }

std::string format_itimer_which(u64 which) { return format_enum(which, kItimers); }
std::string format_ss_flags(u64 flags) { return format_flags(flags, kSsFlags); }

std::string format_siginfo(u64 signo, i32 code, u64 field0, u64 field1) {
  constexpr u64 kSigill = 4, kSigtrap = 5, kSigbus = 7, kSigfpe = 8, kSigsegv = 11, kSigchld = 17;
  const u64 c = static_cast<u64>(static_cast<i64>(code));
  std::string out = "{si_signo=" + format_signal(signo) + ", si_code=";
  // Codes <= 0 and SI_KERNEL say who sent it; positive ones are the signal's own reasons.
  const bool generic = code <= 0 || code == 0x80;
  auto with = [&](std::span<const FlagName> names) {
    auto name = lookup_value(c, generic ? std::span<const FlagName>(kSiCodes) : names);
    out += name ? *name : fmt::format("{}", code);
    return !generic;  // a kernel-generated code with the signal's own fields
  };

  const i32 pid = static_cast<i32>(field0);
  const u32 uid = static_cast<u32>(field0 >> 32);
  switch (signo) {
    case kSigsegv:
    case kSigbus:
    case kSigill:
    case kSigfpe:
    case kSigtrap: {
      const auto& names = signo == kSigsegv  ? std::span<const FlagName>(kSegvCodes)
                          : signo == kSigbus ? std::span<const FlagName>(kBusCodes)
                          : signo == kSigill ? std::span<const FlagName>(kIllCodes)
                          : signo == kSigfpe ? std::span<const FlagName>(kFpeCodes)
                                             : std::span<const FlagName>(kTrapCodes);
      if (with(names)) return out + ", si_addr=" + format_ptr(field0) + "}";
      break;
    }
    case kSigchld:
      if (with(kChldCodes)) {
        const i32 status = static_cast<i32>(field1);
        const std::string shown = code == 1 ? fmt::format("{}", status) : format_signal(status);
        return out + fmt::format(", si_pid={}, si_uid={}, si_status={}, si_utime=0, si_stime=0}}",
                                 pid, uid, shown);
      }
      break;
    default:
      with({});
      break;
  }
  if (code == 0 || code == -1 || code == -6) {  // SI_USER, SI_QUEUE, SI_TKILL: the sender
    return out + fmt::format(", si_pid={}, si_uid={}}}", pid, uid);
  }
  return out + "}";
}

std::string format_makedev(u64 dev) {
  const u64 major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~u64{0xfff});
  const u64 minor = (dev & 0xff) | ((dev >> 12) & ~u64{0xff});
  return fmt::format("makedev({}, {})", format_hex(major), format_hex(minor));
}

}  // namespace rvscope::trace
