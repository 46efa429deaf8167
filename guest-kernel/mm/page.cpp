// Bitmap page allocator: next-fit search, reference counts for pages shared between spaces.
#include "mm/page.hpp"

namespace starlet {
namespace {
constexpr u64 kMaxPages = 1ull << 18;  // 1 GiB of RAM is all starlet manages
u64 g_base, g_pages, g_next, g_free;
u64 g_used[kMaxPages / 64];  // bit set = allocated or reserved
u16 g_ref[kMaxPages];

bool used(u64 i) { return g_used[i / 64] >> (i % 64) & 1; }
void set_used(u64 i, bool v) {
  if (v)
    g_used[i / 64] |= 1ull << (i % 64);
  else
    g_used[i / 64] &= ~(1ull << (i % 64));
}
}  // namespace

void page_init(u64 ram_base, u64 ram_size) {
  g_base = ram_base;
  g_pages = min(ram_size / kPageSize, kMaxPages);
}

void page_reserve(u64 start, u64 end) {
  for (u64 a = page_down(start); a < end; a += kPageSize) {
    if (a >= g_base && (a - g_base) / kPageSize < g_pages) set_used((a - g_base) / kPageSize, true);
  }
}

void page_init_done() {
  g_free = 0;
  for (u64 i = 0; i < g_pages; i++) g_free += !used(i);
}

u64 ram_end() { return g_base + g_pages * kPageSize; }
u64 page_free_count() { return g_free; }

u64 page_alloc() { return page_alloc_contig(1); }

u64 page_alloc_contig(u64 count) {
  if (count == 0 || count > g_free) return 0;
  for (u64 scanned = 0, i = g_next; scanned < g_pages + count; scanned++, i++) {
    if (i + count > g_pages) {
      i = 0;
      continue;
    }
    u64 run = 0;
    while (run < count && !used(i + run)) run++;
    if (run == count) {
      for (u64 j = 0; j < count; j++) {
        set_used(i + j, true);
        g_ref[i + j] = 1;
      }
      g_free -= count;
      g_next = i + count;
      u64 pa = g_base + i * kPageSize;
      memset(reinterpret_cast<void*>(pa), 0, count * kPageSize);
      return pa;
    }
    i += run;
  }
  return 0;
}

void page_get(u64 pa) { g_ref[(pa - g_base) / kPageSize]++; }

void page_put(u64 pa) {
  u64 i = (pa - g_base) / kPageSize;
  KASSERT(i < g_pages && used(i) && g_ref[i] > 0);
  if (--g_ref[i] == 0) {
    set_used(i, false);
    g_free++;
  }
}

void page_free_contig(u64 pa, u64 count) {
  for (u64 j = 0; j < count; j++) page_put(pa + j * kPageSize);
}

}  // namespace starlet
