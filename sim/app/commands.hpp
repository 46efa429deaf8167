// The rvscope subcommands, each a function of its parsed options.
#pragma once

#include <string>
#include <vector>

#include "sim/common/types.hpp"

namespace rvscope {

struct RunOptions {
  std::string config_file;
  std::vector<std::string> overrides;  // --set key=value
  std::string program;                 // bare-metal ELF (boot.mode=direct)
  std::string firmware, kernel, initrd, append;
  u64 max_insns = 0;
  bool summary = false;
  bool status = false;
};

int run_command(const RunOptions& options);
int disasm_command(const std::string& elf_path);
int dumpdtb_command(const RunOptions& options, const std::string& output);

}  // namespace rvscope
