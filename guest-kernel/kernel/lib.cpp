// Freestanding string and memory routines the compiler and the kernel rely on.
#include "kernel/kernel.hpp"
#include "mm/kmalloc.hpp"

extern "C" {

void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  if (((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 7) == 0) {
    // Same alignment: bytes up to a word boundary, then words, then the tail.
    while (n && (reinterpret_cast<uintptr_t>(d) & 7)) *d++ = *s++, n--;
    auto* d8 = reinterpret_cast<uint64_t*>(d);
    auto* s8 = reinterpret_cast<const uint64_t*>(s);
    size_t words = n / 8, i = 0;
    // Eight words per iteration: page copies (fork, exec) dominate the kernel's own work.
    for (; i + 8 <= words; i += 8) {
      uint64_t a = s8[i], b = s8[i + 1], c = s8[i + 2], e = s8[i + 3];
      uint64_t f = s8[i + 4], g = s8[i + 5], h = s8[i + 6], k = s8[i + 7];
      d8[i] = a, d8[i + 1] = b, d8[i + 2] = c, d8[i + 3] = e;
      d8[i + 4] = f, d8[i + 5] = g, d8[i + 6] = h, d8[i + 7] = k;
    }
    for (; i < words; i++) d8[i] = s8[i];
    d += words * 8, s += words * 8, n -= words * 8;
  } else if (((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 3) == 0) {
    // cpio newc aligns file data to 4 bytes only: ELF segments copied out of the initrd.
    while (n && (reinterpret_cast<uintptr_t>(d) & 3)) *d++ = *s++, n--;
    auto* d4 = reinterpret_cast<uint32_t*>(d);
    auto* s4 = reinterpret_cast<const uint32_t*>(s);
    size_t words = n / 4, i = 0;
    for (; i + 4 <= words; i += 4) {
      uint32_t a = s4[i], b = s4[i + 1], c = s4[i + 2], e = s4[i + 3];
      d4[i] = a, d4[i + 1] = b, d4[i + 2] = c, d4[i + 3] = e;
    }
    for (; i < words; i++) d4[i] = s4[i];
    d += words * 4, s += words * 4, n -= words * 4;
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
    size_t words = n / 8, i = 0;
    for (; i + 8 <= words; i += 8) {
      d8[i] = 0, d8[i + 1] = 0, d8[i + 2] = 0, d8[i + 3] = 0;
      d8[i + 4] = 0, d8[i + 5] = 0, d8[i + 6] = 0, d8[i + 7] = 0;
    }
    for (; i < words; i++) d8[i] = 0;
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
