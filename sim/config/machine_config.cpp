// Reading and validating the machine-wide configuration from a ConfigTree.
#include "sim/config/machine_config.hpp"

#include <fmt/format.h>

#include "sim/common/syscall_table.hpp"

namespace rvscope {
namespace {

constexpr u64 kPage = 4096;

MachineParams load_machine(ConfigTree& tree) {
  MachineParams m;
  m.harts = tree.get<unsigned>("machine.harts", m.harts, Range{1, 8});
  m.ram_base = tree.get_uint("machine.ram_base", m.ram_base, Range{m.ram_base, m.ram_base});
  m.ram_size = tree.get_size("machine.ram_size", m.ram_size, Range{1 * kMiB, 16 * kGiB});
  if (m.ram_size % kPage != 0) {
    tree.fail_at("machine.ram_size", fmt::format("{:#x} is not a multiple of 4KiB", m.ram_size));
  }
  m.core_hz = tree.get_frequency("machine.core_hz", m.core_hz, Range{1000, 100'000'000'000});
  m.timebase_hz = tree.get_frequency("machine.timebase_hz", m.timebase_hz, Range{1, m.core_hz});
  m.real_time = tree.get<bool>("machine.real_time", m.real_time);
  m.isa = tree.get<std::string>("machine.isa", m.isa);
  if (!m.isa.starts_with("rv64")) {
    tree.fail_at("machine.isa", fmt::format("expected an RV64 ISA string, got '{}'", m.isa));
  }
  return m;
}

BootConfig load_boot(ConfigTree& tree, const MachineParams& m) {
  BootConfig b;
  b.mode = tree.get_enum("boot.mode", b.mode,
                         {{"firmware", BootMode::kFirmware}, {"direct", BootMode::kDirect}});
  b.firmware = tree.get<std::string>("boot.firmware", b.firmware);
  b.kernel = tree.get<std::string>("boot.kernel", b.kernel);
  b.initrd = tree.get<std::string>("boot.initrd", b.initrd);
  b.bootargs = tree.get<std::string>("boot.bootargs", b.bootargs);
  // The default address (RAM base + 2 MiB) lies beyond the smallest RAM; only an address the
  // user wrote is checked here (loading a raw kernel checks that it fits wherever it goes).
  const bool kernel_addr_given = tree.contains("boot.kernel_addr");
  b.kernel_addr = tree.get_uint("boot.kernel_addr", b.kernel_addr);
  if (kernel_addr_given &&
      (b.kernel_addr < m.ram_base || b.kernel_addr - m.ram_base >= m.ram_size)) {
    tree.fail_at("boot.kernel_addr",
                 fmt::format("{:#x} lies outside RAM [{:#x}, {:#x})", b.kernel_addr, m.ram_base,
                             m.ram_base + m.ram_size));
  }
  if (b.kernel_addr % kPage != 0) {
    tree.fail_at("boot.kernel_addr", fmt::format("{:#x} is not 4KiB-aligned", b.kernel_addr));
  }
  return b;
}

ConsoleConfig load_console(ConfigTree& tree) {
  ConsoleConfig c;
  const std::string output = tree.get<std::string>("console.output", "stdout");
  if (output == "stdout") {
    c.output = ConsoleOutput::kStdout;
  } else if (output == "stderr") {
    c.output = ConsoleOutput::kStderr;
  } else if (output.empty()) {
    tree.fail_at("console.output", "expected stdout, stderr or a file path, got ''");
  } else {
    c.output = ConsoleOutput::kFile;
    c.output_path = output;
  }
  c.input = tree.get_enum("console.input", c.input,
                          {{"stdin", ConsoleInput::kStdin}, {"none", ConsoleInput::kNone}});
  return c;
}

RunConfig load_run(ConfigTree& tree) {
  RunConfig r;
  r.max_insns = tree.get<u64>("run.max_insns", r.max_insns);
  r.quantum = tree.get<u64>("run.quantum", r.quantum, Range{1, 1'000'000'000});
  r.jit = tree.get<bool>("run.jit", r.jit);
  r.jit_threshold = tree.get<u32>("run.jit_threshold", r.jit_threshold, Range{1, 1'000'000});
  return r;
}

TraceConfig load_trace(ConfigTree& tree) {
  TraceConfig t;
  t.strace = tree.get<bool>("trace.strace", t.strace);
  t.strace_filter = tree.get<std::vector<std::string>>("trace.strace_filter", t.strace_filter);
  t.strace_output = tree.get<std::string>("trace.strace_output", t.strace_output);
  t.strace_cycles = tree.get<bool>("trace.strace_cycles", t.strace_cycles);
  t.windows = tree.get<std::vector<std::string>>("trace.windows", t.windows);
  // Both lists are checked when tracing starts (symbols are loaded by then): their errors
  // must still point here.
  if (tree.contains("trace.strace_filter")) {
    t.strace_filter_from = tree.where("trace.strace_filter") + ": trace.strace_filter";
    // Checked here too, so a bad filter is refused even while trace.strace is off.
    for (const std::string& entry : t.strace_filter)
      parse_strace_filter(entry, t.strace_filter_from);
  }
  if (tree.contains("trace.windows"))
    t.windows_from = tree.where("trace.windows") + ": trace.windows:";
  for (const std::string& window : t.windows) {
    if (window.empty()) {
      tree.fail_at("trace.windows",
                   "an empty window (want all, syscall:NAME, symbol:NAME, pc:A-B or insn:N-M)");
    }
  }
  t.format =
      tree.get_enum("trace.format", t.format,
                    {{"spike", TraceFormat::kSpike}, {"annotated", TraceFormat::kAnnotated}});
  t.output = tree.get<std::string>("trace.output", t.output);
  if (t.output.empty()) tree.fail_at("trace.output", "expected a file path, got ''");
  t.timeline = tree.get<std::string>("trace.timeline", t.timeline);
  t.symbols = tree.get<std::vector<std::string>>("trace.symbols", t.symbols);
  return t;
}

GdbConfig load_gdb(ConfigTree& tree) {
  GdbConfig g;
  g.port = tree.get<u16>("gdb.port", g.port);
  g.host = tree.get<std::string>("gdb.host", g.host);
  if (g.host.empty()) tree.fail_at("gdb.host", "expected a host name or address, got ''");
  g.wait = tree.get<bool>("gdb.wait", g.wait);
  g.history_insns = tree.get<u64>("gdb.history_insns", g.history_insns);
  if (g.wait && g.port == 0) {
    tree.fail_at("gdb.wait", "waiting for gdb needs gdb.port set to a port number");
  }
  return g;
}

// One devices.virtio entry: "blk,file=PATH[,mode=readonly|overlay|readwrite][,id=NAME]" or
// "rng[,id=NAME]".
VirtioDeviceConfig parse_virtio_entry(ConfigTree& tree, std::size_t index,
                                      const std::string& entry) {
  const auto bad = [&](const std::string& why) {
    tree.fail_at("devices.virtio", fmt::format("entry {} '{}': {}", index, entry, why));
  };
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t comma = entry.find(',', start);
    parts.push_back(entry.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  VirtioDeviceConfig device;
  device.origin = fmt::format("{}: devices.virtio entry {}", tree.where("devices.virtio"), index);
  if (parts[0] == "blk") {
    device.kind = VirtioDeviceConfig::Kind::kBlock;
  } else if (parts[0] == "rng") {
    device.kind = VirtioDeviceConfig::Kind::kEntropy;
  } else {
    bad(fmt::format("unknown device '{}', expected blk or rng", parts[0]));
  }
  const bool block = device.kind == VirtioDeviceConfig::Kind::kBlock;
  bool has_file = false;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const std::size_t eq = part.find('=');
    if (eq == std::string::npos || eq == 0) bad(fmt::format("expected key=value, got '{}'", part));
    const std::string key = part.substr(0, eq), value = part.substr(eq + 1);
    if (key == "id" && !value.empty()) {
      device.id = value;
    } else if (key == "file" && block && !value.empty()) {
      device.file = value;
      has_file = true;
    } else if (key == "mode" && block) {
      if (value == "readonly") {
        device.mode = DiskMode::kReadOnly;
      } else if (value == "overlay") {
        device.mode = DiskMode::kOverlay;
      } else if (value == "readwrite") {
        device.mode = DiskMode::kReadWrite;
      } else {
        bad(fmt::format("mode '{}', expected readonly, overlay or readwrite", value));
      }
    } else {
      bad(fmt::format("'{}' is not an option of {} (options: {})", part, parts[0],
                      block ? "file=PATH, mode=readonly|overlay|readwrite, id=NAME" : "id=NAME"));
    }
  }
  if (block && !has_file) bad("blk needs file=PATH (a raw disk image)");
  return device;
}

DevicesConfig load_devices(ConfigTree& tree) {
  DevicesConfig d;
  const auto entries = tree.get<std::vector<std::string>>("devices.virtio", {});
  if (entries.size() > 8) {
    tree.fail_at("devices.virtio",
                 fmt::format("{} devices, but QEMU virt has 8 virtio-mmio slots", entries.size()));
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    d.virtio.push_back(parse_virtio_entry(tree, i, entries[i]));
    for (std::size_t j = 0; j < i; ++j) {
      if (!d.virtio[i].id.empty() && d.virtio[j].id == d.virtio[i].id) {
        tree.fail_at("devices.virtio",
                     fmt::format("entries {} and {} share the id '{}'", j, i, d.virtio[i].id));
      }
    }
  }
  d.rng_seed = tree.get<u64>("devices.rng_seed", d.rng_seed);
  // Whole seconds keep the key readable; the field holds nanoseconds.
  constexpr u64 kNs = 1'000'000'000;
  d.rtc_epoch_ns =
      tree.get<u64>("devices.rtc_epoch", d.rtc_epoch_ns / kNs, Range{0, ~u64{0} / kNs}) * kNs;
  return d;
}

}  // namespace

MachineConfig load_machine_config(ConfigTree& tree) {
  MachineConfig config;
  config.machine = load_machine(tree);
  config.devices = load_devices(tree);
  config.boot = load_boot(tree, config.machine);
  config.console = load_console(tree);
  config.run = load_run(tree);
  config.trace = load_trace(tree);
  config.gdb = load_gdb(tree);
  config.timing_enabled = tree.get<bool>("timing.enabled", config.timing_enabled);
  return config;
}

}  // namespace rvscope
