// Set-associative cache lookup, LRU replacement and dirty-victim reporting.
#include "sim/timing/cache.hpp"

#include <bit>

namespace rvscope::timing {

Cache::Cache(const CacheConfig& config)
    : line_(config.line),
      line_shift_(static_cast<unsigned>(std::countr_zero(config.line))),
      ways_(config.ways),
      set_mask_(config.size / (u64{config.ways} * config.line) - 1),
      lines_(config.size / config.line) {}

Cache::Result Cache::lookup(u64 addr, bool write, bool count) {
  // Counted accesses come through access(), which tried the MRU way first.
  const u64 line = addr >> line_shift_;
  Way* set = &lines_[(line & set_mask_) * ways_];
  ++clock_;
  if (count) ++stats_.accesses;
  // Branch-free over the set: which way hits is data the host cannot predict. A line is in
  // at most one way; the victim is the first least recently used way.
  // Indices and the victim's stamp stay in registers (no load through a chosen pointer).
  u32 hit_way = ways_;
  u32 victim_way = 0;
  u64 victim_stamp = set[0].stamp;
  for (u32 w = 0; w < ways_; ++w) {
    const u64 stamp = set[w].stamp;
    hit_way = (stamp != 0 && set[w].tag == line) ? w : hit_way;
    const bool older = stamp < victim_stamp;
    victim_way = older ? w : victim_way;
    victim_stamp = older ? stamp : victim_stamp;
  }
  Way* hit = hit_way < ways_ ? &set[hit_way] : nullptr;
  Way* victim = &set[victim_way];
  if (hit != nullptr) {
    if (count) {
      hit->stamp = clock_;
      use(hit);
    }
    hit->dirty = hit->dirty || write;
    return {true, false, 0};
  }
  if (count) ++stats_.misses;
  Result r;
  if (victim->stamp != 0 && victim->dirty) {
    r.evicted_dirty = true;
    r.victim_addr = victim->tag << line_shift_;
    ++stats_.writebacks;
  }
  victim->tag = line;
  victim->stamp = clock_;
  victim->dirty = write;
  if (count) use(victim);
  return r;
}

Cache::Result Cache::fill(u64 addr) {
  if (contains(addr)) return {true, false, 0};
  ++stats_.prefetches;
  return lookup(addr, false, false);
}

bool Cache::contains(u64 addr) const {
  const u64 line = addr >> line_shift_;
  const Way* set = &lines_[(line & set_mask_) * ways_];
  for (u32 w = 0; w < ways_; ++w) {
    if (set[w].stamp != 0 && set[w].tag == line) return true;
  }
  return false;
}

void Cache::invalidate_all() {
  mru_ = mru2_ = &none_;
  for (Way& w : lines_) w = Way{};
}

}  // namespace rvscope::timing
