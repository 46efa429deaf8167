// Reads the small assembly loop kernels of tests/timing/kernels and replays them as events.
#pragma once

#include <string>
#include <vector>

#include "sim/common/events.hpp"

namespace rvscope::timing::test {

struct KernelInsn {
  std::string text;
  RetireEvent event;  // template: registers, class, bits, pc
  int target = -1;    // branch/jump target index
  bool has_mem = false;
  bool mem_store = false;
  u8 mem_base = 0;
  i64 mem_offset = 0;
  u8 mem_size = 8;
  enum class Op { kOther, kAddi, kAdd } op = Op::kOther;
  i64 imm = 0;
};

struct KernelProgram {
  std::vector<KernelInsn> insns;
};

// Throws std::runtime_error naming file:line on anything outside the supported subset.
KernelProgram parse_kernel(const std::string& path);

// Events of `iterations` passes through the loop. Register values (for addresses) restart
// each pass, so a kernel touches the same lines every iteration, as llvm-mca assumes.
// Backward branches are taken except on the last pass; forward branches fall through.
std::vector<RetireEvent> kernel_events(const KernelProgram& program, unsigned iterations);

}  // namespace rvscope::timing::test
