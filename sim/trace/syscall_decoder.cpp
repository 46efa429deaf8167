// Decodes one syscall's arguments into strace's text, split at entry and at return.
#include "sim/trace/syscall_decoder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "sim/trace/strace_format.hpp"

namespace rvscope::trace {
namespace {

constexpr u64 kNrClone = 220;
constexpr u64 kNrFutex = 98;
constexpr u64 kNrRtSigreturn = 139;
constexpr u64 kSigframeMask = 128 + 40;  // rt_sigframe: siginfo, then uc_sigmask in ucontext
constexpr u64 kNrOpenat = 56;
constexpr u64 kNrMremap = 216;
constexpr u64 kMremapFixed = 2;
constexpr u64 kCloneParentSettid = 0x100000;
constexpr u64 kClonePidfd = 0x1000;
constexpr u64 kCloneSettls = 0x80000;
constexpr u64 kCloneChildSettid = 0x1000000;
constexpr u64 kCloneChildCleartid = 0x200000;
constexpr std::size_t kMaxArrayElements = 32;  // strace's -s also caps array elements
constexpr std::size_t kMaxPath = 4096;

const SyscallInfo kUnknown{0, "", "xxxxxx", 'd'};

const SyscallInfo& info_for(u64 number) {
  const SyscallInfo* info = find_syscall(number);
  return info ? *info : kUnknown;
}

// A buffer of `len` bytes shown as strace does: at most 32 bytes, then "..." if longer.
std::string format_buffer(const GuestMemory& mem, u64 addr, u64 len, bool hex) {
  const std::size_t shown = std::min<u64>(len, kMaxStringLength);
  std::string bytes(shown, '\0');
  if (!mem.read(addr, bytes.data(), shown)) return format_ptr(addr);
  return quote_string(bytes, len > shown, hex);
}

std::string format_string(const GuestMemory& mem, u64 addr, std::size_t max) {
  if (addr == 0) return "NULL";
  bool terminated = false;
  auto text = mem.read_cstring(addr, max, &terminated);
  if (!text) return format_ptr(addr);
  return quote_string(*text, !terminated);
}

template <typename T>
std::optional<T> read(const GuestMemory& mem, u64 addr) {
  return mem.template read_as<T>(addr);
}

std::string format_iovecs(const GuestMemory& mem, u64 addr, u64 count, std::optional<u64> total) {
  if (addr == 0) return "NULL";
  std::string out = "[";
  u64 remaining = total.value_or(~u64{0});
  for (u64 i = 0; i < count; ++i) {
    if (i == kMaxArrayElements) {
      out += ", ...";
      break;
    }
    auto base = read<u64>(mem, addr + 16 * i);
    auto len = read<u64>(mem, addr + 16 * i + 8);
    if (!base || !len) {
      if (i == 0) return format_ptr(addr);
      out += fmt::format(", ... /* {} */", format_ptr(addr + 16 * i));
      break;
    }
    if (i > 0) out += ", ";
    const u64 shown = std::min(*len, remaining);
    remaining -= shown;
    out +=
        fmt::format("{{iov_base={}, iov_len={}}}", format_buffer(mem, *base, shown, false), *len);
  }
  return out + "]";
}

std::string format_string_array(const GuestMemory& mem, u64 addr) {
  if (addr == 0) return "NULL";
  std::string out = "[";
  for (std::size_t i = 0;; ++i) {
    auto ptr = read<u64>(mem, addr + 8 * i);
    if (!ptr) return i == 0 ? format_ptr(addr) : out + ", ...]";
    if (*ptr == 0) break;
    if (i == kMaxArrayElements) return out + ", ...]";
    if (i > 0) out += ", ";
    out += format_string(mem, *ptr, kMaxStringLength);
  }
  return out + "]";
}

std::string format_env_count(const GuestMemory& mem, u64 addr) {
  if (addr == 0) return "NULL";
  std::size_t count = 0;
  for (;; ++count) {
    auto ptr = read<u64>(mem, addr + 8 * count);
    if (!ptr) return format_ptr(addr);
    if (*ptr == 0 || count > 4096) break;
  }
  return fmt::format("{} /* {} vars */", format_ptr(addr), count);
}

std::string format_sigset_at(const GuestMemory& mem, u64 addr) {
  if (addr == 0) return "NULL";
  auto mask = read<u64>(mem, addr);
  return mask ? format_sigset(*mask) : format_ptr(addr);
}

// riscv64 has no SA_RESTORER: struct sigaction is {handler, flags, mask}.
std::string format_sigaction_at(const GuestMemory& mem, u64 addr) {
  if (addr == 0) return "NULL";
  auto handler = read<u64>(mem, addr);
  auto flags = read<u64>(mem, addr + 8);
  auto mask = read<u64>(mem, addr + 16);
  if (!handler || !flags || !mask) return format_ptr(addr);
  return fmt::format("{{sa_handler={}, sa_mask={}, sa_flags={}}}", format_sa_handler(*handler),
                     format_sigset(*mask), format_sa_flags(*flags));
}

std::string format_timespec_at(const GuestMemory& mem, u64 addr) {
  if (addr == 0) return "NULL";
  auto sec = read<i64>(mem, addr);
  auto nsec = read<i64>(mem, addr + 8);
  if (!sec || !nsec) return format_ptr(addr);
  return format_timespec(*sec, *nsec);
}

std::string format_rlimit_at(const GuestMemory& mem, u64 addr) {
  if (addr == 0) return "NULL";
  auto cur = read<u64>(mem, addr);
  auto max = read<u64>(mem, addr + 8);
  if (!cur || !max) return format_ptr(addr);
  return fmt::format("{{rlim_cur={}, rlim_max={}}}", format_rlimit_value(*cur),
                     format_rlimit_value(*max));
}

// asm-generic struct stat (riscv64): st_mode at 16, st_rdev at 32, st_size at 48.
std::string format_stat_at(const GuestMemory& mem, u64 addr) {
  auto mode = read<u32>(mem, addr + 16);
  auto rdev = read<u64>(mem, addr + 32);
  auto size = read<i64>(mem, addr + 48);
  if (!mode || !rdev || !size) return format_ptr(addr);
  const u32 type = *mode & 0170000;
  if (type == 0020000 || type == 0060000) {
    return fmt::format("{{st_mode={}, st_rdev={}, ...}}", format_file_mode(*mode),
                       format_makedev(*rdev));
  }
  return fmt::format("{{st_mode={}, st_size={}, ...}}", format_file_mode(*mode), *size);
}

// struct statx: the fields strace shows without -v.
std::string format_statx_at(const GuestMemory& mem, u64 addr) {
  auto mask = read<u32>(mem, addr);
  auto attributes = read<u64>(mem, addr + 8);
  auto mode = read<u16>(mem, addr + 28);
  auto size = read<u64>(mem, addr + 40);
  if (!mask || !attributes || !mode || !size) return format_ptr(addr);
  return fmt::format("{{stx_mask={}, stx_attributes={}, stx_mode={}, stx_size={}, ...}}",
                     format_statx_mask(*mask), format_hex(*attributes), format_file_mode(*mode),
                     *size);
}

// getdents64's buffer: strace shows only how many linux_dirent64 records came back.
std::string format_dirents(const GuestMemory& mem, u64 addr, u64 bytes) {
  u64 count = 0;
  for (u64 offset = 0; offset < bytes;) {
    auto reclen = read<u16>(mem, addr + offset + 16);
    if (!reclen || *reclen == 0) return format_ptr(addr);
    offset += *reclen;
    ++count;
  }
  return fmt::format("{} /* {} entries */", format_ptr(addr), count);
}

std::string format_pollfds(const GuestMemory& mem, u64 addr, u64 count) {
  if (addr == 0) return "NULL";
  std::string out = "[";
  for (u64 i = 0; i < count; ++i) {
    if (i == kMaxArrayElements) {
      out += ", ...";
      break;
    }
    auto fd = read<i32>(mem, addr + 8 * i);
    auto events = read<u16>(mem, addr + 8 * i + 4);
    if (!fd || !events) return i == 0 ? format_ptr(addr) : out + ", ...]";
    if (i > 0) out += ", ";
    out += fmt::format("{{fd={}, events={}}}", *fd, format_poll_events(*events));
  }
  return out + "]";
}

// struct itimerval: two struct timeval (long seconds, long microseconds).
std::string format_itimerval_at(const GuestMemory& mem, u64 addr) {
  if (addr == 0) return "NULL";
  std::array<i64, 4> v{};
  if (!mem.read(addr, v.data(), sizeof(v))) return format_ptr(addr);
  return fmt::format(
      "{{it_interval={{tv_sec={}, tv_usec={}}}, it_value={{tv_sec={}, tv_usec={}}}}}", v[0], v[1],
      v[2], v[3]);
}

// stack_t on riscv64: {void* ss_sp; int ss_flags; size_t ss_size}.
std::string format_stack_at(const GuestMemory& mem, u64 addr) {
  if (addr == 0) return "NULL";
  auto sp = read<u64>(mem, addr);
  auto flags = read<u32>(mem, addr + 8);
  auto size = read<u64>(mem, addr + 16);
  if (!sp || !flags || !size) return format_ptr(addr);
  return fmt::format("{{ss_sp={}, ss_flags={}, ss_size={}}}", format_ptr(*sp),
                     format_ss_flags(*flags), *size);
}

std::string format_utsname_at(const GuestMemory& mem, u64 addr) {
  constexpr std::size_t kField = 65;
  std::array<char, kField * 2> fields{};
  if (!mem.read(addr, fields.data(), fields.size())) return format_ptr(addr);
  auto field = [&](std::size_t i) {
    const char* start = fields.data() + i * kField;
    return quote_string(std::string_view(start, strnlen(start, kField)));
  };
  return fmt::format("{{sysname={}, nodename={}, ...}}", field(0), field(1));
}

// The bytes past the struct the kernel knows, as strace shows them when any is non-zero
// (the call then fails with E2BIG): `, /* bytes 88..103 */ "\x00..."`, 32 bytes at most.
std::string format_clone_args_tail(const GuestMemory& mem, u64 addr, u64 size) {
  constexpr u64 kKnown = 88, kPageSize = 4096, kShown = 32;
  if (size <= kKnown || size > kPageSize) return "";
  std::string tail(size - kKnown, '\0');
  if (!mem.read(addr + kKnown, tail.data(), tail.size())) return "";
  if (tail.find_first_not_of('\0') == std::string::npos) return "";
  const bool more = tail.size() > kShown;
  tail.resize(std::min<u64>(tail.size(), kShown));
  return fmt::format(", /* bytes {}..{} */ {}", kKnown, size - 1, quote_string(tail, more, true));
}

std::string format_clone_args(const GuestMemory& mem, u64 addr, u64 size) {
  // struct clone_args: VER0 is 64 bytes, VER1 (set_tid) 80, VER2 (cgroup) 88.
  constexpr u64 kVer0 = 64;
  if (addr == 0) return "NULL";
  std::array<u64, 11> f{};
  const u64 readable = std::min<u64>(size, sizeof(f));
  if (size < kVer0 || !mem.read(addr, f.data(), readable)) return format_ptr(addr);
  const u64 flags = f[0];
  std::string out = "{flags=" + format_clone_flags(flags, false);
  // strace marks flags of which no bit has a name.
  if (flags != 0 && out.ends_with(format_hex(flags))) out += " /* CLONE_??? */";
  if (flags & kClonePidfd) out += ", pidfd=" + format_ptr(f[1]);
  if (flags & (kCloneChildSettid | kCloneChildCleartid)) out += ", child_tid=" + format_ptr(f[2]);
  if (flags & kCloneParentSettid) out += ", parent_tid=" + format_ptr(f[3]);
  // A u64 field: strace prints a value that is no signal unsigned (-1 is 18446744073709551615).
  out +=
      ", exit_signal=" + (f[4] >= 1 && f[4] <= 64 ? format_signal(f[4]) : fmt::format("{}", f[4]));
  out += ", stack=" + format_ptr(f[5]);
  out += ", stack_size=" + format_hex(f[6]);
  if (flags & kCloneSettls) out += ", tls=" + format_ptr(f[7]);
  if (size >= 80 && (f[8] != 0 || f[9] != 0)) {
    out += fmt::format(", set_tid={}, set_tid_size={}", format_ptr(f[8]), f[9]);
  }
  if (size >= 88 && f[10] != 0) out += fmt::format(", cgroup={}", f[10]);
  return out + format_clone_args_tail(mem, addr, size) + "}";
}

// After a successful clone3: what the kernel wrote back, " => {parent_tid=[N]}".
std::string format_clone_args_result(const GuestMemory& mem, u64 addr, u64 size, u64 ret) {
  std::array<u64, 4> f{};
  if (addr == 0 || size < 64 || is_error_return(ret) || !mem.read(addr, f.data(), sizeof(f))) {
    return "";
  }
  std::string out;
  auto append = [&](const std::string& field) { out += (out.empty() ? "" : ", ") + field; };
  if (f[0] & kClonePidfd) {
    auto fd = read<i32>(mem, f[1]);
    if (fd) append(fmt::format("pidfd=[{}]", *fd));
  }
  if (f[0] & kCloneParentSettid) {
    auto tid = read<i32>(mem, f[3]);
    if (tid) append(fmt::format("parent_tid=[{}]", *tid));
  }
  return out.empty() ? "" : " => {" + out + "}";
}

std::string format_bitset(u64 value) {
  return static_cast<u32>(value) == 0xffffffffu ? "FUTEX_BITSET_MATCH_ANY"
                                                : format_hex(static_cast<u32>(value));
}

// futex prints a different argument list for each operation, all at entry.
std::string format_futex(const GuestMemory& mem, const SyscallArgs& s) {
  const auto& a = s.a;
  const u64 cmd = a[1] & 127;
  std::string out = fmt::format("{}, {}", format_ptr(a[0]), format_futex_op(a[1]));
  const auto val = fmt::format("{}", static_cast<u32>(a[2]));
  const auto val2 = fmt::format("{}", static_cast<u32>(a[3]));
  switch (cmd) {
    case 0:  // WAIT
      return out + ", " + val + ", " + format_timespec_at(mem, a[3]);
    case 1:  // WAKE
      return out + ", " + val;
    case 9:  // WAIT_BITSET
      return out + ", " + val + ", " + format_timespec_at(mem, a[3]) + ", " + format_bitset(a[5]);
    case 10:  // WAKE_BITSET
      return out + ", " + val + ", " + format_bitset(a[5]);
    case 3:  // REQUEUE
      return out + ", " + val + ", " + val2 + ", " + format_ptr(a[4]);
    case 4:   // CMP_REQUEUE
    case 12:  // CMP_REQUEUE_PI
      return out + ", " + val + ", " + val2 + ", " + format_ptr(a[4]) + ", " +
             fmt::format("{}", static_cast<u32>(a[5]));
    case 5:  // WAKE_OP
      return out + ", " + val + ", " + val2 + ", " + format_ptr(a[4]) + ", " + format_hex(a[5]);
    case 6:   // LOCK_PI
    case 13:  // LOCK_PI2
      return out + ", " + format_timespec_at(mem, a[3]);
    case 7:  // UNLOCK_PI
    case 8:  // TRYLOCK_PI
      return out;
    case 11:  // WAIT_REQUEUE_PI
      return out + ", " + val + ", " + format_timespec_at(mem, a[3]) + ", " + format_ptr(a[4]);
    default:
      return fmt::format("{}, {}, {}, {}, {}", out, format_hex(a[2]), format_hex(a[3]),
                         format_hex(a[4]), format_hex(a[5]));
  }
}

// One argument of kind `kind` at index `i`; `ret` is meaningful for exit kinds only.
std::string format_arg(const GuestMemory& mem, const SyscallArgs& s, std::size_t i, char kind,
                       u64 ret) {
  const u64 v = s.a[i];
  const u64 next = i + 1 < s.a.size() ? s.a[i + 1] : 0;
  const bool failed = is_error_return(ret);
  switch (kind) {
    case 'd':
      return fmt::format("{}", static_cast<i64>(v));
    case 'u':
      return fmt::format("{}", v);
    case 'x':
      return format_hex(v);
    case 'p':
      return format_ptr(v);
    case 'f':
      return fmt::format("{}", static_cast<i32>(v));
    case 'D':
      return format_dirfd(v);
    case 'P':
      return format_string(mem, v, kMaxPath);
    case 's':
      return format_string(mem, v, kMaxStringLength);
    case 'm':
      return format_mode(v);
    case 'b':
      return v == 0 ? "NULL" : format_buffer(mem, v, next, false);
    case 'B':
    case 'H':
      return failed || v == 0 ? format_ptr(v) : format_buffer(mem, v, ret, kind == 'H');
    case 'Y': {
      if (failed || v == 0) return format_ptr(v);
      std::string bytes(std::min<u64>(ret, kMaxPath), '\0');
      if (!mem.read(v, bytes.data(), bytes.size())) return format_ptr(v);
      if (!bytes.empty() && bytes.back() == '\0') bytes.pop_back();  // getcwd counts the NUL
      return quote_string(bytes);
    }
    case 'v':
      return format_iovecs(mem, v, next, std::nullopt);
    case 'V':
      return failed ? format_ptr(v) : format_iovecs(mem, v, next, ret);
    case 'o':
      return format_open_flags(v);
    case 'a':
      return format_at_flags(v);
    case 'r':
      return format_mmap_prot(v);
    case 'M':
      return format_mmap_flags(v);
    case 'c':
      return format_clone_flags(v, true);
    case 'j':
      return format_clone_flags(v, false);
    case 'w':
      return format_wait_options(v);
    case 'W': {
      if (v == 0) return "NULL";
      auto status = read<u32>(mem, v);
      if (failed || ret == 0 || !status) return format_ptr(v);
      return format_wait_status(*status);
    }
    case 'S':
      return format_signal(v);
    case 'q':
      return format_sigset_at(mem, v);
    case 'Q':
      return failed && v != 0 ? format_ptr(v) : format_sigset_at(mem, v);
    case 'g':
      return format_sigaction_at(mem, v);
    case 'G':
      return failed && v != 0 ? format_ptr(v) : format_sigaction_at(mem, v);
    case 'h':
      return format_sigprocmask_how(v);
    case 't':
      return format_timespec_at(mem, v);
    case 'T':
      return failed && v != 0 ? format_ptr(v) : format_timespec_at(mem, v);
    case 'k':
      return format_clock_id(v);
    case 'l':
      return format_rlimit_resource(v);
    case 'L':
      return format_rlimit_at(mem, v);
    case 'R':
      return failed && v != 0 ? format_ptr(v) : format_rlimit_at(mem, v);
    case 'A':
      return format_madvise(v);
    case '8':
      return format_mremap_flags(v);
    case 'e':
      return format_whence(v);
    case 'n':
      return format_fcntl_cmd(v);
    case 'i':
      return format_ioctl_request(v);
    case 'z':
      return format_getrandom_flags(v);
    case 'X':
      return failed || v == 0 ? format_ptr(v) : format_statx_at(mem, v);
    case 'K':
      return failed || v == 0 ? format_ptr(v) : format_dirents(mem, v, ret);
    case 'y':
      return format_access_mode(v);
    case '2':
      return format_faccessat_flags(v);
    case 'O':
      return format_statx_flags(v);
    case 'J':
      return format_statx_mask(v);
    case '1':
      return format_pollfds(mem, v, next);
    case '3':
      return format_itimer_which(v);
    case '4':
      return format_itimerval_at(mem, v);
    case '5':
      return failed && v != 0 ? format_ptr(v) : format_itimerval_at(mem, v);
    case '6':
      return format_stack_at(mem, v);
    case '7':
      return failed && v != 0 ? format_ptr(v) : format_stack_at(mem, v);
    case '#': {
      auto value = read<i32>(mem, v);
      if (failed || v == 0 || !value) return format_ptr(v);
      return fmt::format("[{}]", *value);
    }
    case 'Z':
      return failed || v == 0 ? format_ptr(v) : format_stat_at(mem, v);
    case 'U':
      return failed || v == 0 ? format_ptr(v) : format_utsname_at(mem, v);
    case 'I': {
      auto fds = read<u64>(mem, v);
      if (failed || !fds) return format_ptr(v);
      return fmt::format("[{}, {}]", static_cast<i32>(*fds), static_cast<i32>(*fds >> 32));
    }
    case 'E':
      return format_string_array(mem, v);
    case 'N':
      return format_env_count(mem, v);
    case 'C':
      return format_clone_args(mem, v, next);
    default:
      return format_hex(v);
  }
}

// clone(flags, newsp, parent_tid, tls, child_tid): riscv64 passes tls fourth (the
// CLONE_BACKWARDS order; glibc's __clone moves ptid, tls, ctid to a2, a3, a4).
std::string format_clone_entry(const SyscallArgs& s) {
  return fmt::format("child_stack={}, flags={}", format_ptr(s.a[1]),
                     format_clone_flags(s.a[0], true));
}

std::string format_clone_exit(const GuestMemory& mem, const SyscallArgs& s, u64 ret) {
  const u64 flags = s.a[0];
  std::string out;
  if (flags & (kCloneParentSettid | kClonePidfd)) {
    auto tid = read<i32>(mem, s.a[2]);
    out += ", parent_tid=" +
           (tid && !is_error_return(ret) ? fmt::format("[{}]", *tid) : format_ptr(s.a[2]));
  }
  if (flags & kCloneSettls) out += ", tls=" + format_ptr(s.a[3]);
  if (flags & (kCloneChildSettid | kCloneChildCleartid)) {
    out += ", child_tidptr=" + format_ptr(s.a[4]);
  }
  return out + ")";
}

// openat's mode exists only with O_CREAT or O_TMPFILE, mremap's new_address only with
// MREMAP_FIXED: strace prints them only then.
std::string args_of(const SyscallInfo& info, const SyscallArgs& s) {
  std::string args = info.args;
  if (s.number == kNrOpenat && (s.a[2] & 0x400040) != 0) args += 'm';
  if (s.number == kNrMremap && (s.a[3] & kMremapFixed) != 0) args += 'p';
  return args;
}

std::size_t first_exit_arg(const std::string& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (is_exit_arg_kind(args[i])) return i;
  }
  return args.size();
}

}  // namespace

std::string syscall_name(u64 number) {
  const SyscallInfo* info = find_syscall(number);
  return info ? info->name : fmt::format("syscall_{}", number);
}

bool syscall_never_returns(u64 number) {
  const SyscallInfo* info = find_syscall(number);
  return info && info->ret == '?';
}

std::string format_syscall_return(u64 number, u64 ret) {
  const SyscallInfo& info = info_for(number);
  if (info.ret == '?') return "?";
  if (info.ret == 'o' && !is_error_return(ret)) return format_mode(ret);
  return format_return(ret, info.ret == 'x');
}

std::string format_syscall_entry(const GuestMemory& mem, const SyscallArgs& s) {
  std::string out = syscall_name(s.number) + "(";
  if (s.number == kNrClone) return out + format_clone_entry(s);
  if (s.number == kNrFutex) return out + format_futex(mem, s);
  if (s.number == kNrRtSigreturn) {
    // The frame the handler returns through is at sp: show the mask it restores.
    auto mask = mem.read_as<u64>(s.sp + kSigframeMask);
    return mask ? out + "{mask=" + format_sigset(*mask) + "}" : out;
  }
  const std::string args = args_of(info_for(s.number), s);
  const std::size_t stop = first_exit_arg(args);
  for (std::size_t i = 0; i < stop; ++i) {
    if (i > 0) out += ", ";
    out += format_arg(mem, s, i, args[i], 0);
  }
  if (stop < args.size()) {
    if (args[stop] == 'C') {
      if (stop > 0) out += ", ";
      out += format_arg(mem, s, stop, 'C', 0);
    } else if (stop > 0) {
      out += ", ";  // strace prints the separator before the output argument at entry
    }
  }
  return out;
}

std::string format_syscall_exit(const GuestMemory& mem, const SyscallArgs& s, u64 ret) {
  if (s.number == kNrClone) return format_clone_exit(mem, s, ret);
  if (s.number == kNrFutex) return ")";
  const std::string args = args_of(info_for(s.number), s);
  const std::size_t stop = first_exit_arg(args);
  std::string out;
  for (std::size_t i = stop; i < args.size(); ++i) {
    if (i > stop) out += ", ";
    if (i == stop && args[i] == 'C') {
      out += format_clone_args_result(mem, s.a[i], s.a[i + 1], ret);
    } else {
      out += format_arg(mem, s, i, args[i], ret);
    }
  }
  return out + ")";
}

}  // namespace rvscope::trace
