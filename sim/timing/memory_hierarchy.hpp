// The memory side of the timing model: per-hart L1I/L1D and TLBs in front of a shared L2.
#pragma once

#include "sim/common/types.hpp"
#include "sim/timing/cache.hpp"
#include "sim/timing/timing_config.hpp"
#include "sim/timing/tlb.hpp"

namespace rvscope::timing {

// The unified L2 and main memory, shared by every hart.
class SharedL2 {
 public:
  explicit SharedL2(const MemoryConfig& config) : config_(config), l2_(config.l2) {}
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

 private:
  const MemoryConfig& config_;
  Cache l2_;
  u64 memory_writebacks_ = 0;
};

struct WalkStats {
  u64 walks = 0;
  u64 cycles = 0;
};

class HartMemory {
 public:
  HartMemory(const MemoryConfig& config, SharedL2& l2);

  // Extra cycles beyond an L1 hit for a data access at a physical address.
  u32 data(u64 paddr, bool write) {
    if (config_.l1d.enabled && l1d_.touch_mru(paddr, write)) return 0;
    return data_slow(paddr, write);
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
  void reset_stats() {
    l1i_.reset_stats();
    l1d_.reset_stats();
    itlb_.reset_stats();
    dtlb_.reset_stats();
    iwalk_ = {};
    dwalk_ = {};
  }

 private:
  u32 data_slow(u64 paddr, bool write);
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
};

}  // namespace rvscope::timing
