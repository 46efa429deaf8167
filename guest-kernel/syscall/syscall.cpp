// The syscall table (Linux riscv64 numbers) and the dispatcher; unknown numbers get ENOSYS.
#include "syscall/syscall.hpp"

#include "fs/vfs.hpp"
#include "kernel/kernel.hpp"
#include "proc/task.hpp"

namespace starlet {
namespace {
constexpr int kMaxSyscall = 512;

struct Table {
  SyscallFn fn[kMaxSyscall] = {};
  constexpr Table() {
#define STARLET_ENTRY(nr, name) fn[nr] = sys_##name;
    STARLET_SYSCALLS(STARLET_ENTRY)
#undef STARLET_ENTRY
  }
};
const Table g_table;
}  // namespace

long syscall_dispatch(TrapFrame* f) {
  u64 nr = f->regs[17];
  if (nr >= kMaxSyscall || !g_table.fn[nr]) return -kENOSYS;
  long r = g_table.fn[nr](f->a(0), f->a(1), f->a(2), f->a(3), f->a(4), f->a(5));
  release_held_files(current());
  return r;
}

}  // namespace starlet
