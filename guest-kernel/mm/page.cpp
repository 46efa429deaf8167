// Bitmap page allocator: next-fit search, reference counts for pages shared between spaces.
#include "mm/page.hpp"

namespace starlet {
namespace {
constexpr u64 kMaxPages = 1ull << 18;  // 1 GiB of RAM is all starlet manages
u64 g_base, g_pages, g_next, g_free;
u64 g_used[kMaxPages / 64];  // bit set = allocated or reserved
u16* g_ref;                  // per-page reference counts, in pages taken at page_init_done

int popcount(u64 x) {  // no libgcc in the kernel: the SWAR bit count
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return static_cast<int>((x * 0x0101010101010101ull) >> 56);
}

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
  // The reference counts live in the first free run big enough for them (sized from the
  // RAM the device tree reported, so .bss stays small and boot does not clear 512 KiB).
  u64 need = page_up(g_pages * sizeof(u16)) / kPageSize;
  for (u64 i = 0; i + need <= g_pages; i++) {
    u64 run = 0;
    while (run < need && !used(i + run)) run++;
    if (run == need) {
      g_ref = reinterpret_cast<u16*>(g_base + i * kPageSize);
      memset(g_ref, 0, need * kPageSize);
      for (u64 j = 0; j < need; j++) {
        set_used(i + j, true);
        g_ref[i + j] = 1;
      }
      break;
    }
    i += run;
  }
  KASSERT(g_ref);
  g_free = 0;
  for (u64 w = 0; w < (g_pages + 63) / 64; w++) g_free += 64 - popcount(g_used[w]);
  g_free -= (g_pages + 63) / 64 * 64 - g_pages;  // bits past the end of RAM read as free
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

u32 page_refs(u64 pa) { return g_ref[(pa - g_base) / kPageSize]; }

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
