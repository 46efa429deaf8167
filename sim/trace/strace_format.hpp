// strace's formatting rules as pure functions: quoting, flag sets, errno, signals, structs.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/common/types.hpp"

namespace rvscope::trace {

// strace's default -s: strings and buffers show at most this many bytes.
inline constexpr std::size_t kMaxStringLength = 32;

struct FlagName {
  u64 value;
  const char* name;
};

// strace's printstr: quoted, with \t \n \v \f \r \" \\ escapes and octal for other
// non-printable bytes (hex for every byte when `force_hex`, as getrandom's buffer);
// `more` appends the `...` strace prints after a truncated string.
std::string quote_string(std::string_view bytes, bool more = false, bool force_hex = false);

// Names the set bits as A|B|0x... (unknown bits in hex at the end); `zero` for value 0.
std::string format_flags(u64 value, std::span<const FlagName> names, const char* zero = "0");
// The name of an exact value, or nullopt.
std::optional<std::string> lookup_value(u64 value, std::span<const FlagName> names);
// An exact value's name, or `fallback_fmt` applied (decimal or hex) when unknown.
std::string format_enum(u64 value, std::span<const FlagName> names, bool hex_fallback = false);

// NULL for 0, else 0x-prefixed hex.
std::string format_ptr(u64 address);
std::string format_hex(u64 value);  // 0 prints as "0", as %#lx does

// errno: name ("EINVAL") and message ("Invalid argument"), nullptr when unknown.
const char* errno_name(u64 error);
const char* errno_message(u64 error);
// The return-value text after "= ": "0", "-1 EINVAL (Invalid argument)", "0x1000" (hex),
// "? ERESTARTSYS (To be restarted if SA_RESTART is set)".
std::string format_return(u64 a0, bool hex);
// True when a0 is an error return (-4095..-1).
bool is_error_return(u64 a0);

// Signals: SIGINT, SIGRTMIN, SIGRT_1, or the number. Sets: [INT TERM], ~[RTMIN], ~[].
std::string format_signal(u64 signal);
std::string format_sigset(u64 mask, std::size_t bytes = 8);

std::string format_open_flags(u64 flags);
std::string format_mode(u64 mode);       // octal with a leading 0, e.g. 0644
std::string format_file_mode(u64 mode);  // S_IFCHR|0666
std::string format_dirfd(u64 fd);        // AT_FDCWD or the number
std::string format_at_flags(u64 flags);
std::string format_mmap_prot(u64 prot);
std::string format_mmap_flags(u64 flags);
std::string format_clone_flags(u64 flags, bool with_exit_signal);
std::string format_futex_op(u64 op);
std::string format_wait_options(u64 options);
std::string format_wait_status(u32 status);  // [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]
std::string format_timespec(i64 sec, i64 nsec);
std::string format_clock_id(u64 clock);
std::string format_sigprocmask_how(u64 how);
std::string format_sa_flags(u64 flags);
std::string format_sa_handler(u64 handler);
std::string format_rlimit_resource(u64 resource);
std::string format_rlimit_value(u64 value);  // RLIM64_INFINITY, 8192*1024, 100
std::string format_madvise(u64 advice);
std::string format_mremap_flags(u64 flags);  // MREMAP_MAYMOVE|MREMAP_FIXED
std::string format_whence(u64 whence);
std::string format_fcntl_cmd(u64 cmd);
std::string format_ioctl_request(u64 request);
std::string format_getrandom_flags(u64 flags);
std::string format_makedev(u64 dev);
// siginfo as strace prints it: {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=3, ...}.
// `field0` holds siginfo bytes 16..23 (si_pid/si_uid or si_addr), `field1` bytes 24..31.
std::string format_siginfo(u64 signo, i32 code, u64 field0, u64 field1);
std::string format_access_mode(u64 mode);  // F_OK, R_OK|W_OK
// faccessat2's flags: 0x200 is AT_EACCESS there, not AT_REMOVEDIR.
std::string format_faccessat_flags(u64 flags);
std::string format_statx_flags(u64 flags);   // AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW
std::string format_statx_mask(u64 mask);     // STATX_BASIC_STATS|STATX_MNT_ID
std::string format_poll_events(u64 events);  // POLLIN|POLLOUT
std::string format_itimer_which(u64 which);  // ITIMER_REAL
std::string format_ss_flags(u64 flags);      // SS_DISABLE

}  // namespace rvscope::trace
