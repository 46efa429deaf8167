// The top-page case against QEMU: one bare-metal program maps S-mode code at the last virtual
// page under Sv39, runs it after M-mode code has been fetched from another page, then lets the
// pc wrap from the page's last halfword to address 0; it checks each result itself and tells
// the SiFive test device pass or which check failed. rvscope and qemu-system-riscv64 must
// both pass.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "tests/unit/support/bare_metal_program.hpp"

namespace rvscope::test {
namespace {

// Exit codes: 0 pass; 1 phase 1 trapped with the wrong cause; 2 the top page ran the wrong
// bytes; 3 phase 2 trapped with the wrong cause; 4 the wrong epc or tval; 5 c.li did not run.
constexpr const char* kProgram = R"(
  la t0, trap
  csrw mtvec, t0
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
  # root 0x80100000: root[511] -> L1 0x80101000: L1[511] -> L0 0x80102000:
  # L0[511] -> frame 0x80103000 (V R X A), i.e. VA 0xfffffffffffff000.
  li t0, 0x80100000 + 511*8
  li t1, (0x80101000 >> 12) << 10 | 1
  sd t1, 0(t0)
  li t0, 0x80101000 + 511*8
  li t1, (0x80102000 >> 12) << 10 | 1
  sd t1, 0(t0)
  li t0, 0x80102000 + 511*8
  li t1, (0x80103000 >> 12) << 10 | 0x4b
  sd t1, 0(t0)
  # The frame: li a0, 42; ecall at its start, c.li a2, 5 in its last halfword.
  li t0, 0x80103000
  li t1, 0x02a00513
  sw t1, 0(t0)
  li t1, 0x00000073
  sw t1, 4(t0)
  li t1, 0x4615
  li t2, 0xffe
  add t2, t0, t2
  sh t1, 0(t2)
  fence.i
  li t0, (8 << 60) | (0x80100000 >> 12)
  csrw satp, t0
  sfence.vma
  li s0, 1
  li t0, -4096
  j enter_s

# Enters S-mode at t0 with a0 = a2 = 0.
enter_s:
  csrw mepc, t0
  li t1, 0x1800
  csrc mstatus, t1
  li t1, 0x800
  csrs mstatus, t1
  li a0, 0
  li a2, 0
  mret

.align 2
trap:
  csrr t3, mcause
  li t4, 2
  beq s0, t4, phase2
  li s1, 1
  li t4, 9
  bne t3, t4, fail
  li s1, 2
  li t4, 42
  bne a0, t4, fail
  li s0, 2
  li t0, -2
  j enter_s
phase2:
  li s1, 3
  li t4, 12
  bne t3, t4, fail
  li s1, 4
  csrr t3, mepc
  bnez t3, fail
  csrr t3, mtval
  bnez t3, fail
  li s1, 5
  li t4, 5
  bne a2, t4, fail
  li t0, 0x5555
  j finish
fail:
  slli t0, s1, 16
  li t1, 0x3333
  or t0, t0, t1
finish:
  li t1, 0x100000
  sw t0, 0(t1)
1:
  j 1b
)";

int exit_status(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(TopPageAgainstQemu, SupervisorCodeAtTheLastPageAndThePcWrap) {
  const std::string elf = build_bare_metal("top_page_sv39", kProgram);
  ASSERT_FALSE(elf.empty());
  EXPECT_EQ(exit_status(RVSCOPE_BINARY_DIR "/rvscope run --max-insns 100000 " + elf +
                        " > /dev/null 2>&1"),
            0);
  if (exit_status("command -v qemu-system-riscv64 > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "qemu-system-riscv64 not installed";
  }
  EXPECT_EQ(exit_status("timeout 60 qemu-system-riscv64 -M virt -m 128M -nographic -bios " + elf +
                        " > /dev/null 2>&1"),
            0);
}

}  // namespace
}  // namespace rvscope::test
