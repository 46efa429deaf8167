/* clone3 for tests: struct clone_args as of Linux 5.7 (88 bytes), an assembly trampoline
 * that runs a function in the child on whatever stack the kernel gave it, and raw syscalls
 * that touch neither errno nor TLS (safe in children that share memory or changed tp). */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct clone_args88 {
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
  uint64_t set_tid, set_tid_size, cgroup;
};
_Static_assert(sizeof(struct clone_args88) == 88, "CLONE_ARGS_SIZE_VER2");

#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#define NR_clone3 435

/* Returns clone3's raw result (-errno on failure). In the child, calls fn(arg) and exits
 * the thread with its return value; the child never returns into C code of the parent. */
long clone3_run(void* args, size_t size, int (*fn)(void*), void* arg);

__asm__(
    ".text\n"
    ".globl clone3_run\n"
    ".type clone3_run, @function\n"
    "clone3_run:\n"
#if defined(__riscv)
    "  mv t0, a2\n"
    "  mv t1, a3\n"
    "  li a7, 435\n"
    "  ecall\n"
    "  bnez a0, 1f\n"
    "  mv a0, t1\n"
    "  jalr t0\n"
    "  li a7, 93\n"
    "  ecall\n"
    "1:\n"
    "  ret\n"
#elif defined(__x86_64__)
    "  mov %rdx, %r8\n"
    "  mov %rcx, %r9\n"
    "  mov $435, %eax\n"
    "  syscall\n"
    "  test %rax, %rax\n"
    "  jnz 1f\n"
    "  xor %ebp, %ebp\n"
    "  and $-16, %rsp\n"
    "  mov %r9, %rdi\n"
    "  call *%r8\n"
    "  mov %eax, %edi\n"
    "  mov $60, %eax\n"
    "  syscall\n"
    "1:\n"
    "  ret\n"
#else
#error "clone3_tramp.h: riscv64 and x86-64 only"
#endif
    ".size clone3_run, .-clone3_run\n");

static inline long raw_syscall4(long n, long a, long b, long c, long d) {
#if defined(__riscv)
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a3 __asm__("a3") = d;
  register long a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a7) : "memory");
  return a0;
#else
  long ret;
  register long r10 __asm__("r10") = d;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
  return ret;
#endif
}

#if defined(__riscv)
#define NR_gettid 178
#define NR_getpid 172
#define NR_rt_sigaction 134
#else
#define NR_gettid 186
#define NR_getpid 39
#define NR_rt_sigaction 13
#endif

/* The thread pointer the kernel installed (tp on riscv64, the FS base on x86-64). */
static inline uint64_t read_thread_pointer(void) {
#if defined(__riscv)
  uint64_t tp;
  __asm__ volatile("mv %0, tp" : "=r"(tp));
  return tp;
#else
  uint64_t fs = 0;
  raw_syscall4(158 /* arch_prctl */, 0x1003 /* ARCH_GET_FS */, (long)&fs, 0, 0);
  return fs;
#endif
}
