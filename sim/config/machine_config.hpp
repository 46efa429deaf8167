// MachineConfig: the machine-wide settings (harts, memory, boot, console, run, trace, gdb,
// the timing switch) as plain structs, read and validated from a ConfigTree.
#pragma once

#include <string>
#include <vector>

#include "sim/common/types.hpp"
#include "sim/config/config_tree.hpp"

namespace rvscope {

inline constexpr u64 kMiB = u64{1} << 20;
inline constexpr u64 kGiB = u64{1} << 30;

struct MachineParams {
  unsigned harts = 1;                             // 1..8
  u64 ram_base = 0x80000000;                      // fixed by the virt memory map
  u64 ram_size = 128 * kMiB;                      // 1MiB..16GiB, a multiple of 4KiB
  u64 core_hz = 1000000000;                       // simulated cycles per second
  u64 timebase_hz = 10000000;                     // mtime ticks per second, <= core_hz
  bool real_time = false;                         // pace the guest against host time (interactive)
  std::string isa = "rv64imafdc_zicsr_zifencei";  // informational: the device tree's riscv,isa
};

enum class BootMode : u8 {
  kFirmware,  // boot ROM -> firmware at ram_base -> kernel at kernel_addr in S-mode
  kDirect,    // boot.kernel is a bare-metal ELF run from its entry in M-mode
};

struct BootConfig {
  BootMode mode = BootMode::kFirmware;
  std::string firmware = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf";
  std::string kernel;            // "" = none
  std::string initrd;            // "" = none
  std::string bootargs;          // /chosen/bootargs
  u64 kernel_addr = 0x80200000;  // inside RAM; where fw_jump enters the kernel
};

enum class ConsoleOutput : u8 { kStdout, kStderr, kFile };
enum class ConsoleInput : u8 { kStdin, kNone };

struct ConsoleConfig {
  ConsoleOutput output = ConsoleOutput::kStdout;
  std::string output_path;  // for kFile
  ConsoleInput input = ConsoleInput::kStdin;
};

struct RunConfig {
  u64 max_insns = 0;   // 0 = unlimited (summed over harts)
  u64 quantum = 1000;  // harts interleave every `quantum` instructions, >= 1
  // Unobserved runs translate hot code to host code (same results, faster); a jump target
  // becomes a block after jit_threshold arrivals.
  bool jit = true;
  u32 jit_threshold = 16;
};

enum class TraceFormat : u8 { kSpike, kAnnotated };

struct TraceConfig {
  bool strace = false;
  std::vector<std::string> strace_filter;  // syscall names; empty = all
  // Who gave strace_filter and windows, to start their late (trace-time) errors with:
  // the option, or "FILE:LINE: trace.KEY" when a config file did.
  std::string strace_filter_from = "--strace";
  std::string strace_output;         // "" = stderr
  bool strace_cycles = false;        // prefix lines with the cycle count
  std::vector<std::string> windows;  // instruction trace windows; empty = no trace
  std::string windows_from = "--trace";
  TraceFormat format = TraceFormat::kSpike;
  std::string output = "trace.log";
  std::string timeline;              // Chrome/Perfetto JSON path; "" = none
  std::vector<std::string> symbols;  // extra ELF files to symbolize with
  bool why = false;                  // --why: explain syscall results under strace lines
  std::string why_filter;            // --why=LIST: every call of these; "" = failing calls
};

struct GdbConfig {
  u16 port = 0;  // 0 = no gdb stub
  std::string host = "127.0.0.1";
  bool wait = false;  // wait for gdb to attach before running
  // Reverse execution's window in instructions (0 = no reverse execution, no checkpoints).
  u64 history_insns = 50'000'000;
};

// How a virtio-blk device treats its image file.
enum class DiskMode : u8 {
  kReadOnly,   // the guest sees a read-only disk (VIRTIO_BLK_F_RO); the file is never written
  kOverlay,    // the guest may write; writes go to an in-memory overlay, the file is untouched
  kReadWrite,  // the guest's writes (and flushes) reach the file
};

// One virtio-mmio device. Slot n of QEMU virt's eight sits at 0x10001000 + 0x1000*n with
// PLIC source 1+n. As QEMU 7.2 does with -device (info qtree), the first device of the list
// takes the last slot (7: 0x10008000, source 8), the next slot 6, and so on down.
struct VirtioDeviceConfig {
  enum class Kind : u8 { kBlock, kEntropy };
  Kind kind = Kind::kBlock;
  std::string file;  // kBlock: the raw image
  DiskMode mode = DiskMode::kReadOnly;
  std::string id;  // the user's name for it (QEMU's drive id), for messages
  // Where it was given, for messages: "x.yaml:4: devices.virtio entry 0" ("" when built in code).
  std::string origin;
};

struct DevicesConfig {
  std::vector<VirtioDeviceConfig> virtio;  // at most 8
  u64 rng_seed = 0;                        // seeds virtio-rng and /chosen/rng-seed
  // The goldfish RTC's time at simulated time 0 (ns since 1970; devices.rtc_epoch in
  // seconds): 2026-01-01T00:00:00Z, a fixed date after any guest's build date, so runs are
  // deterministic and a guest's wall clock looks current.
  u64 rtc_epoch_ns = 1767225600ull * 1'000'000'000ull;
};

struct MachineConfig {
  MachineParams machine;
  DevicesConfig devices;
  BootConfig boot;
  ConsoleConfig console;
  RunConfig run;
  TraceConfig trace;
  GdbConfig gdb;
  bool timing_enabled = false;  // timing.enabled; the timing module reads the rest of timing.*
};

// Reads every key above (absent keys take the defaults shown) and checks the values and
// their combinations; throws SimError "FILE:LINE: key: ..." on the first bad one. Does not
// call check_unused: other modules read their sections from the same tree first.
MachineConfig load_machine_config(ConfigTree& tree);

}  // namespace rvscope
