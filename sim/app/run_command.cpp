// `rvscope run` and `rvscope dumpdtb`: config assembly, the machine run, status and summary.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <optional>

#include "sim/app/commands.hpp"
#include "sim/app/debug_session.hpp"
#include "sim/app/guest_image.hpp"
#include "sim/app/pipeview_session.hpp"
#include "sim/app/run_checks.hpp"
#include "sim/app/run_config.hpp"
#include "sim/app/snapshot_session.hpp"
#include "sim/app/stop_signals.hpp"
#include "sim/app/timing_session.hpp"
#include "sim/app/tracing.hpp"
#include "sim/common/error.hpp"
#include "sim/common/output_file.hpp"
#include "sim/config/machine_config.hpp"
#include "sim/machine/machine.hpp"
#include "sim/timing/fast_forward.hpp"
#include "sim/timing/timing_config.hpp"

namespace rvscope {
namespace {

using Clock = std::chrono::steady_clock;

// Host time is used here for display only; it never reaches the guest.
class StatusLine {
 public:
  StatusLine(Machine& machine, bool forced)
      : machine_(machine), enabled_(forced || isatty(2)), start_(Clock::now()) {}
  bool update() {
    if (!enabled_) return true;
    const double secs = elapsed();
    if (secs < 2.0) return true;
    fmt::print(stderr, "\r[rvscope] {}", figures(secs));
    shown_ = true;
    return true;
  }
  void finish() {
    if (shown_) fmt::print(stderr, "\n");
  }
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  std::string figures(double secs) const {
    const u64 insns = machine_.total_executed();
    const double sim_secs = static_cast<double>(machine_.mtime()) /
                            static_cast<double>(machine_.config().machine.timebase_hz);
    // MIPS per second of this process's CPU time: honest on a busy host too.
    const double cpu = static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
    return fmt::format(
        "{} instructions, {:.0f} MIPS ({:.2f} s CPU, {:.2f} s wall), simulated "
        "time {:.6f} s",
        insns, cpu > 0 ? static_cast<double>(insns) / cpu / 1e6 : 0.0, cpu, secs, sim_secs);
  }

 private:
  Machine& machine_;
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_;
};

// --timing-from symbol:NAME must name a function, as --trace symbol:NAME must: otherwise the
// run would stay in fast-forward and measure nothing.
void check_timing_trigger(const std::string& trigger, const SymbolTable& symbols) {
  if (trigger.empty()) return;
  const timing::TimingTrigger parsed = timing::parse_timing_trigger(trigger);
  if (parsed.kind == timing::TimingTrigger::Kind::kSymbol && !symbols.find(parsed.symbol)) {
    fail("--timing-from '{}': no symbol '{}' in the kernel ELF or --symbols ELFs", trigger,
         parsed.symbol);
  }
}

}  // namespace

int run_command(const RunOptions& options) {
  catch_stop_signals();
  timing::TimingConfig timing_config;
  MachineConfig config = build_run_config(options, &timing_config);
  if (!options.timing_from.empty()) config.timing_enabled = true;
  for (const auto& [given, flag] : {std::pair{!options.stats.empty(), "--stats"},
                                    std::pair{!options.pipeview.empty(), "--pipeview"},
                                    std::pair{options.sample, "--sample"}}) {
    if (given && !config.timing_enabled) {
      fail(
          "{} needs the timing model: use a timing profile (--config configs/u74.yaml) or "
          "--set timing.enabled=true",
          flag);
    }
  }
  if (!options.pipeview_windows.empty() && options.pipeview.empty()) {
    fail("--pipeview-window says which instructions --pipeview shows: add --pipeview FILE");
  }
  std::optional<GuestImage> guest;
  if (!options.guest.empty()) guest.emplace(options, config);
  if (config.boot.mode == BootMode::kFirmware && config.boot.kernel.empty()) {
    fail("nothing to run: give a bare-metal PROGRAM, or --kernel for a firmware boot");
  }
  check_run_files(run_inputs(config, options), run_outputs(config, options));
  check_boot_layout(config);
  warn_without_tohost(config, options);
  Machine machine(config);
  machine.load();
  std::optional<RestoredSnapshot> restored;
  if (!options.restore.empty()) restored = restore_snapshot(machine, options.restore);
  Tracing tracing(machine, config.trace);
  if (restored) tracing.restore_threads(restored->strace_state, restored->strace_origin);
  check_timing_trigger(options.timing_from, machine.symbols());
  std::unique_ptr<TimingSession> timing;
  if (config.timing_enabled) {
    timing = std::make_unique<TimingSession>(machine, timing_config, options.timing_from,
                                             options.sample);
  }
  std::unique_ptr<PipeviewSession> pipeview;
  if (!options.pipeview.empty()) {
    PipeviewOptions pv;
    pv.path = options.pipeview;
    std::string windows;
    for (const std::string& w : options.pipeview_windows)
      windows += (windows.empty() ? "" : ",") + w;
    if (!windows.empty()) pv.windows = windows;
    pv.hart = options.pipeview_hart;
    pipeview = std::make_unique<PipeviewSession>(machine, timing->model(), pv);
  }
  StatusLine status(machine, options.status);
  RunResult result;
  if (config.gdb.port != 0) {
    if (!options.save_at.empty()) fail("--save-at cannot be combined with --gdb");
    DebugBridge bridge(machine, config.trace);
    result = run_under_gdb(machine, bridge, config.gdb);
  } else if (auto ended = run_to_snapshot(machine, options.save_at, restored ? &*restored : nullptr,
                                          tracing)) {
    result = *ended;  // the guest stopped before the trigger
  } else {
    machine.set_periodic([&] { return status.update() && stop_signal() == 0; }, 20'000'000);
    result = machine.run();
  }
  if (const int signal = stop_signal(); signal != 0) {
    // Stopped like any other end of the run: traces closed, --summary printed, files removed.
    result = {StopReason::kDebugger, 128 + signal,
              fmt::format("stopped by {} after {} instructions", stop_signal_name(signal),
                          machine.total_executed())};
  }
  tracing.finish();
  if (pipeview) pipeview->finish();
  machine.commit_console();
  status.finish();
  if (timing && options.stats.empty()) {
    timing->report("");
  } else if (timing) {
    OutputFile stats(options.stats, "statistics");
    timing->report(stats.write_path());
    stats.commit();
  }
  if (!result.message.empty()) fmt::print(stderr, "rvscope: {}\n", result.message);
  if (const std::string where = tracing.summary(); !where.empty()) {
    fmt::print(stderr, "rvscope: {}", where);
  }
  if (pipeview) {
    fmt::print(stderr, "rvscope: pipeline view ({} entries) written to {}\n",
               pipeview->entries_written(), options.pipeview);
  }
  if (options.summary) {
    fmt::print(stderr, "rvscope: {}, exit status {}\n", status.figures(status.elapsed()),
               result.exit_code);
  }
  return result.exit_code;
}

int dumpdtb_command(const RunOptions& options, const std::string& output) {
  // Loading builds the tree exactly as a run would (its /chosen depends on the initrd).
  const MachineConfig config = build_run_config(options);
  check_run_files(run_inputs(config, options), {{output, "device tree blob"}});
  Machine machine(config);
  machine.load();
  const std::vector<u8>& blob = machine.device_tree();
  write_output_file(output, "device tree blob", blob.data(), blob.size());
  return 0;
}

}  // namespace rvscope
