// Reading and validating the machine-wide configuration from a ConfigTree.
#include "sim/config/machine_config.hpp"

#include <fmt/format.h>

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
  b.kernel_addr = tree.get_uint("boot.kernel_addr", b.kernel_addr);
  if (b.kernel_addr < m.ram_base || b.kernel_addr - m.ram_base >= m.ram_size) {
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
  return r;
}

TraceConfig load_trace(ConfigTree& tree) {
  TraceConfig t;
  t.strace = tree.get<bool>("trace.strace", t.strace);
  t.strace_filter = tree.get<std::vector<std::string>>("trace.strace_filter", t.strace_filter);
  t.strace_output = tree.get<std::string>("trace.strace_output", t.strace_output);
  t.strace_cycles = tree.get<bool>("trace.strace_cycles", t.strace_cycles);
  t.windows = tree.get<std::vector<std::string>>("trace.windows", t.windows);
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

}  // namespace

MachineConfig load_machine_config(ConfigTree& tree) {
  MachineConfig config;
  config.machine = load_machine(tree);
  config.boot = load_boot(tree, config.machine);
  config.console = load_console(tree);
  config.run = load_run(tree);
  config.trace = load_trace(tree);
  config.gdb = load_gdb(tree);
  config.timing_enabled = tree.get<bool>("timing.enabled", config.timing_enabled);
  return config;
}

}  // namespace rvscope
