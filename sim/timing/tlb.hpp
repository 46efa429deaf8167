// Timing TLB: which (ASID, virtual page) translations a hart holds; decides walk or no walk.
#pragma once

#include <vector>

#include "sim/common/types.hpp"
#include "sim/timing/timing_config.hpp"

namespace rvscope::timing {

struct TlbStats {
  u64 accesses = 0;
  u64 misses = 0;
};

class Tlb {
 public:
  explicit Tlb(const TlbConfig& config);

  // True on a hit; on a miss the entry is installed (the walk is charged by the caller).
  bool access(u64 vpn, u16 asid) {
    ++stats_.accesses;
    ++clock_;
    // Consecutive accesses mostly stay in one page: skip the (often fully associative) search.
    if (mru_ != nullptr && mru_->vpn == vpn && mru_->asid == asid && mru_->stamp != 0) {
      mru_->stamp = clock_;
      return true;
    }
    return search(vpn, asid);
  }
  void flush() {
    for (Entry& e : entries_) e.stamp = 0;
  }
  const TlbStats& stats() const { return stats_; }
  void reset_stats() { stats_ = {}; }

 private:
  bool search(u64 vpn, u16 asid);  // access() past the MRU entry

  struct Entry {
    u64 vpn = 0;
    u64 stamp = 0;  // 0 = invalid
    u16 asid = 0;
  };
  u32 ways_;
  u64 set_mask_;
  u64 clock_ = 0;
  std::vector<Entry> entries_;
  Entry* mru_ = nullptr;  // the entry the latest access used (flush() clears its stamp)
  TlbStats stats_;
};

}  // namespace rvscope::timing
