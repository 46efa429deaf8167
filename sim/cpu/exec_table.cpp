// Maps every instruction-table row to an out-of-line copy of its execute body, for the
// step loop, run_observed (the threaded loop inlines the bodies instead).
#include "sim/cpu/exec_table.hpp"

#include <array>

#include "sim/cpu/exec_fp.inl"
#include "sim/cpu/exec_int.inl"
#include "sim/cpu/exec_mem.inl"
#include "sim/cpu/exec_system.inl"

namespace rvscope {
namespace {

constexpr std::array<ExecFn, static_cast<size_t>(InsnId::kIllegal) + 1> kExec = {
#define INSN(id, mnemonic, match, mask, format, ext, tclass) &exec_##id,
#include "sim/cpu/insn_table.def"
#undef INSN
    &exec_illegal,
};

}  // namespace

ExecFn exec_function(InsnId id) {
  const auto index = static_cast<size_t>(id);
  return index < kExec.size() ? kExec[index] : &exec_illegal;
}

}  // namespace rvscope
