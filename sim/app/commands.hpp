// The rvscope subcommands, each a function of its parsed options.
#pragma once

#include <string>
#include <vector>

#include "sim/common/types.hpp"
#include "sim/config/machine_config.hpp"

namespace rvscope {

struct RunOptions {
  std::string config_file;
  std::vector<std::string> overrides;  // --set key=value
  std::string program;                 // bare-metal ELF (boot.mode=direct)
  std::string firmware, kernel, initrd, append;
  u64 max_insns = 0;
  bool summary = false;
  bool status = false;
  // Tracing (each overrides the trace.* config key of the same meaning).
  bool strace = false;
  std::string strace_filter;  // --strace=LIST
  std::string strace_output;  // --strace-output FILE
  bool strace_cycles = false;
  bool why = false;                        // --why[=LIST] (with --strace)
  std::string why_filter;                  // LIST
  std::vector<std::string> trace_windows;  // --trace WINDOW[,WINDOW...]
  std::string trace_format;                // spike | annotated
  std::string trace_output;                // --trace-output FILE
  std::string timeline;                    // --timeline FILE.json
  std::vector<std::string> symbols;        // --symbols user.elf
  // --guest PROGRAM [ARGS...]: run a static riscv64 Linux binary on starlet.
  std::vector<std::string> guest;
  std::vector<std::string> guest_files;       // --file /guest/path=host/path
  std::string timing_from;                    // --timing-from TRIGGER
  std::string stats;                          // --stats FILE.json
  std::string pipeview;                       // --pipeview FILE (Kanata log)
  std::vector<std::string> pipeview_windows;  // --pipeview-window WINDOW[,WINDOW...]
  unsigned pipeview_hart = 0;                 // --pipeview-hart N
  bool sample = false;                        // --sample (timing.sampling)
  std::vector<std::string> save_at;           // --save-at TRIGGER FILE
  std::string restore;                        // --restore FILE
  std::string gdb;                            // --gdb [HOST:]PORT
  bool gdb_wait = false;
  // Filled by the QEMU-style front end (-drive/-device); --write-drive ID lets the guest's
  // writes reach that drive's file (the default keeps them in an in-memory overlay).
  std::vector<VirtioDeviceConfig> virtio;
  std::vector<std::string> write_drives;
  bool qemu_style = false;  // the run came through `rvscope qemu` (QEMU's conventions apply)
};

int run_command(const RunOptions& options);
int disasm_command(const std::string& elf_path);
int dumpdtb_command(const RunOptions& options, const std::string& output);

}  // namespace rvscope
