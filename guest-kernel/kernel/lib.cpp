// Freestanding string and memory routines the compiler and the kernel rely on.
#include "kernel/kernel.hpp"
#include "mm/kmalloc.hpp"

extern "C" {

void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  if (((reinterpret_cast<uintptr_t>(d) | reinterpret_cast<uintptr_t>(s) | n) & 7) == 0) {
    auto* d8 = reinterpret_cast<uint64_t*>(d);
    auto* s8 = reinterpret_cast<const uint64_t*>(s);
    for (size_t i = 0; i < n / 8; i++) d8[i] = s8[i];
    return dst;
  }
  for (size_t i = 0; i < n; i++) d[i] = s[i];
  return dst;
}

void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  if (d < s) {
    for (size_t i = 0; i < n; i++) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; i--) d[i - 1] = s[i - 1];
  }
  return dst;
}

void* memset(void* dst, int c, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  if (c == 0 && ((reinterpret_cast<uintptr_t>(d) | n) & 7) == 0) {
    auto* d8 = reinterpret_cast<uint64_t*>(d);
    for (size_t i = 0; i < n / 8; i++) d8[i] = 0;
    return dst;
  }
  for (size_t i = 0; i < n; i++) d[i] = static_cast<unsigned char>(c);
  return dst;
}

int memcmp(const void* a, const void* b, size_t n) {
  auto* x = static_cast<const unsigned char*>(a);
  auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; i++) {
    if (x[i] != y[i]) return x[i] - y[i];
  }
  return 0;
}

}  // extern "C"

namespace starlet {

size_t kstrlen(const char* s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

int kstrcmp(const char* a, const char* b) {
  while (*a && *a == *b) a++, b++;
  return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
}

int kstrncmp(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (a[i] != b[i] || !a[i])
      return static_cast<unsigned char>(a[i]) - static_cast<unsigned char>(b[i]);
  }
  return 0;
}

char* kstrdup(const char* s) {
  size_t n = kstrlen(s) + 1;
  auto* p = static_cast<char*>(kmalloc(n));
  if (p) memcpy(p, s, n);
  return p;
}

}  // namespace starlet
