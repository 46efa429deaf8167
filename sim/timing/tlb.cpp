// Set-associative LRU lookup of the timing TLB.
#include "sim/timing/tlb.hpp"

namespace rvscope::timing {

Tlb::Tlb(const TlbConfig& config)
    : ways_(config.ways), set_mask_(config.entries / config.ways - 1), entries_(config.entries) {}

bool Tlb::search(u64 vpn, u16 asid) {
  Entry* set = &entries_[(vpn & set_mask_) * ways_];
  Entry* victim = set;
  for (u32 w = 0; w < ways_; ++w) {
    Entry& e = set[w];
    if (e.stamp != 0 && e.vpn == vpn && e.asid == asid) {
      e.stamp = clock_;
      mru_ = &e;
      return true;
    }
    if (e.stamp < victim->stamp) victim = &e;
  }
  ++stats_.misses;
  *victim = Entry{vpn, clock_, asid};
  mru_ = victim;
  return false;
}

}  // namespace rvscope::timing
