// TimingSession: runs the cycle-approximate model beside the machine when the config turns
// timing on, feeds the harts' cycle counters from it, and writes its statistics.
#pragma once

#include <memory>
#include <string>

#include "sim/machine/machine.hpp"
#include "sim/timing/timing_model.hpp"

namespace rvscope {

class TimingSession final : public CycleSource {
 public:
  // `trigger` is a --timing-from spec ("" = detailed from the first instruction).
  TimingSession(Machine& machine, const timing::TimingConfig& config, const std::string& trigger);
  ~TimingSession() override;
  u64 cycles(unsigned hart) const override { return model_.cycles(hart); }
  void idle(unsigned hart, u64 cycles) override { model_.skip_cycles(hart, cycles); }
  // Prints the text report to stderr and writes JSON to `json_path` when it is not empty.
  void report(const std::string& json_path) const;
  timing::TimingModel& model() { return model_; }

 private:
  Machine& machine_;
  timing::TimingModel model_;
};

}  // namespace rvscope
