// Disassembler: objdump-style text (GNU objdump -d with its default aliases) for one
// instruction, driven by the instruction table.
#pragma once

#include <string>

#include "sim/common/types.hpp"

namespace rvscope {

// `raw` holds the instruction's bits (16 significant bits for compressed ones). Branch and
// jump targets are printed as absolute hex addresses, as objdump does, without <symbol>.
std::string disassemble(u32 raw, u64 pc);

// ABI register names, as objdump prints them.
const char* xreg_name(unsigned r);
const char* freg_name(unsigned r);
// The name objdump gives a CSR, or its number in hex.
std::string csr_display_name(u16 number);

}  // namespace rvscope
