// Machine tests' busy guest (timer interrupts, UART output, stores over two pages, FP) and
// the fingerprint of a machine's state that snapshot and reverse-execution tests compare.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <string>

#include "sim/machine/machine.hpp"
#include "tests/unit/support/bare_metal_program.hpp"

namespace rvscope::test {

// Timer interrupts re-armed by the handler, which also writes to the UART; the main loop
// stores across two pages and accumulates in FP registers; the exit code sums it all up.
inline constexpr const char* kBusyGuest = R"(
  la t0, handler
  csrw mtvec, t0
  li t1, 0x2004000
  li t2, 300
  sd t2, 0(t1)
  li t0, 0x80
  csrw mie, t0
  li t0, 0x2000
  csrs mstatus, t0
  csrsi mstatus, 8
  li s0, 0
  la s1, buffer
  li s2, 0
  fcvt.d.l fa0, zero
loop:
  addi s2, s2, 1
  andi t3, s2, 1023
  slli t3, t3, 3
  add t4, s1, t3
  ld t5, 0(t4)
  add t5, t5, s2
  sd t5, 0(t4)
  fcvt.d.l fa1, s2
  fadd.d fa0, fa0, fa1
  li t6, 25
  blt s0, t6, loop
  fcvt.l.d a0, fa0
  xor a0, a0, s2
  li t0, 0xffff
  and a0, a0, t0
  slli a0, a0, 1
  ori a0, a0, 1
  la t1, tohost
  sd a0, 0(t1)
1: j 1b
.align 2
handler:
  addi s0, s0, 1
  li t1, 0x10000000
  addi t2, s0, 'a'
  sb t2, 0(t1)
  li t1, 0x200bff8
  ld t2, 0(t1)
  addi t2, t2, 300
  li t1, 0x2004000
  sd t2, 0(t1)
  mret
.data
.align 12
buffer: .skip 8192
)";

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline MachineConfig busy_config(const std::string& elf, const std::string& console) {
  MachineConfig config;
  config.boot.mode = BootMode::kDirect;
  config.boot.kernel = elf;
  config.machine.ram_size = 4 * kMiB;  // the device tree goes at 2 MiB
  config.console.input = ConsoleInput::kNone;
  config.console.output = ConsoleOutput::kFile;
  config.console.output_path = console;
  return config;
}

inline std::string temp(const std::string& name) {
  return ::testing::TempDir() + "/" + name + "_" + std::to_string(getpid());
}

// Everything a run's future depends on that a test can see: registers, every CSR, the
// clock, RAM.
inline std::string fingerprint(Machine& m) {
  std::string out = fmt::format("clock {} executed {}\n", m.cycles(), m.total_executed());
  for (unsigned h = 0; h < m.num_harts(); ++h) {
    Hart& hart = m.hart(h);
    out += fmt::format("pc {:#x} priv {} wfi {}\n", hart.pc(), static_cast<int>(hart.priv()),
                       hart.waiting_for_interrupt());
    for (unsigned i = 0; i < 32; ++i)
      out += fmt::format("x{}={:#x} f{}={:#x}\n", i, hart.x[i], i, hart.f[i]);
    for (u16 n = 0; n < 0x1000; ++n) {
      u64 v = 0;
      if (hart.debug_csr_read(n, v)) out += fmt::format("csr{:#x}={:#x}\n", n, v);
    }
  }
  const Ram& ram = m.bus().ram();
  u64 hash = 0xcbf29ce484222325ull;
  for (u64 i = 0; i < ram.size(); ++i) hash = (hash ^ ram.data()[i]) * 0x100000001b3ull;
  return out + fmt::format("ram {:016x}\n", hash);
}

}  // namespace rvscope::test
