// machine.ram_size: the documented minimum (1 MiB) is accepted; only a kernel address the
// user wrote is checked against it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sim/config/config_tree.hpp"
#include "sim/config/machine_config.hpp"

namespace rvscope {
namespace {

using ::testing::HasSubstr;

std::string error_of(std::string_view yaml) {
  try {
    ConfigTree tree = ConfigTree::from_string(yaml, "t.yaml");
    load_machine_config(tree);
  } catch (const SimError& e) {
    return e.what();
  }
  return "";
}

TEST(RamSize, TheDocumentedMinimumRamSizeIsAccepted) {
  // The default kernel address (RAM base + 2 MiB) lies beyond 1 MiB of RAM; only a kernel
  // address the user wrote may be blamed.
  EXPECT_EQ(error_of("machine:\n  ram_size: 1MiB\n"), "");
  EXPECT_THAT(error_of("machine:\n  ram_size: 1MiB\nboot:\n  kernel_addr: 0x80200000\n"),
              HasSubstr("t.yaml:4: boot.kernel_addr: 0x80200000 lies outside RAM"));
}

}  // namespace
}  // namespace rvscope
