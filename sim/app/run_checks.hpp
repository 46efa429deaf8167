// What a run's files must satisfy before the machine starts: inputs that are readable,
// non-empty regular files, outputs that are none of the inputs, boot images that do not
// overlap in RAM.
#pragma once

#include <string>
#include <vector>

#include "sim/app/commands.hpp"
#include "sim/config/machine_config.hpp"

namespace rvscope {

struct RunFile {
  std::string path;
  std::string what;  // "kernel", "instruction trace", ...
};

// The files a run reads, and those it writes (for dumpdtb, `extra_output`).
std::vector<RunFile> run_inputs(const MachineConfig& config, const RunOptions& options);
std::vector<RunFile> run_outputs(const MachineConfig& config, const RunOptions& options);

// Every input exists and is a regular file (the kernel, firmware and program also not empty);
// no output is an input (same path or same inode) or another output. SimError naming both.
void check_run_files(const std::vector<RunFile>& inputs, const std::vector<RunFile>& outputs);

// The kernel's bytes in RAM (its ELF segments, or a raw image at boot.kernel_addr) must not
// overlap the firmware's, as QEMU refuses overlapping ROM regions. Firmware boot only.
void check_boot_layout(const MachineConfig& config);

// A bare-metal ELF without a `tohost` symbol has no HTIF: it can end only through the SiFive
// test device (or --max-insns). Says so on stderr, once; QEMU-style runs expect exactly that.
void warn_without_tohost(const MachineConfig& config, const RunOptions& options);

}  // namespace rvscope
