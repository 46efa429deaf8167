// A set-associative, write-back, write-allocate cache with true LRU: tags and state only.
#pragma once

#include <vector>

#include "sim/common/types.hpp"
#include "sim/timing/timing_config.hpp"

namespace rvscope::timing {

struct CacheStats {
  u64 accesses = 0;
  u64 misses = 0;
  u64 writebacks = 0;  // dirty lines evicted
  u64 prefetches = 0;  // lines filled by the prefetcher
};

class Cache {
 public:
  explicit Cache(const CacheConfig& config);

  struct Result {
    bool hit = false;
    bool evicted_dirty = false;
    u64 victim_addr = 0;  // line address of the dirty victim
  };

  // Looks up `addr`, fills the line on a miss (write-allocate) and marks it dirty on a write.
  Result access(u64 addr, bool write) {
    if (touch_mru(addr, write)) return {true, false, 0};
    return lookup(addr, write, true);
  }
  // The hit path of access() when `addr` is in one of the two lines the latest counted
  // accesses used (most accesses are): true and counted as access() would; false with nothing
  // changed. A remembered way hits only if it still holds the line (its tag names the set).
  bool touch_mru(u64 addr, bool write) {
    const u64 line = addr >> line_shift_;
    u32 way = mru_;
    if (tags_[way] != line) {
      way = mru2_;
      if (tags_[way] != line) return false;
      mru2_ = mru_;
      mru_ = way;
    }
    ++stats_.accesses;
    stamps_[way] = ++clock_;
    dirty_[way] |= static_cast<u8>(write);
    return true;
  }
  // Fills a line without counting an access (prefetch); no effect if already present.
  Result fill(u64 addr);
  bool contains(u64 addr) const;
  // Coherence: the state of the line holding `addr` without touching LRU or statistics;
  // dropping it (true when it was dirty); clearing its dirty bit (its data went to L2).
  struct LineState {
    bool present = false;
    bool dirty = false;
  };
  LineState probe(u64 addr) const;
  bool invalidate(u64 addr);
  void clean(u64 addr);
  void invalidate_all();

  const CacheStats& stats() const { return stats_; }
  void reset_stats() { stats_ = {}; }
  u32 line_bytes() const { return line_; }
  u64 line_of(u64 addr) const { return addr >> line_shift_; }

 private:
  // The tag of a way that holds nothing: no line number reaches it (lines are 8 bytes or more).
  static constexpr u64 kEmpty = ~u64{0};

  Result lookup(u64 addr, bool write, bool count);
  u32 way_of(u64 addr) const;  // none_ when absent
  void use(u32 way) {          // `way` served the latest counted access
    if (way != mru_) {
      mru2_ = mru_;
      mru_ = way;
    }
  }

  u32 line_;
  unsigned line_shift_;
  u32 ways_;
  u64 set_mask_;
  u64 clock_ = 0;
  // Ways as separate arrays (sets * ways, plus one never-valid way where mru_ starts), so a
  // lookup reads only the set's tags unless it misses: the L2's state is larger than the
  // host's L2 cache.
  std::vector<u64> tags_;
  std::vector<u64> stamps_;  // last use; 0 for a way that holds nothing
  std::vector<u8> dirty_;
  u32 none_;  // the never-valid way
  u32 mru_;   // the way the latest counted access used
  u32 mru2_;  // the one before
  CacheStats stats_;
};

}  // namespace rvscope::timing
