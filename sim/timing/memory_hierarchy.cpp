// Cache and TLB lookups turned into cycles: L1 miss to L2 to memory, Sv39 walks, prefetch.
#include "sim/timing/memory_hierarchy.hpp"

namespace rvscope::timing {

namespace {
// Events carry no PTE addresses, so the walker reads synthetic ones: one 8-byte PTE per
// (level, index) in a region no RAM occupies, so neighbouring pages share PTE lines as on
// real hardware and walks compete with data for cache space.
constexpr u64 kPteRegion = u64{0xf} << 56;
constexpr unsigned kSv39Levels = 3;

u64 pte_address(u64 vpn, unsigned level, u16 asid) {
  const u64 index = vpn >> (9 * level);
  return kPteRegion | (u64{level} << 52) | (u64{asid} << 36) | ((index * 8) & ((u64{1} << 36) - 1));
}
}  // namespace

u32 SharedL2::read(u64 paddr) {
  if (!config_.l2.enabled) return config_.l2.latency;  // an ideal L2: every request hits
  const Cache::Result r = l2_.access(paddr, false);
  if (r.evicted_dirty) ++memory_writebacks_;
  return config_.l2.latency + (r.hit ? 0 : config_.memory_latency);
}

void SharedL2::write_back(u64 paddr) {
  if (!config_.l2.enabled) return;
  // A writeback from L1 can miss in a non-inclusive L2; it allocates there, dirty.
  const Cache::Result r = l2_.access(paddr, true);
  if (r.evicted_dirty) ++memory_writebacks_;
}

void SharedL2::fill(u64 paddr) {
  if (!config_.l2.enabled) return;
  const Cache::Result r = l2_.fill(paddr);
  if (r.evicted_dirty) ++memory_writebacks_;
}

HartMemory::HartMemory(const MemoryConfig& config, SharedL2& l2)
    : config_(config),
      l2_(l2),
      l1i_(config.l1i),
      l1d_(config.l1d),
      itlb_(config.itlb),
      dtlb_(config.dtlb) {}

u32 HartMemory::data_slow(u64 paddr, bool write) {
  if (!config_.l1d.enabled) return 0;  // an ideal L1D
  const Cache::Result r = l1d_.access(paddr, write);
  if (r.evicted_dirty) l2_.write_back(r.victim_addr);
  if (r.hit) return 0;
  const u32 extra = l2_.read(paddr);
  if (config_.next_line_prefetch) {
    const u64 next = paddr + config_.l1d.line;
    const Cache::Result p = l1d_.fill(next);
    if (p.evicted_dirty) l2_.write_back(p.victim_addr);
    l2_.fill(next);
  }
  return extra;
}

u32 HartMemory::fetch(u64 paddr) {
  if (!config_.l1i.enabled) return 0;  // ideal instruction fetch
  const Cache::Result r = l1i_.access(paddr, false);
  return r.hit ? 0 : l2_.read(paddr);
}

u32 HartMemory::walk(WalkStats& walks, u64 vaddr, u16 asid) {
  const u64 vpn = page_of(vaddr);
  u32 cycles = 0;
  for (unsigned level = kSv39Levels; level-- > 0;) {
    const u64 pte = pte_address(vpn, level, asid);
    cycles += config_.page_walk_latency + config_.l1d.latency + data(pte, false);
  }
  ++walks.walks;
  walks.cycles += cycles;
  return cycles;
}

}  // namespace rvscope::timing
