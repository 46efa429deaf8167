// Sv39 page tables for the benchmark's S-mode variant: RAM from 0x80000000 identity-mapped
// with 4 KiB leaves only, so every page of the working set needs its own TLB entry.
#include "rt.h"

#define MAPPED_BYTES (16u << 20)
#define L0_TABLES (MAPPED_BYTES >> 21)

enum { kV = 1, kR = 2, kW = 4, kX = 8, kA = 64, kD = 128 };

static u64 root[512] __attribute__((aligned(4096)));
static u64 level1[512] __attribute__((aligned(4096)));
static u64 level0[L0_TABLES][512] __attribute__((aligned(4096)));

static u64 table_pte(const void* table) { return ((u64)table >> 12) << 10 | kV; }

u64 sv39_build_tables(void) {
  const u64 base = 0x80000000ul;
  root[(base >> 30) & 511] = table_pte(level1);
  for (u64 t = 0; t < L0_TABLES; ++t) {
    level1[((base >> 21) & 511) + t] = table_pte(level0[t]);
    for (u64 i = 0; i < 512; ++i) {
      const u64 pa = base + (t << 21) + (i << 12);
      level0[t][i] = (pa >> 12) << 10 | kV | kR | kW | kX | kA | kD;
    }
  }
  return (8ul << 60) | ((u64)root >> 12);
}
