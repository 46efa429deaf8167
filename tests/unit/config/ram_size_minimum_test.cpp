// machine.ram_size: the documented minimum (1 MiB) is accepted; only a kernel address the
// user wrote is checked against it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/config/config_error.hpp"

namespace rvscope {
namespace {

using ::testing::HasSubstr;

using test::config_error;

TEST(RamSize, TheDocumentedMinimumRamSizeIsAccepted) {
  // The default kernel address (RAM base + 2 MiB) lies beyond 1 MiB of RAM; only a kernel
  // address the user wrote may be blamed.
  EXPECT_EQ(config_error("machine:\n  ram_size: 1MiB\n"), "");
  EXPECT_THAT(config_error("machine:\n  ram_size: 1MiB\nboot:\n  kernel_addr: 0x80200000\n"),
              HasSubstr("t.yaml:4: boot.kernel_addr: 0x80200000 lies outside RAM"));
}

}  // namespace
}  // namespace rvscope
