// A tiny freestanding C runtime shared by the bare-metal (HTIF) and Linux (ecall) builds:
// output, exit, and the few libc functions the compiler may call on its own.
#pragma once

typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef int i32;

// Provided per target (rt_htif.c or rt_linux.c).
void rt_write(const char* buf, u64 len);
__attribute__((noreturn)) void rt_exit(int code);

void rt_puts(const char* s);
void rt_hex(u64 value, int digits);
void rt_dec(i64 value);
void rt_nl(void);

void* memset(void* dst, int c, u64 n);
void* memcpy(void* dst, const void* src, u64 n);
