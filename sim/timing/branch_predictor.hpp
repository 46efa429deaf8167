// Branch direction predictors (static, bimodal, gshare), a BTB and a return-address stack.
#pragma once

#include <vector>

#include "sim/common/types.hpp"
#include "sim/timing/timing_config.hpp"

namespace rvscope::timing {

struct BranchStats {
  u64 branches = 0;  // conditional branches
  u64 branch_mispredicts = 0;
  u64 jumps = 0;             // jal/jalr
  u64 jump_mispredicts = 0;  // indirect target or return address wrong
  u64 btb_misses = 0;        // taken direct control flow without a BTB entry
};

// What the front end got wrong about one control-flow instruction.
struct Prediction {
  bool mispredicted = false;  // wrong direction or target: pay the misprediction penalty
  bool btb_miss = false;      // right direction, target known only after decode: small bubble
};

class BranchPredictor {
 public:
  explicit BranchPredictor(const PredictorConfig& config);

  Prediction conditional(u64 pc, bool taken, u64 target);
  // `indirect`: jalr (target from a register). `link_rd`/`link_rs1`: rd/rs1 is x1 or x5.
  Prediction jump(u64 pc, u64 target, u64 return_addr, bool indirect, bool link_rd, bool link_rs1,
                  bool same_reg);

  const BranchStats& stats() const { return stats_; }
  void reset_stats() { stats_ = {}; }

 private:
  bool btb_hit(u64 pc, u64 target);  // looks up and trains the BTB

  PredictorKind kind_;
  std::vector<u8> counters_;  // 2-bit saturating
  u64 index_mask_;
  u64 history_ = 0;
  u64 history_mask_;
  struct BtbEntry {
    u64 pc = ~u64{0};
    u64 target = 0;
  };
  std::vector<BtbEntry> btb_;
  u64 btb_mask_;
  std::vector<u64> ras_;
  std::size_t ras_top_ = 0;  // number of valid entries (circular, oldest overwritten)
  std::size_t ras_count_ = 0;
  BranchStats stats_;
};

}  // namespace rvscope::timing
