// HTIF: exit codes, the syscall proxy (write, exit, unknown), the bcd console, bad pointers.
#include "sim/devices/htif.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

constexpr u64 kBase = 0x80000000;
constexpr u64 kToHost = kBase + 0x1000;
constexpr u64 kFromHost = kBase + 0x1040;
constexpr u64 kMagic = kBase + 0x2000;
constexpr u64 kText = kBase + 0x3000;

class HtifTest : public ::testing::Test {
 protected:
  u64 load(u64 addr) {
    u64 v = 0;
    std::memcpy(&v, ram.host(addr), 8);
    return v;
  }
  void store(u64 addr, u64 v) { std::memcpy(ram.host(addr), &v, 8); }
  void syscall(u64 number, u64 a0, u64 a1 = 0, u64 a2 = 0) {
    store(kMagic, number);
    store(kMagic + 8, a0);
    store(kMagic + 16, a1);
    store(kMagic + 24, a2);
    store(kToHost, kMagic);
    htif.poll(ram);
  }

  Ram ram{kBase, 1 << 20};
  StringOutput out;
  Htif htif{kToHost, kFromHost, out};
};

TEST_F(HtifTest, NothingToDoWhenTohostIsZero) {
  htif.poll(ram);
  EXPECT_FALSE(htif.exited());
  EXPECT_EQ(load(kFromHost), 0u);
}

TEST_F(HtifTest, OddValueExitsWithValueShiftedRight) {
  store(kToHost, 1);
  htif.poll(ram);
  EXPECT_TRUE(htif.exited());
  EXPECT_EQ(htif.exit_code(), 0);
  EXPECT_EQ(load(kToHost), 0u);
}

TEST_F(HtifTest, FailingRiscvTestReportsTestNumber) {
  store(kToHost, (5 << 1) | 1);
  htif.poll(ram);
  EXPECT_EQ(htif.exit_code(), 5);
}

TEST_F(HtifTest, SyscallWriteToStdoutAndStderr) {
  std::memcpy(ram.host(kText), "hello", 5);
  syscall(Htif::kSysWrite, 1, kText, 5);
  EXPECT_EQ(out.str(), "hello");
  EXPECT_EQ(load(kMagic), 5u);
  EXPECT_EQ(load(kFromHost), 1u);
  EXPECT_EQ(load(kToHost), 0u);
  syscall(Htif::kSysWrite, 2, kText, 2);
  EXPECT_EQ(out.str(), "hellohe");
  EXPECT_FALSE(htif.exited());
}

TEST_F(HtifTest, SyscallErrors) {
  syscall(Htif::kSysWrite, 3, kText, 5);
  EXPECT_EQ(static_cast<i64>(load(kMagic)), -9);
  syscall(Htif::kSysWrite, 1, 0x1000, 5);  // buffer outside RAM
  EXPECT_EQ(static_cast<i64>(load(kMagic)), -14);
  syscall(12345, 0);
  EXPECT_EQ(static_cast<i64>(load(kMagic)), -38);
  EXPECT_EQ(out.str(), "");
}

TEST_F(HtifTest, SyscallExit) {
  syscall(Htif::kSysExit, 3);
  EXPECT_TRUE(htif.exited());
  EXPECT_EQ(htif.exit_code(), 3);
}

TEST_F(HtifTest, SyscallBlockOutsideRamIsHarmless) {
  store(kToHost, 0x1000);
  htif.poll(ram);
  EXPECT_FALSE(htif.exited());
  EXPECT_EQ(load(kToHost), 0u);
  EXPECT_EQ(load(kFromHost), 1u);
}

TEST_F(HtifTest, BcdConsolePutchar) {
  store(kToHost, (1ull << 56) | (1ull << 48) | 'A');
  htif.poll(ram);
  store(kToHost, (1ull << 56) | (1ull << 48) | 'b');
  htif.poll(ram);
  EXPECT_EQ(out.str(), "Ab");
  EXPECT_EQ(load(kToHost), 0u);
  EXPECT_EQ(load(kFromHost), (1ull << 56) | (1ull << 48) | 0x100 | 'b');
}

TEST_F(HtifTest, UnknownDeviceIsClearedAndIgnored) {
  store(kToHost, (7ull << 56) | 1);
  htif.poll(ram);
  EXPECT_FALSE(htif.exited());
  EXPECT_EQ(load(kToHost), 0u);
}

TEST(HtifBadSymbols, TohostOutsideRamIsAHostError) {
  Ram ram(kBase, 4096);
  StringOutput out;
  Htif htif(0x1000, 0, out);
  EXPECT_THROW(htif.poll(ram), SimError);
}

TEST(HtifNoFromhost, WorksWithoutFromhost) {
  Ram ram(kBase, 4096);
  StringOutput out;
  Htif htif(kBase + 8, 0, out);
  u64 cmd = (1ull << 56) | (1ull << 48) | 'x';
  std::memcpy(ram.host(kBase + 8), &cmd, 8);
  htif.poll(ram);
  EXPECT_EQ(out.str(), "x");
}

}  // namespace
}  // namespace rvscope
