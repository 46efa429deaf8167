// The vocabulary of execute bodies: each instruction reads like the ISA manual's pseudocode.
#pragma once

#include "sim/common/bits.hpp"
#include "sim/cpu/hart.hpp"

namespace rvscope {

// Bodies are always inlined into the threaded run loop; exec_table.cpp also takes their
// addresses for the step loop (run_observed).
#define EXEC(id)                                                        \
  [[gnu::always_inline]] inline u64 exec_##id([[maybe_unused]] Hart& h, \
                                              [[maybe_unused]] const DecodedInsn& d, u64 pc)
#define RS1 (h.x[d.rs1])
#define RS2 (h.x[d.rs2])
#define IMM (static_cast<u64>(d.imm))
#define NEXT (pc + d.length)
// Decoding sends writes to x0 into the sink register x[32], so writes need no test.
#define WRITE_RD(value) (h.x[d.rd] = static_cast<u64>(value))
#define SEXT32(value) sext32(static_cast<u64>(value))
#define ILLEGAL() return h.illegal(pc, d)
#define REQUIRE(cond)       \
  do {                      \
    if (!(cond)) ILLEGAL(); \
  } while (0)
// A memory access that faulted has recorded its cause; the trap starts here.
#define FAULT() return h.take_fault(pc)

}  // namespace rvscope
