// Bare-metal runtime for the ELFs run on both rvscope and QEMU: output through HTIF's bcd
// console (device 1, command 1: one character per request), exit through HTIF, because
// QEMU's spike machine implements those two but not the syscall proxy that rt_htif.c uses.
#include "rt.h"

volatile u64 tohost __attribute__((section(".tohost"), aligned(64)));
volatile u64 fromhost __attribute__((section(".tohost"), aligned(64)));

static void htif_putchar(char c) {
  tohost = (1ul << 56) | (1ul << 48) | (unsigned char)c;
  // Both answer every console write in fromhost; the next request must wait for it.
  while (fromhost == 0) {
  }
  fromhost = 0;
}

void rt_write(const char* buf, u64 len) {
  for (u64 i = 0; i < len; ++i) htif_putchar(buf[i]);
}

void rt_exit(int code) {
  tohost = ((u64)(unsigned)code << 1) | 1;
  for (;;) {
  }
}
