// Set-associative cache lookup, LRU replacement and dirty-victim reporting.
#include "sim/timing/cache.hpp"

#include <algorithm>
#include <bit>

namespace rvscope::timing {

Cache::Cache(const CacheConfig& config)
    : line_(config.line),
      line_shift_(static_cast<unsigned>(std::countr_zero(config.line))),
      ways_(config.ways),
      set_mask_(config.size / (u64{config.ways} * config.line) - 1),
      tags_(config.size / config.line + 1, kEmpty),
      stamps_(tags_.size(), 0),
      dirty_(tags_.size(), 0),
      none_(static_cast<u32>(tags_.size() - 1)),
      mru_(none_),
      mru2_(none_) {}

Cache::Result Cache::lookup(u64 addr, bool write, bool count) {
  // Counted accesses come through access(), which tried the remembered ways first.
  const u64 line = addr >> line_shift_;
  const std::size_t set = (line & set_mask_) * ways_;
  ++clock_;
  if (count) ++stats_.accesses;
  // Branch-free over the set: which way hits is data the host cannot predict. A line is in
  // at most one way.
  const u64* tags = &tags_[set];
  u32 hit = ways_;
  for (u32 w = 0; w < ways_; ++w) hit = tags[w] == line ? w : hit;
  if (hit < ways_) {
    const auto way = static_cast<u32>(set + hit);
    if (count) {
      stamps_[way] = clock_;
      use(way);
    }
    dirty_[way] |= static_cast<u8>(write);
    return {true, false, 0};
  }
  // The victim is the first least recently used way (empty ways have stamp 0); its index and
  // stamp stay in registers.
  const u64* stamps = &stamps_[set];
  u32 victim = 0;
  u64 victim_stamp = stamps[0];
  for (u32 w = 1; w < ways_; ++w) {
    const bool older = stamps[w] < victim_stamp;
    victim = older ? w : victim;
    victim_stamp = older ? stamps[w] : victim_stamp;
  }
  const auto way = static_cast<u32>(set + victim);
  if (count) ++stats_.misses;
  Result r;
  if (tags_[way] != kEmpty && dirty_[way] != 0) {
    r.evicted_dirty = true;
    r.victim_addr = tags_[way] << line_shift_;
    ++stats_.writebacks;
  }
  tags_[way] = line;
  stamps_[way] = clock_;
  dirty_[way] = static_cast<u8>(write);
  if (count) use(way);
  return r;
}

Cache::Result Cache::fill(u64 addr) {
  if (contains(addr)) return {true, false, 0};
  ++stats_.prefetches;
  return lookup(addr, false, false);
}

u32 Cache::way_of(u64 addr) const {
  const u64 line = addr >> line_shift_;
  const std::size_t set = (line & set_mask_) * ways_;
  for (u32 w = 0; w < ways_; ++w) {
    if (tags_[set + w] == line) return static_cast<u32>(set + w);
  }
  return none_;
}

Cache::LineState Cache::probe(u64 addr) const {
  const u32 way = way_of(addr);
  return way == none_ ? LineState{} : LineState{true, dirty_[way] != 0};
}

bool Cache::invalidate(u64 addr) {
  const u32 way = way_of(addr);
  if (way == none_) return false;
  const bool was_dirty = dirty_[way] != 0;
  tags_[way] = kEmpty;
  stamps_[way] = 0;
  dirty_[way] = 0;
  return was_dirty;
}

void Cache::clean(u64 addr) {
  const u32 way = way_of(addr);
  if (way != none_) dirty_[way] = 0;
}

bool Cache::contains(u64 addr) const {
  const u64 line = addr >> line_shift_;
  const u64* tags = &tags_[(line & set_mask_) * ways_];
  for (u32 w = 0; w < ways_; ++w) {
    if (tags[w] == line) return true;
  }
  return false;
}

void Cache::invalidate_all() {
  mru_ = mru2_ = none_;
  std::fill(tags_.begin(), tags_.end(), kEmpty);
  std::fill(stamps_.begin(), stamps_.end(), 0);
  std::fill(dirty_.begin(), dirty_.end(), 0);
}

}  // namespace rvscope::timing
