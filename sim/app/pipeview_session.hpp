// PipeviewSession: --pipeview, the timing model's stages of the instructions inside the asked-for
// windows (the --trace window specs), written as a Kanata log for the Konata viewer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/common/output_file.hpp"
#include "sim/machine/machine.hpp"
#include "sim/machine/trace_views.hpp"
#include "sim/timing/kanata_writer.hpp"
#include "sim/timing/timing_model.hpp"
#include "sim/trace/thread_tracker.hpp"
#include "sim/trace/trace_window.hpp"

namespace rvscope {

struct PipeviewOptions {
  std::string path;             // --pipeview FILE
  std::string windows = "all";  // --pipeview-window WINDOW[,WINDOW...]
  unsigned hart = 0;            // --pipeview-hart N: the view has one pipeline's cycles
};

// Register after the timing model: it reads the stages the model kept for the same event.
class PipeviewSession final : public HartObserver {
 public:
  // Validates the windows and the hart (SimError naming the option) before creating the file.
  PipeviewSession(Machine& machine, timing::TimingModel& model, const PipeviewOptions& options);
  ~PipeviewSession() override;

  void on_retire(const RetireEvent& event) override;
  void on_trap(const TrapEvent& event) override;
  // Writes what is held and commits the file; SimError naming it on a write error.
  void finish();
  u64 entries_written() const { return writer_->entries_written(); }

 private:
  void add_instruction(const RetireEvent& event, const timing::InstructionStages& stages);
  void add_wrong_path(const RetireEvent& event, const timing::InstructionStages& stages,
                      u64 fetched);
  void add_trap(const TrapEvent& event, const timing::TrapStages& stages);
  std::string where(u64 pc) const;  // symbol+offset, or nothing
  void advance();

  Machine& machine_;
  timing::TimingModel& model_;
  unsigned hart_;
  MachineGuestView view_;
  MachineSymbols symbols_;
  trace::ThreadTracker tracker_;
  trace::WindowState window_;
  std::unique_ptr<OutputFile> file_;
  std::unique_ptr<timing::KanataWriter> writer_;
  u64 last_retire_ = 0;  // instructions leave the view in program order
  bool finished_ = false;
};

}  // namespace rvscope
