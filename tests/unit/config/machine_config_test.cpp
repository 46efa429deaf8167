// Tests for MachineConfig: documented defaults, the shipped default.yaml, and cross-key checks.
#include "sim/config/machine_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rvscope {
namespace {

using ::testing::ElementsAre;

template <typename Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const SimError& e) {
    return e.what();
  }
  return "";
}

void expect_defaults(const MachineConfig& c) {
  EXPECT_EQ(c.machine.harts, 1u);
  EXPECT_EQ(c.machine.ram_base, 0x80000000u);
  EXPECT_EQ(c.machine.ram_size, 128 * kMiB);
  EXPECT_EQ(c.machine.core_hz, 1000000000u);
  EXPECT_EQ(c.machine.timebase_hz, 10000000u);
  EXPECT_FALSE(c.machine.real_time);
  EXPECT_EQ(c.machine.isa, "rv64imafdc_zicsr_zifencei");
  EXPECT_EQ(c.boot.mode, BootMode::kFirmware);
  EXPECT_EQ(c.boot.firmware, "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf");
  EXPECT_EQ(c.boot.kernel, "");
  EXPECT_EQ(c.boot.initrd, "");
  EXPECT_EQ(c.boot.bootargs, "");
  EXPECT_EQ(c.boot.kernel_addr, 0x80200000u);
  EXPECT_EQ(c.console.output, ConsoleOutput::kStdout);
  EXPECT_EQ(c.console.input, ConsoleInput::kStdin);
  EXPECT_EQ(c.run.max_insns, 0u);
  EXPECT_EQ(c.run.quantum, 1000u);
  EXPECT_FALSE(c.trace.strace);
  EXPECT_TRUE(c.trace.strace_filter.empty());
  EXPECT_EQ(c.trace.strace_output, "");
  EXPECT_FALSE(c.trace.strace_cycles);
  EXPECT_TRUE(c.trace.windows.empty());
  EXPECT_EQ(c.trace.format, TraceFormat::kSpike);
  EXPECT_EQ(c.trace.output, "trace.log");
  EXPECT_EQ(c.trace.timeline, "");
  EXPECT_TRUE(c.trace.symbols.empty());
  EXPECT_EQ(c.gdb.port, 0u);
  EXPECT_EQ(c.gdb.host, "127.0.0.1");
  EXPECT_FALSE(c.gdb.wait);
  EXPECT_FALSE(c.timing_enabled);
}

TEST(MachineConfig, EmptyTreeGivesDocumentedDefaults) {
  ConfigTree tree;
  expect_defaults(load_machine_config(tree));
  EXPECT_NO_THROW(tree.check_unused());
}

// configs/default.yaml must spell out exactly the defaults, and only keys that exist.
TEST(MachineConfig, ShippedDefaultYamlMatchesDefaults) {
  auto tree = ConfigTree::from_file(RVSCOPE_SOURCE_DIR "/configs/default.yaml");
  expect_defaults(load_machine_config(tree));
  tree.skip_section("timing");  // documented there, read by sim/timing
  EXPECT_NO_THROW(tree.check_unused());
  // Every key load_machine_config reads is written in the file.
  for (const auto& [key, value] : tree.effective()) {
    EXPECT_TRUE(tree.contains(key)) << key << " (default " << value << ") is not in the file";
  }
}

TEST(MachineConfig, ReadsEveryKey) {
  auto tree = ConfigTree::from_string(R"(
machine: {harts: 4, ram_size: 1GiB, core_hz: 2GHz, timebase_hz: 1MHz, real_time: true}
boot:
  mode: direct
  kernel: k.elf
  initrd: i.cpio
  bootargs: console=ttyS0
  kernel_addr: 0x80400000
console: {output: out.txt, input: none}
run: {max_insns: 1000000, quantum: 100}
trace:
  strace: true
  strace_filter: [openat, clone3]
  strace_output: s.txt
  strace_cycles: true
  windows: ["syscall:clone3"]
  format: annotated
  output: t.log
  timeline: t.json
  symbols: [user.elf]
gdb: {port: 1234, host: 0.0.0.0, wait: true}
timing: {enabled: true}
)");
  const MachineConfig c = load_machine_config(tree);
  EXPECT_NO_THROW(tree.check_unused());
  EXPECT_EQ(c.machine.harts, 4u);
  EXPECT_EQ(c.machine.ram_size, kGiB);
  EXPECT_EQ(c.machine.core_hz, 2000000000u);
  EXPECT_EQ(c.machine.timebase_hz, 1000000u);
  EXPECT_TRUE(c.machine.real_time);
  EXPECT_EQ(c.boot.mode, BootMode::kDirect);
  EXPECT_EQ(c.boot.kernel, "k.elf");
  EXPECT_EQ(c.boot.initrd, "i.cpio");
  EXPECT_EQ(c.boot.bootargs, "console=ttyS0");
  EXPECT_EQ(c.boot.kernel_addr, 0x80400000u);
  EXPECT_EQ(c.console.output, ConsoleOutput::kFile);
  EXPECT_EQ(c.console.output_path, "out.txt");
  EXPECT_EQ(c.console.input, ConsoleInput::kNone);
  EXPECT_EQ(c.run.max_insns, 1000000u);
  EXPECT_EQ(c.run.quantum, 100u);
  EXPECT_TRUE(c.trace.strace);
  EXPECT_THAT(c.trace.strace_filter, ElementsAre("openat", "clone3"));
  EXPECT_EQ(c.trace.strace_output, "s.txt");
  EXPECT_TRUE(c.trace.strace_cycles);
  EXPECT_THAT(c.trace.windows, ElementsAre("syscall:clone3"));
  EXPECT_EQ(c.trace.format, TraceFormat::kAnnotated);
  EXPECT_EQ(c.trace.output, "t.log");
  EXPECT_EQ(c.trace.timeline, "t.json");
  EXPECT_THAT(c.trace.symbols, ElementsAre("user.elf"));
  EXPECT_EQ(c.gdb.port, 1234u);
  EXPECT_EQ(c.gdb.host, "0.0.0.0");
  EXPECT_TRUE(c.gdb.wait);
  EXPECT_TRUE(c.timing_enabled);
}

TEST(MachineConfig, ConsoleStderr) {
  ConfigTree tree;
  tree.set("console.output=stderr");
  EXPECT_EQ(load_machine_config(tree).console.output, ConsoleOutput::kStderr);
}

TEST(MachineConfig, Errors) {
  auto load = [](const char* yaml) {
    return error_of([&] {
      auto tree = ConfigTree::from_string(yaml, "e.yaml");
      load_machine_config(tree);
    });
  };
  EXPECT_EQ(load("machine:\n  harts: nine\n"),
            "e.yaml:2: machine.harts: expected an integer from 1 to 8, got 'nine'");
  EXPECT_EQ(load("machine:\n  harts: 9\n"),
            "e.yaml:2: machine.harts: expected an integer from 1 to 8, got '9'");
  EXPECT_EQ(load("machine:\n  ram_base: 0x40000000\n"),
            "e.yaml:2: machine.ram_base: expected 0x80000000 (the only value supported), got "
            "'0x40000000'");
  EXPECT_EQ(load("machine:\n  ram_size: 32GiB\n"),
            "e.yaml:2: machine.ram_size: expected a size (bytes, or a number with KiB, MiB, GiB "
            "or TiB) from 1MiB to 16GiB, got '32GiB'");
  EXPECT_EQ(load("machine:\n  ram_size: 0x100100\n"),
            "e.yaml:2: machine.ram_size: 0x100100 is not a multiple of 4KiB");
  EXPECT_EQ(load("machine:\n  timebase_hz: 2GHz\n"),
            "e.yaml:2: machine.timebase_hz: expected a frequency (Hz, or a number with kHz, MHz "
            "or GHz) from 1Hz to 1GHz, got '2GHz'");
  EXPECT_EQ(load("boot:\n  kernel_addr: 0x90000000\n"),
            "e.yaml:2: boot.kernel_addr: 0x90000000 lies outside RAM [0x80000000, 0x88000000)");
  EXPECT_EQ(load("boot:\n  mode: bios\n"),
            "e.yaml:2: boot.mode: expected one of firmware, direct, got 'bios'");
  EXPECT_EQ(load("console:\n  input: keyboard\n"),
            "e.yaml:2: console.input: expected one of stdin, none, got 'keyboard'");
  EXPECT_EQ(load("trace:\n  format: json\n"),
            "e.yaml:2: trace.format: expected one of spike, annotated, got 'json'");
  EXPECT_EQ(load("run:\n  quantum: 0\n"),
            "e.yaml:2: run.quantum: expected an integer from 1 to 1000000000, got '0'");
  EXPECT_EQ(load("gdb:\n  wait: true\n"),
            "e.yaml:2: gdb.wait: waiting for gdb needs gdb.port set to a port number");
}

// Windows and the strace filter are parsed only when tracing starts; their errors must still
// name the file, line and key, as every other bad value does.
TEST(MachineConfig, TraceListsRememberWhereTheyWereWritten) {
  auto tree = ConfigTree::from_string(
      "trace:\n  strace: true\n  strace_filter: [write]\n  windows: [bogus]\n", "t.yaml");
  const TraceConfig t = load_machine_config(tree).trace;
  EXPECT_EQ(t.strace_filter_from, "t.yaml:3: trace.strace_filter");
  EXPECT_EQ(t.windows_from, "t.yaml:4: trace.windows:");
  ConfigTree set;
  set.set("trace.windows=[all]");
  EXPECT_EQ(load_machine_config(set).trace.windows_from,
            "--set trace.windows=[all]: trace.windows:");
  ConfigTree none;
  const TraceConfig defaults = load_machine_config(none).trace;
  EXPECT_EQ(defaults.strace_filter_from, "--strace");
  EXPECT_EQ(defaults.windows_from, "--trace");
}

// An empty window used to be dropped when the list was joined, so a file's [""] traced
// everything (as --trace '' did).
TEST(MachineConfig, EmptyTraceWindowIsRefused) {
  auto tree = ConfigTree::from_string("trace:\n  windows: [all, '']\n", "w.yaml");
  EXPECT_EQ(error_of([&] { load_machine_config(tree); }),
            "w.yaml:2: trace.windows: an empty window (want all, syscall:NAME, symbol:NAME, "
            "pc:A-B or insn:N-M)");
}

TEST(MachineConfig, TimingSectionIsLeftToTheTimingModule) {
  auto tree = ConfigTree::from_string("timing:\n  enabled: true\n  l1d_size: 32KiB\n", "t.yaml");
  EXPECT_TRUE(load_machine_config(tree).timing_enabled);
  EXPECT_THAT(tree.unused_keys(), ElementsAre("t.yaml:3:3: unknown key 'timing.l1d_size'"));
  tree.get_size("timing.l1d_size", 0);  // what sim/timing does
  EXPECT_NO_THROW(tree.check_unused());
}

}  // namespace
}  // namespace rvscope
