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
      dtlb_(config.dtlb),
      mru_hits_(config.l1d.enabled && !l2.coherent()) {
  l2_.attach(this);
}

u32 HartMemory::fill_from_l2(u64 paddr) {
  const u32 extra = l2_.read(paddr);
  if (config_.next_line_prefetch) {
    const u64 next = paddr + config_.l1d.line;
    const Cache::Result p = l1d_.fill(next);
    if (p.evicted_dirty) l2_.write_back(p.victim_addr);
    l2_.fill(next);
  }
  return extra;
}

u32 HartMemory::data_slow(u64 paddr, bool write, bool exclusive) {
  if (!config_.l1d.enabled) return 0;  // an ideal L1D
  if (l2_.coherent()) return coherent_data(paddr, write, exclusive);
  const Cache::Result r = l1d_.access(paddr, write);
  if (r.evicted_dirty) l2_.write_back(r.victim_addr);
  if (r.hit) return 0;
  const u32 extra = fill_from_l2(paddr);
  return write ? 0 : extra;
}

// MESI with the states read off the caches: a line held dirty is Modified (and, by the
// protocol, in no other L1); a clean one is Exclusive or Shared, which only matters when it
// is written, and a snoop of the other harts tells which.
u32 HartMemory::coherent_data(u64 paddr, bool write, bool exclusive) {
  const bool own = write || exclusive;
  const Cache::LineState mine = l1d_.probe(paddr);
  if (mine.present && (!own || mine.dirty)) {
    l1d_.access(paddr, write);
    return 0;
  }
  bool shared = false;    // another L1 held the line
  bool modified = false;  // ... and had written it
  for (HartMemory* other : l2_.harts()) {
    if (other == this) continue;
    const Cache::LineState theirs = other->l1d_.probe(paddr);
    if (!theirs.present) continue;
    shared = true;
    modified = modified || theirs.dirty;
    if (theirs.dirty) l2_.write_back(paddr);  // their data reaches L2 (M -> S or M -> I)
    if (own) {
      other->l1d_.invalidate(paddr);
      ++other->coherence_.invalidations;
    } else if (theirs.dirty) {
      other->l1d_.clean(paddr);
    }
  }
  u32 cost = 0;
  if (mine.present) {  // a write to a clean line: E -> M silently, S -> M invalidates
    l1d_.access(paddr, write);
    if (shared) {
      ++coherence_.upgrades;
      cost = config_.coherence.upgrade_latency;
    }
    coherence_.cycles += cost;
    return cost;
  }
  const Cache::Result r = l1d_.access(paddr, write);
  if (r.evicted_dirty) l2_.write_back(r.victim_addr);
  if (modified) {  // the line comes from the other hart's cache, not from L2
    ++coherence_.transfers;
    cost = config_.coherence.transfer_latency;
    coherence_.cycles += cost;
    return cost;
  }
  if (own && shared) {  // a write miss to shared lines: the read for ownership invalidated them
    ++coherence_.upgrades;
    cost = config_.coherence.upgrade_latency;
    coherence_.cycles += cost;
  }
  const u32 extra = fill_from_l2(paddr);
  return write ? cost : cost + extra;
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
