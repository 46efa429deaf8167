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
  // `trigger` is a --timing-from spec ("" = detailed from the first instruction); `sample`:
  // --sample, detail only in the windows of config.sampling, the plain loop between them.
  TimingSession(Machine& machine, const timing::TimingConfig& config, const std::string& trigger,
                bool sample = false);
  ~TimingSession() override;
  u64 cycles(unsigned hart) const override {
    // A sampled run's plain loop retires instructions the model does not hear of.
    return model_.sampling() ? model_.cycles_at(hart, machine_.hart(hart).instret())
                             : model_.cycles(hart);
  }
  void idle(unsigned hart, u64 cycles) override { model_.skip_cycles(hart, cycles); }
  // Prints the text report to stderr and writes JSON to `json_path` when it is not empty.
  // A sampled run's report first charges the instructions after its last event.
  void report(const std::string& json_path);
  timing::TimingModel& model() { return model_; }

 private:
  Machine& machine_;
  timing::TimingModel model_;
};

}  // namespace rvscope
