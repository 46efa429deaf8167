// Kernel formatted output to the console (a small vsnprintf), and panic.
#include <stdarg.h>

#include "drivers/uart.hpp"
#include "kernel/kernel.hpp"

namespace starlet {
namespace {

struct Out {
  char* buf;
  size_t cap;
  size_t len;
  void put(char c) {
    if (len + 1 < cap) buf[len] = c;
    len++;
  }
};

void put_num(Out& o, u64 v, unsigned base, bool neg, int width, char pad) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  if (neg) tmp[n++] = '-';
  for (int i = n; i < width; i++) o.put(pad);
  while (n) o.put(tmp[--n]);
}

void vformat(Out& o, const char* fmt, va_list ap) {
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      o.put(*fmt);
      continue;
    }
    fmt++;
    char pad = ' ';
    int width = 0;
    if (*fmt == '0') pad = '0', fmt++;
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    int lng = 0;
    while (*fmt == 'l' || *fmt == 'z') lng++, fmt++;
    switch (*fmt) {
      case 'd': {
        i64 v = lng ? va_arg(ap, i64) : va_arg(ap, int);
        put_num(o, v < 0 ? -static_cast<u64>(v) : v, 10, v < 0, width, pad);
        break;
      }
      case 'u':
        put_num(o, lng ? va_arg(ap, u64) : va_arg(ap, unsigned), 10, false, width, pad);
        break;
      case 'x':
        put_num(o, lng ? va_arg(ap, u64) : va_arg(ap, unsigned), 16, false, width, pad);
        break;
      case 'p':
        o.put('0'), o.put('x');
        put_num(o, reinterpret_cast<u64>(va_arg(ap, void*)), 16, false, width, pad);
        break;
      case 's': {
        const char* s = va_arg(ap, const char*);
        if (!s) s = "(null)";
        while (*s) o.put(*s++);
        break;
      }
      case 'c':
        o.put(static_cast<char>(va_arg(ap, int)));
        break;
      case '%':
        o.put('%');
        break;
      default:
        o.put('?');
        break;
    }
  }
}

}  // namespace

int kvsnprintf(char* buf, size_t n, const char* fmt, va_list ap) {
  Out o{buf, n, 0};
  vformat(o, fmt, ap);
  if (n) buf[o.len < n ? o.len : n - 1] = 0;
  return static_cast<int>(o.len);
}

int ksnprintf(char* buf, size_t n, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int len = kvsnprintf(buf, n, fmt, ap);
  va_end(ap);
  return len;
}

void kprintf(const char* fmt, ...) {
  char buf[512];
  Out o{buf, sizeof buf, 0};
  va_list ap;
  va_start(ap, fmt);
  vformat(o, fmt, ap);
  va_end(ap);
  size_t n = o.len < sizeof buf ? o.len : sizeof buf - 1;
  uart_write(buf, n);
  log_append(buf, n);
}

void panic(const char* fmt, ...) {
  char buf[512];
  Out o{buf, sizeof buf, 0};
  va_list ap;
  va_start(ap, fmt);
  vformat(o, fmt, ap);
  va_end(ap);
  uart_write("starlet: panic: ", 16);
  uart_write(buf, o.len < sizeof buf ? o.len : sizeof buf - 1);
  uart_write("\n", 1);
  machine_power_off(255);
}

}  // namespace starlet
