// The QEMU-style front end: a qemu-system-riscv64 command line translated into RunOptions and
// config keys, so that `rvscope qemu ...` and `rvscope run ...` meet in one place.
#pragma once

#include <string>
#include <vector>

#include "sim/app/commands.hpp"

namespace rvscope {

// Debian's OpenSBI build that QEMU's `-bios default` loads (its .bin twin is what
// /usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin holds).
inline constexpr const char* kQemuDefaultFirmware =
    "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.elf";

// One QEMU flag with its value ("" for a flag without one), as typed.
struct QemuFlag {
  std::string name;  // without the leading dashes: "machine", "m", "s"
  std::string value;
};

// A command line split into its QEMU part and rvscope's own options.
struct QemuCommandLine {
  std::vector<QemuFlag> flags;
  // rvscope's --options with their values, in order, for the `run` subcommand's parser.
  std::vector<std::string> rvscope_args;
};

// Splits `args` (everything after `qemu`, or after the program name when invoked as
// qemu-system-riscv64). A word starting with one dash is a QEMU flag (`--x` is rvscope's
// option x, as QEMU itself would also read it, so rvscope's meaning wins); a flag not in the
// supported table, or a bare word (QEMU's -hda shorthand), is a SimError naming it.
// rvscope's --options take the words that follow them up to the next word starting with '-'.
QemuCommandLine split_qemu_command_line(const std::vector<std::string>& args);

// Applies the QEMU flags to `run` (parsed from rvscope_args already): firmware, kernel,
// initrd, bootargs and virtio devices as plain values, sizes and counts as --set overrides
// placed before the user's own --set (which therefore win). Reads the kernel's ELF header
// to place it as QEMU does. Throws SimError naming the flag for anything it cannot honour.
void apply_qemu_flags(const std::vector<QemuFlag>& flags, RunOptions& run);

// QEMU's size syntax for -m: a number with an optional B, K, M, G, T suffix (binary,
// either case; a plain number is MiB), fractions allowed ("1.5G"). SimError otherwise.
u64 parse_qemu_size(const std::string& text);

}  // namespace rvscope
