// SiFive test finisher: pass, fail with code, reset, ignored values and access widths.
#include "sim/devices/sifive_test.hpp"

#include <gtest/gtest.h>

namespace rvscope {
namespace {

TEST(SifiveTest, PassFailReset) {
  SifiveTest dev;
  EXPECT_FALSE(dev.stop_requested());
  EXPECT_TRUE(dev.write(0, 4, 0x1234));  // unknown status: ignored
  EXPECT_EQ(dev.request(), SifiveTest::Request::kNone);
  EXPECT_TRUE(dev.write(0, 4, 0x5555));
  EXPECT_TRUE(dev.stop_requested());
  EXPECT_EQ(dev.exit_code(), 0);
  dev.clear();
  EXPECT_TRUE(dev.write(0, 4, (42u << 16) | 0x3333));
  EXPECT_EQ(dev.request(), SifiveTest::Request::kFail);
  EXPECT_EQ(dev.exit_code(), 42);
  dev.clear();
  EXPECT_TRUE(dev.write(0, 4, 0x7777));
  EXPECT_TRUE(dev.reset_requested());
  EXPECT_FALSE(dev.stop_requested());
}

TEST(SifiveTest, AccessWidths) {
  SifiveTest dev;
  u64 v = 1;
  EXPECT_TRUE(dev.read(0, 4, v));
  EXPECT_EQ(v, 0u);
  EXPECT_FALSE(dev.write(0, 8, 0x5555));
  EXPECT_FALSE(dev.write(0, 1, 0x55));
  EXPECT_TRUE(dev.write(0, 2, 0x5555));
  EXPECT_TRUE(dev.stop_requested());
}

}  // namespace
}  // namespace rvscope
