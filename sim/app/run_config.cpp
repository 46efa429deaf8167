// build_run_config: the config file, --set overrides and the command-line shortcuts merged.
#include "sim/app/run_config.hpp"

#include "sim/app/cli_values.hpp"
#include "sim/common/error.hpp"
#include "sim/config/config_tree.hpp"
#include "sim/gdb/gdb_server.hpp"

namespace rvscope {

MachineConfig build_run_config(const RunOptions& o, timing::TimingConfig* timing_out) {
  ConfigTree tree = o.config_file.empty() ? ConfigTree() : ConfigTree::from_file(o.config_file);
  for (const std::string& assignment : o.overrides) tree.set(assignment);
  MachineConfig config = load_machine_config(tree);
  const timing::TimingConfig timing = timing::read_timing_config(tree);
  if (timing_out != nullptr) *timing_out = timing;
  tree.check_unused();
  // Command-line shortcuts win over the file; they are plain values, not YAML.
  if (!o.program.empty()) {
    // A bare-metal program runs alone: the firmware-boot inputs would be silently unused.
    for (const auto& [value, option] :
         {std::pair{&o.kernel, "--kernel"}, {&o.firmware, "--firmware"}, {&o.initrd, "--initrd"}}) {
      if (!value->empty()) {
        fail(
            "a bare-metal PROGRAM ('{}') runs alone from its entry in M-mode; {} is for a "
            "firmware boot: give one or the other",
            o.program, option);
      }
    }
    if (!o.guest.empty())
      fail("a bare-metal PROGRAM ('{}') and --guest exclude each other", o.program);
    config.boot.mode = BootMode::kDirect;
    config.boot.kernel = o.program;
  }
  if (!o.firmware.empty()) config.boot.firmware = o.firmware;
  if (!o.kernel.empty()) config.boot.kernel = o.kernel;
  if (!o.initrd.empty()) config.boot.initrd = o.initrd;
  if (!o.append.empty()) config.boot.bootargs = o.append;
  // QEMU-style -device entries take the slots after the config file's devices.virtio.
  config.devices.virtio.insert(config.devices.virtio.end(), o.virtio.begin(), o.virtio.end());
  if (config.devices.virtio.size() > 8) {
    fail("{} virtio devices (devices.virtio and -device), but QEMU virt has 8 virtio-mmio slots",
         config.devices.virtio.size());
  }
  if (!o.write_drives.empty() && !o.qemu_style) {
    fail("--write-drive names a QEMU-style -drive: use it with `rvscope qemu`");
  }
  if (o.max_insns != 0) config.run.max_insns = o.max_insns;
  TraceConfig& t = config.trace;
  if (o.strace) {
    t.strace = true;
    if (!o.strace_filter.empty()) {
      t.strace_filter = {o.strace_filter};
      t.strace_filter_from = "--strace";
    }
  }
  if (!o.strace_output.empty()) t.strace_output = o.strace_output;
  if (o.strace_cycles) t.strace_cycles = true;
  for (const std::string& window : o.trace_windows) {
    if (window.empty()) {
      fail("--trace: an empty window (want all, syscall:NAME, symbol:NAME, pc:A-B or insn:N-M)");
    }
  }
  if (!o.trace_windows.empty()) {
    t.windows = o.trace_windows;
    t.windows_from = "--trace";
  }
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
  if (o.why) {
    t.why = true;
    t.why_filter = o.why_filter;
  }
  if (!o.gdb.empty()) {
    const gdb::ListenSpec spec = gdb::parse_listen_spec(o.gdb);
    config.gdb.host = spec.host;
    config.gdb.port = spec.port;
    config.gdb.host = listen_address(config.gdb.host);
  } else if (tree.contains("gdb.host")) {
    // A host from the config file (or --set) is checked here, but reported where it is.
    try {
      config.gdb.host = listen_address(config.gdb.host);
    } catch (const SimError& error) {
      tree.fail_at("gdb.host", error.what());
    }
  }
  if (o.gdb_wait) config.gdb.wait = true;
  if (!o.guest_files.empty() && o.guest.empty()) {
    fail("--file adds files to --guest's initramfs: give --guest PROGRAM too");
  }
  if (config.gdb.wait && config.gdb.port == 0) fail("--gdb-wait needs --gdb [HOST:]PORT");
  if (config.trace.why && !config.trace.strace) {
    fail("--why explains syscalls that --strace prints: add --strace");
  }
  return config;
}

}  // namespace rvscope
