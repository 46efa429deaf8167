// Bare-metal runtime: output and exit through HTIF's syscall proxy (SYS_write 64, SYS_exit 93
// in a magic_mem block), the convention of riscv-tests and newlib's libgloss for HTIF.
#include "rt.h"

volatile u64 tohost __attribute__((section(".tohost"), aligned(64)));
volatile u64 fromhost __attribute__((section(".tohost"), aligned(64)));

static long htif_syscall(u64 number, u64 a0, u64 a1, u64 a2) {
  static volatile u64 magic_mem[8] __attribute__((aligned(64)));
  magic_mem[0] = number;
  magic_mem[1] = a0;
  magic_mem[2] = a1;
  magic_mem[3] = a2;
  __asm__ volatile("fence" ::: "memory");
  tohost = (u64)magic_mem;
  while (fromhost == 0) {
  }
  fromhost = 0;
  __asm__ volatile("fence" ::: "memory");
  return (long)magic_mem[0];
}

void rt_write(const char* buf, u64 len) { htif_syscall(64, 1, (u64)buf, len); }

void rt_exit(int code) {
  tohost = ((u64)(unsigned)code << 1) | 1;
  for (;;) {
  }
}
