// Tests for Ram: zero-filled, bounds-checked device access, and guard pages on both sides.
#include "sim/devices/ram.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

constexpr u64 kBase = 0x80000000;

TEST(Ram, StartsZeroedAndChecksItsBounds) {
  Ram ram(kBase, 3 * 4096 + 100);  // not a whole number of pages: the tail is usable too
  u64 value = 1;
  ASSERT_TRUE(ram.read(ram.size() - 8, 8, value));
  EXPECT_EQ(value, 0u);
  ASSERT_TRUE(ram.write(ram.size() - 8, 8, 0x1122334455667788));
  EXPECT_EQ(ram.host(kBase + ram.size() - 1)[0], 0x11);
  EXPECT_FALSE(ram.read(ram.size() - 4, 8, value));
  EXPECT_FALSE(ram.write(ram.size(), 1, 0));
  EXPECT_TRUE(ram.contains(kBase, ram.size()));
  EXPECT_FALSE(ram.contains(kBase + 1, ram.size()));
}

TEST(Ram, AnEmptyRamIsRefused) { EXPECT_THROW(Ram(kBase, 0), SimError); }

// A host access one page past either end faults at once instead of reaching other memory.
TEST(RamDeathTest, HostAccessPastEitherEndFaults) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  Ram ram(kBase, 8192);
  EXPECT_DEATH(
      {
        volatile u8* past = ram.data() + 8192;
        *past = 1;
      },
      "");
  EXPECT_DEATH(
      {
        volatile u8* before = ram.data() - 1;
        *before = 1;
      },
      "");
}

}  // namespace
}  // namespace rvscope
