// The execute body of every instruction-table row, looked up by id.
#pragma once

#include "sim/cpu/decoded_insn.hpp"

namespace rvscope {

ExecFn exec_function(InsnId id);

}  // namespace rvscope
