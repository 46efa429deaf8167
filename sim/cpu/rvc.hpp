// RVC: expands a 16-bit compressed instruction into the 32-bit instruction it stands for.
#pragma once

#include "sim/common/types.hpp"

namespace rvscope {

// Returns the equivalent RV64 32-bit encoding, or 0 for a reserved/illegal encoding
// (0 is itself an illegal 32-bit instruction). HINT encodings expand to their no-op form.
u32 expand_compressed(u16 c);

}  // namespace rvscope
