// Direction prediction, BTB and return-address-stack bookkeeping for the in-order front end.
#include "sim/timing/branch_predictor.hpp"

namespace rvscope::timing {

BranchPredictor::BranchPredictor(const PredictorConfig& config)
    : kind_(config.kind),
      counters_(config.table_entries, 1),  // weakly not taken
      index_mask_(config.table_entries - 1),
      history_mask_(config.history_bits >= 64 ? ~u64{0} : (u64{1} << config.history_bits) - 1),
      btb_(config.btb_entries),
      btb_mask_(config.btb_entries - 1),
      ras_(config.ras_entries) {}

bool BranchPredictor::btb_hit(u64 pc, u64 target) {
  BtbEntry& e = btb_[(pc >> 1) & btb_mask_];
  const bool hit = e.pc == pc && e.target == target;
  e.pc = pc;
  e.target = target;
  return hit;
}

Prediction BranchPredictor::conditional(u64 pc, bool taken, u64 target) {
  ++stats_.branches;
  bool predict_taken = false;
  if (kind_ == PredictorKind::kStatic) {
    predict_taken = target < pc;  // backward taken, forward not taken
  } else {
    u64 index = pc >> 1;
    if (kind_ == PredictorKind::kGshare) index ^= history_;
    u8& counter = counters_[index & index_mask_];
    predict_taken = counter >= 2;
    if (taken && counter < 3) ++counter;
    if (!taken && counter > 0) --counter;
    history_ = ((history_ << 1) | (taken ? 1 : 0)) & history_mask_;
  }
  Prediction p;
  p.mispredicted = predict_taken != taken;
  if (p.mispredicted) {
    ++stats_.branch_mispredicts;
    if (taken) btb_hit(pc, target);
  } else if (taken && !btb_hit(pc, target)) {
    p.btb_miss = true;
    ++stats_.btb_misses;
  }
  return p;
}

Prediction BranchPredictor::jump(u64 pc, u64 target, u64 return_addr, bool indirect, bool link_rd,
                                 bool link_rs1, bool same_reg) {
  ++stats_.jumps;
  Prediction p;
  const bool is_return = indirect && link_rs1 && !(link_rd && same_reg);
  if (is_return && !ras_.empty()) {
    if (ras_count_ == 0) {
      p.mispredicted = true;
    } else {
      ras_top_ = (ras_top_ + ras_.size() - 1) % ras_.size();
      --ras_count_;
      p.mispredicted = ras_[ras_top_] != target;
    }
  } else if (indirect) {
    p.mispredicted = !btb_hit(pc, target);
  } else if (!btb_hit(pc, target)) {
    p.btb_miss = true;
    ++stats_.btb_misses;
  }
  if (link_rd && !ras_.empty()) {
    ras_[ras_top_] = return_addr;
    ras_top_ = (ras_top_ + 1) % ras_.size();
    if (ras_count_ < ras_.size()) ++ras_count_;
  }
  if (p.mispredicted) ++stats_.jump_mispredicts;
  return p;
}

}  // namespace rvscope::timing
