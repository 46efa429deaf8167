// The memory side of the timing model: per-hart L1I/L1D and TLBs in front of a shared L2.
#pragma once

#include <vector>

#include "sim/common/types.hpp"
#include "sim/timing/cache.hpp"
#include "sim/timing/timing_config.hpp"
#include "sim/timing/tlb.hpp"

namespace rvscope::timing {

class HartMemory;

// The unified L2 and main memory, shared by every hart; it knows the harts' memories so that
// their L1 data caches can be kept coherent (snooped on misses and upgrades).
class SharedL2 {
 public:
  SharedL2(const MemoryConfig& config, unsigned num_harts)
      : config_(config),
        l2_(config.l2),
        coherent_(config.coherence.enabled && config.l1d.enabled && num_harts > 1) {}
  // Cycles a request that missed in an L1 costs from here on (0 when there is no L2 and
  // memory is free).
  u32 read(u64 paddr);
  void write_back(u64 paddr);  // a dirty L1 victim; absorbed by write buffers, costs no cycles
  void fill(u64 paddr);        // prefetch
  const CacheStats& stats() const { return l2_.stats(); }
  u64 memory_writebacks() const { return memory_writebacks_; }
  void reset_stats() {
    l2_.reset_stats();
    memory_writebacks_ = 0;
  }
  bool enabled() const { return config_.l2.enabled; }
  bool coherent() const { return coherent_; }
  void attach(HartMemory* hart) { harts_.push_back(hart); }
  const std::vector<HartMemory*>& harts() const { return harts_; }

 private:
  const MemoryConfig& config_;
  Cache l2_;
  u64 memory_writebacks_ = 0;
  bool coherent_;
  std::vector<HartMemory*> harts_;
};

// What keeping this hart's L1D coherent cost it, and what the others did to it.
struct CoherenceStats {
  u64 transfers = 0;      // misses served from another hart's modified line
  u64 upgrades = 0;       // writes to a line other harts shared: their copies invalidated
  u64 invalidations = 0;  // lines this hart lost to another hart's write
  u64 cycles = 0;         // transfer and upgrade latencies charged
};

struct WalkStats {
  u64 walks = 0;
  u64 cycles = 0;
};

class HartMemory {
 public:
  HartMemory(const MemoryConfig& config, SharedL2& l2);
  HartMemory(const HartMemory&) = delete;  // the L2 holds its address
  HartMemory& operator=(const HartMemory&) = delete;

  // Extra cycles beyond an L1 hit for a data access at a physical address: for a load the
  // misses' latency, for a store only what coherence charges (its miss is absorbed by the
  // write buffer). `exclusive` (LR, AMOs) takes the line as a write would, without dirtying it.
  u32 data(u64 paddr, bool write, bool exclusive = false) {
    if (mru_hits_ && l1d_.touch_mru(paddr, write)) return 0;
    return data_slow(paddr, write, exclusive);
  }
  // Extra cycles to fetch the line holding `paddr` (0 on an L1I hit).
  u32 fetch(u64 paddr);
  // Cycles of address translation: 0 on a TLB hit, the Sv39 walk through the data caches on a
  // miss. `asid` tags entries so that address-space switches need no flush.
  u32 translate_data(u64 vaddr, u16 asid) {
    if (!config_.dtlb.enabled || dtlb_.access(page_of(vaddr), asid)) return 0;
    return walk(dwalk_, vaddr, asid);
  }
  u32 translate_fetch(u64 vaddr, u16 asid) {
    if (!config_.itlb.enabled || itlb_.access(page_of(vaddr), asid)) return 0;
    return walk(iwalk_, vaddr, asid);
  }
  void flush_tlbs() {
    itlb_.flush();
    dtlb_.flush();
  }

  u32 mmio_latency() const { return config_.mmio_latency; }
  const Cache& l1i() const { return l1i_; }
  const Cache& l1d() const { return l1d_; }
  const Tlb& itlb() const { return itlb_; }
  const Tlb& dtlb() const { return dtlb_; }
  const WalkStats& data_walks() const { return dwalk_; }
  const WalkStats& fetch_walks() const { return iwalk_; }
  const CoherenceStats& coherence() const { return coherence_; }
  void reset_stats() {
    coherence_ = {};
    l1i_.reset_stats();
    l1d_.reset_stats();
    itlb_.reset_stats();
    dtlb_.reset_stats();
    iwalk_ = {};
    dwalk_ = {};
  }

 private:
  u32 data_slow(u64 paddr, bool write, bool exclusive);
  u32 coherent_data(u64 paddr, bool write, bool exclusive);
  // A miss's L2/memory latency, and the next-line prefetch it triggers.
  u32 fill_from_l2(u64 paddr);
  static u64 page_of(u64 vaddr) { return (vaddr >> 12) & ((u64{1} << 27) - 1); }  // Sv39 VPN
  // The Sv39 walk after a TLB miss (the TLB has installed the entry): its cycles.
  u32 walk(WalkStats& walks, u64 vaddr, u16 asid);

  const MemoryConfig& config_;
  SharedL2& l2_;
  Cache l1i_;
  Cache l1d_;
  Tlb itlb_;
  Tlb dtlb_;
  WalkStats iwalk_;
  WalkStats dwalk_;
  CoherenceStats coherence_;
  // The inline hit path may serve every access: the L1D exists and nothing else must see a
  // store to a clean line (no other hart's copy to invalidate).
  bool mru_hits_;
};

}  // namespace rvscope::timing
