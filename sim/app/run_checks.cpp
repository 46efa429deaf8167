// What a run's files must satisfy before the machine starts.
#include "sim/app/run_checks.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include "sim/common/error.hpp"
#include "sim/elf/elf_file.hpp"

namespace rvscope {
namespace {

struct RamRange {
  u64 start = 0, end = 0;  // [start, end)
};

std::vector<RamRange> ram_ranges_of(const std::string& path, u64 raw_addr) {
  std::vector<u8> magic(4);
  FILE* f = std::fopen(path.c_str(), "rb");
  const bool elf = f != nullptr && std::fread(magic.data(), 1, 4, f) == 4 && magic[0] == 0x7f &&
                   magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
  if (f != nullptr) std::fclose(f);
  std::vector<RamRange> ranges;
  if (elf) {
    const ElfFile file = ElfFile::load(path);
    for (const ElfSegment& s : file.segments()) {
      if (s.memsz != 0) ranges.push_back({s.paddr, s.paddr + s.memsz});
    }
  } else {
    ranges.push_back({raw_addr, raw_addr + std::filesystem::file_size(path)});
  }
  return ranges;
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

std::vector<RunFile> run_inputs(const MachineConfig& config, const RunOptions& options) {
  std::vector<RunFile> in;
  if (!options.config_file.empty()) in.push_back({options.config_file, "config file"});
  if (config.boot.mode == BootMode::kDirect) {
    in.push_back({config.boot.kernel, "program"});
  } else {
    in.push_back({config.boot.firmware, "firmware"});
    if (!config.boot.kernel.empty()) in.push_back({config.boot.kernel, "kernel"});
    if (!config.boot.initrd.empty()) in.push_back({config.boot.initrd, "initrd"});
  }
  for (const std::string& path : config.trace.symbols) in.push_back({path, "--symbols ELF"});
  if (!options.guest.empty()) in.push_back({options.guest.front(), "guest program"});
  for (const std::string& spec : options.guest_files) {
    if (const auto eq = spec.find('='); eq != std::string::npos) {
      in.push_back({spec.substr(eq + 1), "--file"});
    }
  }
  for (const VirtioDeviceConfig& device : config.devices.virtio) {
    if (device.kind == VirtioDeviceConfig::Kind::kBlock) {
      std::string what = device.id.empty() ? std::string("disk image")
                                           : fmt::format("disk image of drive '{}'", device.id);
      if (!device.origin.empty()) what += fmt::format(" ({})", device.origin);
      in.push_back({device.file, what});
    }
  }
  return in;
}

std::vector<RunFile> run_outputs(const MachineConfig& config, const RunOptions& options) {
  std::vector<RunFile> out;
  const bool gdb = config.gdb.port != 0;  // monitor trace/strace may open them later
  if (config.console.output == ConsoleOutput::kFile) {
    out.push_back({config.console.output_path, "console output"});
  }
  if (!config.trace.windows.empty() || gdb) {
    out.push_back({config.trace.output, "instruction trace"});
  }
  if ((config.trace.strace || gdb) && !config.trace.strace_output.empty()) {
    out.push_back({config.trace.strace_output, "syscall trace"});
  }
  if (!config.trace.timeline.empty()) out.push_back({config.trace.timeline, "timeline"});
  if (!options.stats.empty()) out.push_back({options.stats, "statistics"});
  if (!options.pipeview.empty()) out.push_back({options.pipeview, "pipeline view"});
  if (options.save_at.size() == 2) out.push_back({options.save_at[1], "snapshot"});
  return out;
}

void check_run_files(const std::vector<RunFile>& inputs, const std::vector<RunFile>& outputs) {
  std::vector<struct stat> input_stats;
  for (const RunFile& in : inputs) {
    struct stat st {};
    if (::stat(in.path.c_str(), &st) != 0) {
      fail("cannot open the {} '{}': {}", in.what, in.path, std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) fail("the {} '{}' is a directory, not a file", in.what, in.path);
    if (!S_ISREG(st.st_mode)) fail("the {} '{}' is not a regular file", in.what, in.path);
    const bool must_have_bytes =
        in.what == "kernel" || in.what == "firmware" || in.what == "program";
    if (must_have_bytes && st.st_size == 0) fail("the {} '{}' is empty", in.what, in.path);
    input_stats.push_back(st);
  }
  // Outputs that do not exist yet are told apart by their absolute, normalised paths.
  struct Seen {
    const RunFile* file;
    std::optional<struct stat> st;
    std::filesystem::path where;
  };
  std::vector<Seen> seen;
  for (const RunFile& out : outputs) {
    struct stat st {};
    const bool exists = ::stat(out.path.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
      fail("the {} '{}' is a directory, not a file", out.what, out.path);
    }
    if (exists && !S_ISREG(st.st_mode)) continue;  // /dev/null, /dev/stderr: nothing to clobber
    for (size_t i = 0; exists && i < inputs.size(); ++i) {
      if (same_file(st, input_stats[i])) {
        fail("the {} '{}' is the {} '{}': refusing to overwrite an input", out.what, out.path,
             inputs[i].what, inputs[i].path);
      }
    }
    const auto where = std::filesystem::weakly_canonical(std::filesystem::absolute(out.path));
    for (const Seen& other : seen) {
      if (exists && other.st ? same_file(st, *other.st) : where == other.where) {
        fail("the {} and the {} are both '{}': give each its own file", other.file->what, out.what,
             out.path);
      }
    }
    seen.push_back({&out, exists ? std::optional<struct stat>(st) : std::nullopt, where});
  }
}

void check_boot_layout(const MachineConfig& config) {
  const BootConfig& boot = config.boot;
  if (boot.mode != BootMode::kFirmware || boot.kernel.empty()) return;
  const std::vector<RamRange> firmware = ram_ranges_of(boot.firmware, config.machine.ram_base);
  for (const RamRange& k : ram_ranges_of(boot.kernel, boot.kernel_addr)) {
    for (const RamRange& f : firmware) {
      if (k.start < f.end && f.start < k.end) {
        fail(
            "the kernel '{}' [{:#x}, {:#x}) overlaps the firmware '{}' [{:#x}, {:#x}): link it "
            "at {:#x} (boot.kernel_addr), where the firmware enters it",
            boot.kernel, k.start, k.end, boot.firmware, f.start, f.end, boot.kernel_addr);
      }
    }
  }
}

void warn_without_tohost(const MachineConfig& config, const RunOptions& options) {
  if (config.boot.mode != BootMode::kDirect || options.qemu_style) return;
  if (ElfFile::load(config.boot.kernel).find_symbol("tohost")) return;
  fmt::print(stderr,
             "rvscope: warning: '{}' has no 'tohost' symbol, so HTIF is off: it can end only "
             "through the SiFive test device at 0x100000 (or --max-insns)\n",
             config.boot.kernel);
}

}  // namespace rvscope
