// The target-independent part of the freestanding runtime: buffered output helpers and the
// memory functions compilers emit calls to.
#include "rt.h"

static char out_buf[4096];
static u64 out_len;

static void flush(void) {
  if (out_len > 0) rt_write(out_buf, out_len);
  out_len = 0;
}

static void put(char c) {
  if (out_len == sizeof out_buf) flush();
  out_buf[out_len++] = c;
  if (c == '\n') flush();
}

void rt_puts(const char* s) {
  while (*s) put(*s++);
}

void rt_hex(u64 value, int digits) {
  for (int i = digits - 1; i >= 0; --i) put("0123456789abcdef"[(value >> (4 * i)) & 15]);
}

void rt_dec(i64 value) {
  char tmp[24];
  int n = 0;
  u64 v = value < 0 ? -(u64)value : (u64)value;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  if (value < 0) put('-');
  while (n > 0) put(tmp[--n]);
}

void rt_nl(void) { put('\n'); }

void* memset(void* dst, int c, u64 n) {
  unsigned char* d = dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

void* memcpy(void* dst, const void* src, u64 n) {
  unsigned char* d = dst;
  const unsigned char* s = src;
  while (n--) *d++ = *s++;
  return dst;
}

int main(void);

__attribute__((noreturn)) void rt_main(void) {
  const int code = main();
  flush();
  rt_exit(code);
}
