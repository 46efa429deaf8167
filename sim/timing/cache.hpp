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
  Cache(const Cache&) = delete;  // mru_/mru2_ point into this object
  Cache& operator=(const Cache&) = delete;

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
    Way* way = mru_;
    if (way->tag != line || way->stamp == 0) {
      way = mru2_;
      if (way->tag != line || way->stamp == 0) return false;
      mru2_ = mru_;
      mru_ = way;
    }
    ++stats_.accesses;
    way->stamp = ++clock_;
    way->dirty = way->dirty || write;
    return true;
  }
  // Fills a line without counting an access (prefetch); no effect if already present.
  Result fill(u64 addr);
  bool contains(u64 addr) const;
  void invalidate_all();

  const CacheStats& stats() const { return stats_; }
  void reset_stats() { stats_ = {}; }
  u32 line_bytes() const { return line_; }
  u64 line_of(u64 addr) const { return addr >> line_shift_; }

 private:
  struct Way {
    u64 tag = 0;
    u64 stamp = 0;  // last use; 0 = invalid
    bool dirty = false;
  };
  Result lookup(u64 addr, bool write, bool count);

  u32 line_;
  unsigned line_shift_;
  u32 ways_;
  u64 set_mask_;
  u64 clock_ = 0;
  void use(Way* way) {  // `way` served the latest counted access
    if (way != mru_) {
      mru2_ = mru_;
      mru_ = way;
    }
  }

  std::vector<Way> lines_;  // sets * ways
  Way none_;                // never valid: what mru_/mru2_ point at before any access
  Way* mru_ = &none_;       // the way the latest counted access used
  Way* mru2_ = &none_;      // the one before
  CacheStats stats_;
};

}  // namespace rvscope::timing
