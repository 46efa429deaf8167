// Tracing: builds the trace session (strace, instruction trace, timeline) the config asks
// for, with its output files, and registers it with the machine.
#pragma once

#include <fstream>
#include <memory>
#include <optional>
#include <span>

#include "sim/common/output_file.hpp"
#include "sim/config/machine_config.hpp"
#include "sim/machine/machine.hpp"
#include "sim/machine/trace_views.hpp"
#include "sim/trace/trace_session.hpp"

namespace rvscope {

class Tracing {
 public:
  Tracing(Machine& machine, const TraceConfig& config);
  ~Tracing();
  bool active() const { return session_ != nullptr; }
  // Starts the tracers from a restored snapshot's STRC section (before the run goes on).
  void restore_threads(std::span<const u8> strace_state, const std::string& what);
  // Lines --strace has written so far; nullopt without --strace.
  std::optional<u64> strace_lines() const;
  // Ends the session and commits its files; SimError naming the file on a write error.
  void finish();
  std::string summary() const;  // where the files went, for the user

 private:
  Machine& machine_;
  MachineGuestView view_;
  MachineSymbols symbols_;
  std::unique_ptr<OutputFile> strace_file_, trace_file_, timeline_file_;
  std::unique_ptr<trace::LineLookup> lines_;  // DWARF lines, for --why only
  std::unique_ptr<trace::TraceSession> session_;
  std::string trace_path_, timeline_path_;
};

}  // namespace rvscope
