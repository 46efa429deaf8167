// The riscv64 Linux syscall table (numbers, names, argument signatures) for tracer and timing.
// Numbers as the riscv64 kernel headers define them (asm-generic/unistd.h with riscv's
// __ARCH_WANT_* set), plus riscv_hwprobe and the syscalls added after Linux 6.1.
#include "sim/common/syscall_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

// Argument kinds:
//   d signed decimal   u unsigned decimal   x hex   p pointer (NULL or hex)   f fd
//   D dirfd (AT_FDCWD)   P path string   s string (truncated at 32)   m mode (octal)
//   b buffer in, length = next argument   B buffer out, length = return value
//   H buffer out in hex (getrandom)   Y path out, length = return value (readlinkat)
//   v iovec array in, count = next argument   V iovec array out (return value bytes)
//   o open flags   a AT_* flags   r mmap prot   M mmap flags   c clone flags+exit signal
//   j clone flags   C struct clone_args (clone3)   F futex op   w wait options
//   W wait status out   S signal   q sigset in   Q sigset out   g sigaction in
//   G sigaction out   h sigprocmask how   t timespec in   T timespec out   k clock id
//   l rlimit resource   L rlimit in   R rlimit out   A madvise advice   e lseek whence
//   n fcntl command   i ioctl request   z getrandom flags   Z struct stat out
//   I int[2] out (pipe2)   E argv array   N envp array   U struct utsname out
//   X struct statx out   O statx flags   J statx mask   K dirents out (count only)
//   y access mode (F_OK, R_OK...)   2 faccessat2 flags (AT_EACCESS)   1 pollfd array in, count =
//   next argument # int out, printed [N]   8 mremap flags
constexpr SyscallInfo kSyscalls[] = {
    {0, "io_setup", "up", 'd'},
    {1, "io_destroy", "x", 'd'},
    {2, "io_submit", "xdp", 'd'},
    {3, "io_cancel", "xpp", 'd'},
    {4, "io_getevents", "xddpt", 'd'},
    {5, "setxattr", "Psbud", 'd'},
    {6, "lsetxattr", "Psbud", 'd'},
    {7, "fsetxattr", "fsbud", 'd'},
    {8, "getxattr", "PsBu", 'd'},
    {9, "lgetxattr", "PsBu", 'd'},
    {10, "fgetxattr", "fsBu", 'd'},
    {11, "listxattr", "Ppu", 'd'},
    {12, "llistxattr", "Ppu", 'd'},
    {13, "flistxattr", "fpu", 'd'},
    {14, "removexattr", "Ps", 'd'},
    {15, "lremovexattr", "Ps", 'd'},
    {16, "fremovexattr", "fs", 'd'},
    {17, "getcwd", "Yu", 'd'},
    {18, "lookup_dcookie", "xpu", 'd'},
    {19, "eventfd2", "ux", 'd'},
    {20, "epoll_create1", "x", 'd'},
    {21, "epoll_ctl", "fdfp", 'd'},
    {22, "epoll_pwait", "fpddpu", 'd'},
    {23, "dup", "f", 'd'},
    {24, "dup3", "ffo", 'd'},
    {25, "fcntl", "fnx", 'd'},
    {26, "inotify_init1", "x", 'd'},
    {27, "inotify_add_watch", "fPx", 'd'},
    {28, "inotify_rm_watch", "fd", 'd'},
    {29, "ioctl", "fix", 'd'},
    {30, "ioprio_set", "ddd", 'd'},
    {31, "ioprio_get", "dd", 'd'},
    {32, "flock", "fd", 'd'},
    {33, "mknodat", "DPmx", 'd'},
    {34, "mkdirat", "DPm", 'd'},
    {35, "unlinkat", "DPa", 'd'},
    {36, "symlinkat", "PDP", 'd'},
    {37, "linkat", "DPDPa", 'd'},
    {39, "umount2", "Px", 'd'},
    {40, "mount", "PPsxp", 'd'},
    {41, "pivot_root", "PP", 'd'},
    {42, "nfsservctl", "dpp", 'd'},
    {43, "statfs", "Pp", 'd'},
    {44, "fstatfs", "fp", 'd'},
    {45, "truncate", "Pd", 'd'},
    {46, "ftruncate", "fd", 'd'},
    {47, "fallocate", "fddd", 'd'},
    {48, "faccessat", "DPy", 'd'},
    {49, "chdir", "P", 'd'},
    {50, "fchdir", "f", 'd'},
    {51, "chroot", "P", 'd'},
    {52, "fchmod", "fm", 'd'},
    {53, "fchmodat", "DPm", 'd'},
    {54, "fchownat", "DPdda", 'd'},
    {55, "fchown", "fdd", 'd'},
    {56, "openat", "DPo", 'd'},
    {57, "close", "f", 'd'},
    {58, "vhangup", "", 'd'},
    {59, "pipe2", "Io", 'd'},
    {60, "quotactl", "xPdp", 'd'},
    {61, "getdents64", "fKu", 'd'},
    {62, "lseek", "fde", 'd'},
    {63, "read", "fBu", 'd'},
    {64, "write", "fbu", 'd'},
    {65, "readv", "fVd", 'd'},
    {66, "writev", "fvd", 'd'},
    {67, "pread64", "fBud", 'd'},
    {68, "pwrite64", "fbud", 'd'},
    {69, "preadv", "fVdd", 'd'},
    {70, "pwritev", "fvdd", 'd'},
    {71, "sendfile", "ffpu", 'd'},
    {72, "pselect6", "dppptp", 'd'},
    {73, "ppoll", "1dtqu", 'd'},
    {74, "signalfd4", "fquo", 'd'},
    {75, "vmsplice", "fvdx", 'd'},
    {76, "splice", "fpfpux", 'd'},
    {77, "tee", "ffux", 'd'},
    {78, "readlinkat", "DPYu", 'd'},
    {79, "newfstatat", "DPZa", 'd'},
    {80, "fstat", "fZ", 'd'},
    {81, "sync", "", 'd'},
    {82, "fsync", "f", 'd'},
    {83, "fdatasync", "f", 'd'},
    {84, "sync_file_range", "fddx", 'd'},
    {85, "timerfd_create", "kx", 'd'},
    {86, "timerfd_settime", "fxpp", 'd'},
    {87, "timerfd_gettime", "fp", 'd'},
    {88, "utimensat", "DPpa", 'd'},
    {89, "acct", "P", 'd'},
    {90, "capget", "pp", 'd'},
    {91, "capset", "pp", 'd'},
    {92, "personality", "x", 'd'},
    {93, "exit", "d", '?'},
    {94, "exit_group", "d", '?'},
    {95, "waitid", "ddpwp", 'd'},
    {96, "set_tid_address", "p", 'd'},
    {97, "unshare", "j", 'd'},
    {98, "futex", "pFdtpd", 'd'},
    {99, "set_robust_list", "pu", 'd'},
    {100, "get_robust_list", "dpp", 'd'},
    {101, "nanosleep", "tp", 'd'},
    {102, "getitimer", "35", 'd'},
    {103, "setitimer", "345", 'd'},
    {104, "kexec_load", "xupx", 'd'},
    {105, "init_module", "pus", 'd'},
    {106, "delete_module", "sx", 'd'},
    {107, "timer_create", "kpp", 'd'},
    {108, "timer_gettime", "dp", 'd'},
    {109, "timer_getoverrun", "d", 'd'},
    {110, "timer_settime", "dxpp", 'd'},
    {111, "timer_delete", "d", 'd'},
    {112, "clock_settime", "kt", 'd'},
    {113, "clock_gettime", "kT", 'd'},
    {114, "clock_getres", "kT", 'd'},
    {115, "clock_nanosleep", "kxtp", 'd'},
    {116, "syslog", "dpd", 'd'},
    {117, "ptrace", "ddpp", 'd'},
    {118, "sched_setparam", "dp", 'd'},
    {119, "sched_setscheduler", "ddp", 'd'},
    {120, "sched_getscheduler", "d", 'd'},
    {121, "sched_getparam", "dp", 'd'},
    {122, "sched_setaffinity", "dup", 'd'},
    {123, "sched_getaffinity", "dup", 'd'},
    {124, "sched_yield", "", 'd'},
    {125, "sched_get_priority_max", "d", 'd'},
    {126, "sched_get_priority_min", "d", 'd'},
    {127, "sched_rr_get_interval", "dT", 'd'},
    {128, "restart_syscall", "", 'd'},
    {129, "kill", "dS", 'd'},
    {130, "tkill", "dS", 'd'},
    {131, "tgkill", "ddS", 'd'},
    {132, "sigaltstack", "67", 'd'},
    {133, "rt_sigsuspend", "qu", 'd'},
    {134, "rt_sigaction", "SgGu", 'd'},
    {135, "rt_sigprocmask", "hqQu", 'd'},
    {136, "rt_sigpending", "Qu", 'd'},
    {137, "rt_sigtimedwait", "qptu", 'd'},
    {138, "rt_sigqueueinfo", "dSp", 'd'},
    {139, "rt_sigreturn", "", 'd'},
    {140, "setpriority", "ddd", 'd'},
    {141, "getpriority", "dd", 'd'},
    {142, "reboot", "xxxp", 'd'},
    {143, "setregid", "dd", 'd'},
    {144, "setgid", "d", 'd'},
    {145, "setreuid", "dd", 'd'},
    {146, "setuid", "d", 'd'},
    {147, "setresuid", "ddd", 'd'},
    {148, "getresuid", "###", 'd'},
    {149, "setresgid", "ddd", 'd'},
    {150, "getresgid", "###", 'd'},
    {151, "setfsuid", "d", 'd'},
    {152, "setfsgid", "d", 'd'},
    {153, "times", "p", 'd'},
    {154, "setpgid", "dd", 'd'},
    {155, "getpgid", "d", 'd'},
    {156, "getsid", "d", 'd'},
    {157, "setsid", "", 'd'},
    {158, "getgroups", "dp", 'd'},
    {159, "setgroups", "dp", 'd'},
    {160, "uname", "U", 'd'},
    {161, "sethostname", "bu", 'd'},
    {162, "setdomainname", "bu", 'd'},
    {163, "getrlimit", "lR", 'd'},
    {164, "setrlimit", "lL", 'd'},
    {165, "getrusage", "dp", 'd'},
    {166, "umask", "m", 'o'},
    {167, "prctl", "dxxxx", 'd'},
    {168, "getcpu", "ppp", 'd'},
    {169, "gettimeofday", "pp", 'd'},
    {170, "settimeofday", "pp", 'd'},
    {171, "adjtimex", "p", 'd'},
    {172, "getpid", "", 'd'},
    {173, "getppid", "", 'd'},
    {174, "getuid", "", 'd'},
    {175, "geteuid", "", 'd'},
    {176, "getgid", "", 'd'},
    {177, "getegid", "", 'd'},
    {178, "gettid", "", 'd'},
    {179, "sysinfo", "p", 'd'},
    {180, "mq_open", "somp", 'd'},
    {181, "mq_unlink", "s", 'd'},
    {182, "mq_timedsend", "dbudp", 'd'},
    {183, "mq_timedreceive", "dBupp", 'd'},
    {184, "mq_notify", "dp", 'd'},
    {185, "mq_getsetattr", "dpp", 'd'},
    {186, "msgget", "xx", 'd'},
    {187, "msgctl", "ddp", 'd'},
    {188, "msgrcv", "dpudx", 'd'},
    {189, "msgsnd", "dpux", 'd'},
    {190, "semget", "xdx", 'd'},
    {191, "semctl", "dddx", 'd'},
    {192, "semtimedop", "dput", 'd'},
    {193, "semop", "dpu", 'd'},
    {194, "shmget", "xux", 'd'},
    {195, "shmctl", "ddp", 'd'},
    {196, "shmat", "dpx", 'x'},
    {197, "shmdt", "p", 'd'},
    {198, "socket", "ddd", 'd'},
    {199, "socketpair", "dddp", 'd'},
    {200, "bind", "fpu", 'd'},
    {201, "listen", "fd", 'd'},
    {202, "accept", "fpp", 'd'},
    {203, "connect", "fpu", 'd'},
    {204, "getsockname", "fpp", 'd'},
    {205, "getpeername", "fpp", 'd'},
    {206, "sendto", "fbuxpu", 'd'},
    {207, "recvfrom", "fBuxpp", 'd'},
    {208, "setsockopt", "fddpu", 'd'},
    {209, "getsockopt", "fddpp", 'd'},
    {210, "shutdown", "fd", 'd'},
    {211, "sendmsg", "fpx", 'd'},
    {212, "recvmsg", "fpx", 'd'},
    {213, "readahead", "fdu", 'd'},
    {214, "brk", "p", 'x'},
    {215, "munmap", "pu", 'd'},
    {216, "mremap", "puu8", 'x'},  // new_address only with MREMAP_FIXED
    {217, "add_key", "ssbud", 'd'},
    {218, "request_key", "sssd", 'd'},
    {219, "keyctl", "dxxxx", 'd'},
    {220, "clone", "cppxp", 'd'},  // decoded specially: (flags, stack, ptid, tls, ctid)
    {221, "execve", "PEN", 'd'},
    {222, "mmap", "purMfx", 'x'},
    {223, "fadvise64", "fddd", 'd'},
    {224, "swapon", "Px", 'd'},
    {225, "swapoff", "P", 'd'},
    {226, "mprotect", "pur", 'd'},
    {227, "msync", "pux", 'd'},
    {228, "mlock", "pu", 'd'},
    {229, "munlock", "pu", 'd'},
    {230, "mlockall", "x", 'd'},
    {231, "munlockall", "", 'd'},
    {232, "mincore", "pup", 'd'},
    {233, "madvise", "puA", 'd'},
    {234, "remap_file_pages", "puudx", 'd'},
    {235, "mbind", "pudpux", 'd'},
    {236, "get_mempolicy", "ppupx", 'd'},
    {237, "set_mempolicy", "dpu", 'd'},
    {238, "migrate_pages", "dupp", 'd'},
    {239, "move_pages", "dupppx", 'd'},
    {240, "rt_tgsigqueueinfo", "ddSp", 'd'},
    {241, "perf_event_open", "pddfx", 'd'},
    {242, "accept4", "fppx", 'd'},
    {243, "recvmmsg", "fpuxt", 'd'},
    {258, "riscv_hwprobe", "puupx", 'd'},
    {259, "riscv_flush_icache", "ppx", 'd'},
    {260, "wait4", "dWwp", 'd'},
    {261, "prlimit64", "dlLR", 'd'},
    {262, "fanotify_init", "xo", 'd'},
    {263, "fanotify_mark", "fxxDP", 'd'},
    {264, "name_to_handle_at", "DPppa", 'd'},
    {265, "open_by_handle_at", "fpo", 'd'},
    {266, "clock_adjtime", "kp", 'd'},
    {267, "syncfs", "f", 'd'},
    {268, "setns", "fj", 'd'},
    {269, "sendmmsg", "fpux", 'd'},
    {270, "process_vm_readv", "dpupux", 'd'},
    {271, "process_vm_writev", "dpupux", 'd'},
    {272, "kcmp", "dddxx", 'd'},
    {273, "finit_module", "fsx", 'd'},
    {274, "sched_setattr", "dpx", 'd'},
    {275, "sched_getattr", "dpux", 'd'},
    {276, "renameat2", "DPDPx", 'd'},
    {277, "seccomp", "dxp", 'd'},
    {278, "getrandom", "Huz", 'd'},
    {279, "memfd_create", "sx", 'd'},
    {280, "bpf", "dpu", 'd'},
    {281, "execveat", "DPENa", 'd'},
    {282, "userfaultfd", "x", 'd'},
    {283, "membarrier", "xxd", 'd'},
    {284, "mlock2", "pux", 'd'},
    {285, "copy_file_range", "fpfpux", 'd'},
    {286, "preadv2", "fVddxx", 'd'},
    {287, "pwritev2", "fvddxx", 'd'},
    {288, "pkey_mprotect", "purd", 'd'},
    {289, "pkey_alloc", "xx", 'd'},
    {290, "pkey_free", "d", 'd'},
    {291, "statx", "DPOJX", 'd'},
    {292, "io_pgetevents", "xddptp", 'd'},
    {293, "rseq", "pxxx", 'd'},
    {294, "kexec_file_load", "ffusx", 'd'},
    {424, "pidfd_send_signal", "fSpx", 'd'},
    {425, "io_uring_setup", "up", 'd'},
    {426, "io_uring_enter", "fuuxpu", 'd'},
    {427, "io_uring_register", "fdpu", 'd'},
    {428, "open_tree", "DPx", 'd'},
    {429, "move_mount", "DPDPx", 'd'},
    {430, "fsopen", "sx", 'd'},
    {431, "fsconfig", "fdspd", 'd'},
    {432, "fsmount", "fxx", 'd'},
    {433, "fspick", "DPx", 'd'},
    {434, "pidfd_open", "dx", 'd'},
    {435, "clone3", "Cu", 'd'},
    {436, "close_range", "fux", 'd'},
    {437, "openat2", "DPpu", 'd'},
    {438, "pidfd_getfd", "ffx", 'd'},
    {439, "faccessat2", "DPy2", 'd'},
    {440, "process_madvise", "fpuAx", 'd'},
    {441, "epoll_pwait2", "fpdppu", 'd'},
    {442, "mount_setattr", "DPxpu", 'd'},
    {443, "quotactl_fd", "fxdp", 'd'},
    {444, "landlock_create_ruleset", "pux", 'd'},
    {445, "landlock_add_rule", "fdpx", 'd'},
    {446, "landlock_restrict_self", "fx", 'd'},
    {447, "memfd_secret", "x", 'd'},
    {448, "process_mrelease", "fx", 'd'},
    {449, "futex_waitv", "puxtk", 'd'},
    {450, "set_mempolicy_home_node", "puux", 'd'},
    {451, "cachestat", "fppx", 'd'},
    {452, "fchmodat2", "DPma", 'd'},
    {453, "map_shadow_stack", "pux", 'd'},
    {454, "futex_wake", "pxdx", 'd'},
    {455, "futex_wait", "pxxxtk", 'd'},
    {456, "futex_requeue", "pxdd", 'd'},
    {457, "statmount", "ppux", 'd'},
    {458, "listmount", "ppux", 'd'},
    {459, "lsm_get_self_attr", "dppx", 'd'},
    {460, "lsm_set_self_attr", "dpux", 'd'},
    {461, "lsm_list_modules", "ppx", 'd'},
    {462, "mseal", "pux", 'd'},
};

}  // namespace

const SyscallInfo* find_syscall(u64 number) {
  const auto* it =
      std::lower_bound(std::begin(kSyscalls), std::end(kSyscalls), number,
                       [](const SyscallInfo& info, u64 wanted) { return info.number < wanted; });
  if (it == std::end(kSyscalls) || it->number != number) return nullptr;
  return it;
}

const SyscallInfo* find_syscall(std::string_view name) {
  for (const auto& info : kSyscalls) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

std::span<const SyscallInfo> all_syscalls() { return kSyscalls; }

bool is_exit_arg_kind(char kind) {
  return std::string_view("BHYVWQGTRZIUCXK#57").find(kind) != std::string_view::npos;
}

std::set<u64> parse_strace_filter(std::string_view list, std::string_view option) {
  std::set<u64> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (item.empty()) continue;
    u64 number = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), number);
    if (ec == std::errc{} && end == item.data() + item.size()) {
      out.insert(number);
    } else if (const SyscallInfo* info = find_syscall(item)) {
      out.insert(info->number);
    } else {
      fail(
          "{}: unknown syscall '{}' (names as riscv64 Linux spells them, e.g. "
          "readlinkat, newfstatat; or numbers)",
          option, item);
    }
  }
  return out;
}

}  // namespace rvscope
