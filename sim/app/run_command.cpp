// `rvscope run` and `rvscope dumpdtb`: config assembly, the machine run, status and summary.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <optional>

#include "sim/app/commands.hpp"
#include "sim/app/debug_session.hpp"
#include "sim/app/guest_image.hpp"
#include "sim/app/snapshot_session.hpp"
#include "sim/app/timing_session.hpp"
#include "sim/app/tracing.hpp"
#include "sim/common/error.hpp"
#include "sim/config/config_tree.hpp"
#include "sim/config/machine_config.hpp"
#include "sim/gdb/gdb_server.hpp"
#include "sim/machine/machine.hpp"
#include "sim/timing/timing_config.hpp"

namespace rvscope {
namespace {

MachineConfig build_config(const RunOptions& o, timing::TimingConfig* timing_out = nullptr) {
  ConfigTree tree = o.config_file.empty() ? ConfigTree() : ConfigTree::from_file(o.config_file);
  for (const std::string& assignment : o.overrides) tree.set(assignment);
  MachineConfig config = load_machine_config(tree);
  const timing::TimingConfig timing = timing::read_timing_config(tree);
  if (timing_out != nullptr) *timing_out = timing;
  tree.check_unused();
  // Command-line shortcuts win over the file; they are plain values, not YAML.
  if (!o.program.empty()) {
    config.boot.mode = BootMode::kDirect;
    config.boot.kernel = o.program;
  }
  if (!o.firmware.empty()) config.boot.firmware = o.firmware;
  if (!o.kernel.empty()) config.boot.kernel = o.kernel;
  if (!o.initrd.empty()) config.boot.initrd = o.initrd;
  if (!o.append.empty()) config.boot.bootargs = o.append;
  if (o.max_insns != 0) config.run.max_insns = o.max_insns;
  TraceConfig& t = config.trace;
  if (o.strace) {
    t.strace = true;
    if (!o.strace_filter.empty()) t.strace_filter = {o.strace_filter};
  }
  if (!o.strace_output.empty()) t.strace_output = o.strace_output;
  if (o.strace_cycles) t.strace_cycles = true;
  if (!o.trace_windows.empty()) t.windows = o.trace_windows;
  if (!o.trace_format.empty()) {
    if (o.trace_format == "spike")
      t.format = TraceFormat::kSpike;
    else if (o.trace_format == "annotated")
      t.format = TraceFormat::kAnnotated;
    else
      fail("--trace-format: expected spike or annotated, got '{}'", o.trace_format);
  }
  if (!o.trace_output.empty()) t.output = o.trace_output;
  if (!o.timeline.empty()) t.timeline = o.timeline;
  for (const std::string& path : o.symbols) t.symbols.push_back(path);
  if (!o.gdb.empty()) {
    const gdb::ListenSpec spec = gdb::parse_listen_spec(o.gdb);
    config.gdb.host = spec.host;
    config.gdb.port = spec.port;
  }
  if (o.gdb_wait) config.gdb.wait = true;
  if (config.gdb.wait && config.gdb.port == 0) fail("--gdb-wait needs --gdb [HOST:]PORT");
  return config;
}

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

}  // namespace

int run_command(const RunOptions& options) {
  timing::TimingConfig timing_config;
  MachineConfig config = build_config(options, &timing_config);
  if (!options.timing_from.empty()) config.timing_enabled = true;
  if (!options.stats.empty() && !config.timing_enabled) {
    fail(
        "--stats needs the timing model: use a timing profile (--config configs/u74.yaml) or "
        "--set timing.enabled=true");
  }
  std::optional<GuestImage> guest;
  if (!options.guest.empty()) guest.emplace(options, config);
  if (config.boot.mode == BootMode::kFirmware && config.boot.kernel.empty()) {
    fail("nothing to run: give a bare-metal PROGRAM, or --kernel for a firmware boot");
  }
  Machine machine(config);
  machine.load();
  if (!options.restore.empty()) restore_snapshot(machine, options.restore);
  Tracing tracing(machine, config.trace);
  std::unique_ptr<TimingSession> timing;
  if (config.timing_enabled) {
    timing = std::make_unique<TimingSession>(machine, timing_config, options.timing_from);
  }
  StatusLine status(machine, options.status);
  RunResult result;
  if (config.gdb.port != 0) {
    if (!options.save_at.empty()) fail("--save-at cannot be combined with --gdb");
    DebugBridge bridge(machine, config.trace);
    result = run_under_gdb(machine, bridge, config.gdb);
  } else if (auto ended = run_to_snapshot(machine, options.save_at)) {
    result = *ended;  // the guest stopped before the trigger
  } else {
    machine.set_periodic([&] { return status.update(); }, 20'000'000);
    result = machine.run();
  }
  tracing.finish();
  status.finish();
  if (timing) timing->report(options.stats);
  if (!result.message.empty()) fmt::print(stderr, "rvscope: {}\n", result.message);
  if (const std::string where = tracing.summary(); !where.empty()) {
    fmt::print(stderr, "rvscope: {}", where);
  }
  if (options.summary) {
    fmt::print(stderr, "rvscope: {}, exit status {}\n", status.figures(status.elapsed()),
               result.exit_code);
  }
  return result.exit_code;
}

int dumpdtb_command(const RunOptions& options, const std::string& output) {
  // Loading builds the tree exactly as a run would (its /chosen depends on the initrd).
  Machine machine(build_config(options));
  machine.load();
  const std::vector<u8>& blob = machine.device_tree();
  std::ofstream out(output, std::ios::binary);
  if (!out) fail("cannot write '{}'", output);
  out.write(reinterpret_cast<const char*>(blob.data()), static_cast<std::streamsize>(blob.size()));
  return 0;
}

}  // namespace rvscope
