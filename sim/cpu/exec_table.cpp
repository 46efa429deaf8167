// Maps every instruction-table row to its execute body.
#include "sim/cpu/exec_table.hpp"

#include <array>

#include "sim/cpu/hart.hpp"

namespace rvscope {

#define INSN(id, mnemonic, match, mask, format, ext, tclass) \
  u64 exec_##id(Hart& h, const DecodedInsn& d, u64 pc);
#include "sim/cpu/insn_table.def"
#undef INSN
u64 exec_illegal(Hart& h, const DecodedInsn& d, u64 pc);

namespace {
constexpr std::array<ExecFn, static_cast<size_t>(InsnId::kCount)> kExec = {
#define INSN(id, mnemonic, match, mask, format, ext, tclass) &exec_##id,
#include "sim/cpu/insn_table.def"
#undef INSN
    &exec_illegal,
};
}  // namespace

ExecFn exec_function(InsnId id) { return kExec[static_cast<size_t>(id)]; }

}  // namespace rvscope
