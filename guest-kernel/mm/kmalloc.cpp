// Size-class allocator: a 16-byte header records the class or the page-run length.
#include "mm/kmalloc.hpp"

#include "mm/page.hpp"

namespace starlet {
namespace {
constexpr int kClasses = 8;  // 32 .. 4096-byte blocks, header included
struct Header {
  u32 klass;  // < kClasses, or kBig
  u32 pages;
  u64 pad;
};
constexpr u32 kBig = 0xb16;
struct FreeBlock {
  FreeBlock* next;
};
FreeBlock* g_free[kClasses];
size_t class_size(int c) { return size_t{32} << c; }
}  // namespace

void* kmalloc(size_t size) {
  size_t need = size + sizeof(Header);
  int c = 0;
  while (c < kClasses - 1 && class_size(c) < need) c++;
  if (class_size(c) < need || c == kClasses - 1) {
    u64 pages = page_up(need) / kPageSize;
    u64 pa = page_alloc_contig(pages);
    if (!pa) return nullptr;
    auto* h = reinterpret_cast<Header*>(pa);
    h->klass = kBig;
    h->pages = static_cast<u32>(pages);
    return h + 1;
  }
  if (!g_free[c]) {
    u64 pa = page_alloc();
    if (!pa) return nullptr;
    for (size_t off = 0; off + class_size(c) <= kPageSize; off += class_size(c)) {
      auto* b = reinterpret_cast<FreeBlock*>(pa + off);
      b->next = g_free[c];
      g_free[c] = b;
    }
  }
  FreeBlock* b = g_free[c];
  g_free[c] = b->next;
  memset(b, 0, class_size(c));
  auto* h = reinterpret_cast<Header*>(b);
  h->klass = static_cast<u32>(c);
  return h + 1;
}

void kfree(void* p) {
  if (!p) return;
  auto* h = static_cast<Header*>(p) - 1;
  if (h->klass == kBig) {
    page_free_contig(reinterpret_cast<u64>(h), h->pages);
    return;
  }
  KASSERT(h->klass < kClasses);
  int c = static_cast<int>(h->klass);
  auto* b = reinterpret_cast<FreeBlock*>(h);
  b->next = g_free[c];
  g_free[c] = b;
}

}  // namespace starlet
