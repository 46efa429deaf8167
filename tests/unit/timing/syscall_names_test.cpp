// The timing report names syscalls from the same riscv64 table the strace tracer prints.
#include <gtest/gtest.h>

#include "sim/common/syscall_table.hpp"
#include "sim/timing/fast_forward.hpp"

namespace rvscope::timing {
namespace {

TEST(TimingSyscallNames, NamesLinuxGuestCallsTheTracerNames) {
  // A Linux guest's init calls these; the report used to print "#40" and "#81".
  EXPECT_EQ(syscall_name(40), "mount");
  EXPECT_EQ(syscall_name(81), "sync");
  EXPECT_EQ(syscall_number("mount"), 40u);
}

TEST(TimingSyscallNames, AgreesWithTheSharedTableOnEveryEntry) {
  for (const SyscallInfo& info : all_syscalls()) {
    EXPECT_EQ(syscall_name(info.number), info.name) << "#" << info.number;
    EXPECT_EQ(syscall_number(info.name), info.number) << info.name;
  }
  EXPECT_EQ(syscall_name(38), "");  // renameat does not exist on riscv64
}

}  // namespace
}  // namespace rvscope::timing
