// The riscv:rv64 target description (target.xml) gdb reads through qXfer:features:read.
#pragma once

#include <string>
#include <vector>

#include "sim/gdb/debug_target.hpp"

namespace rvscope::gdb {

// One self-contained document (no xi:include) with the features org.gnu.gdb.riscv.cpu,
// .fpu (when has_fpu), .virtual (priv) and .csr (the listed CSRs, numbered 65 + csrno).
std::string build_target_xml(bool has_fpu, const std::vector<CsrInfo>& csrs);

}  // namespace rvscope::gdb
