// One retired instruction (or trap) as a line of text: Spike's commit log, or annotated.
#pragma once

#include <string>
#include <string_view>

#include "sim/common/events.hpp"

namespace rvscope::trace {

// Spike's `--log-commits` line, byte for byte, without the newline:
//   core   0: 3 0x0000000080000000 (0x00000297) x5  0x0000000080000000
// Register write first, then CSR writes in ascending number (an fcsr write prints as
// c1_fflags and c2_frm, as Spike logs it), then loads, then stores. fflags accrued by FP
// arithmetic is not printed (Spike does not); x0 is never printed.
std::string format_spike_commit(const RetireEvent& event);
// The same, appended to `out` (no allocation once `out` has grown).
void append_spike_commit(const RetireEvent& event, std::string& out);

// Spike's CSR name (mstatus, sscratch, fflags...), or "unknown".
std::string_view csr_name(u16 csr);
// ABI register name: x10 -> "a0", 42 (f10) -> "fa0".
std::string_view reg_abi_name(u8 reg);
// "ecall-from-U", "S-timer"...
std::string trap_cause_name(bool interrupt, u64 cause);
char priv_letter(Priv priv);

}  // namespace rvscope::trace
