/* pie_hello: a freestanding static-pie (ET_DYN without an interpreter), loaded at a base
 * chosen by the kernel. Debian's cross glibc has no rcrt1.o, so this one talks to the kernel
 * directly; it checks argc/argv, AT_ENTRY, AT_PHDR, AT_PAGESZ and AT_RANDOM. */
#include <stddef.h>
#include <stdint.h>

__asm__(
    ".text\n.globl _start\n_start:\n"
    "  mv a0, sp\n"
    "  andi sp, sp, -16\n"
    "  call pie_main\n"
    "  li a7, 94\n"
    "  ecall\n");

static long sys3(long n, long a, long b, long c) {
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}
static size_t len(const char* s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}
static void put(const char* s) { sys3(64, 1, (long)s, (long)len(s)); }
static int failures;
static void check(int ok, const char* what) {
  failures += !ok;
  put(ok ? "ok - " : "not ok - ");
  put(what);
  put("\n");
}

extern void _start(void) __attribute__((visibility("hidden")));

int pie_main(uintptr_t* sp) {
  long argc = (long)sp[0];
  char** argv = (char**)(sp + 1);
  uintptr_t* p = sp + 1 + argc + 1;
  while (*p) p++; /* skip envp */
  uintptr_t entry = 0, phdr = 0, pagesz = 0, random = 0, phent = 0, phnum = 0;
  for (p++; p[0]; p += 2) {
    if (p[0] == 9) entry = p[1];
    if (p[0] == 3) phdr = p[1];
    if (p[0] == 4) phent = p[1];
    if (p[0] == 5) phnum = p[1];
    if (p[0] == 6) pagesz = p[1];
    if (p[0] == 25) random = p[1];
  }
  put("static-pie: hello\n");
  check(argc >= 1 && argv[0] && len(argv[0]) > 0, "argv[0] present");
  check(entry == (uintptr_t)&_start, "AT_ENTRY is where _start was loaded");
  int loads = 0, dynamic = 0;
  for (uintptr_t i = 0; phdr && phent == 56 && i < phnum; i++) {
    uint32_t type = *(uint32_t*)(phdr + i * phent);
    loads += type == 1;
    dynamic += type == 2;
  }
  check(loads >= 1 && dynamic == 1, "AT_PHDR/AT_PHENT/AT_PHNUM describe the program headers");
  check(pagesz == 4096, "AT_PAGESZ 4096");
  check(random != 0, "AT_RANDOM present");
  check((uintptr_t)&_start > 0x100000, "loaded away from address 0");
  return failures;
}
