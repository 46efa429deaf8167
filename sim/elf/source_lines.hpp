// SourceLines: pc -> source file:line from an ELF's DWARF line tables, read through libdw.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sim/common/types.hpp"

namespace rvscope {

struct SourcePosition {
  std::string file;  // relative to the source tree when the compile directory tells it
  unsigned line = 0;
  // The innermost function inlined at pc ("clone3_args_valid" inside __do_sys_clone3), whose
  // body the line belongs to; empty where pc is in no inlined call.
  std::string inlined;
};

// An ELF's line tables. A file without DWARF (or not an ELF at all: a raw kernel image) is
// no error: every lookup is then nullopt, and symbols still work. A file that cannot be
// opened is a SimError naming it.
class SourceLines {
 public:
  static SourceLines open(const std::string& path);
  SourceLines(SourceLines&&) noexcept;
  SourceLines& operator=(SourceLines&&) noexcept;
  ~SourceLines();

  bool has_lines() const;
  // The line of the instruction at `pc` (the row with the largest address <= pc in the
  // compile unit covering pc), if the line tables cover it, and the inlined function there.
  std::optional<SourcePosition> find(u64 pc) const;

 private:
  struct Impl;
  explicit SourceLines(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rvscope
