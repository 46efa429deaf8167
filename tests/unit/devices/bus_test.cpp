// Bus block transfers at their edge: a zero-length one (gdb's `m ADDR,0`) needs no buffer.
#include "sim/devices/bus.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace rvscope {
namespace {

TEST(BusBlocks, ZeroLengthTransfersTouchNoBuffer) {
  Bus bus;
  bus.attach_ram(std::make_unique<Ram>(0x80000000, 1 << 20));
  // An empty span's data() is null: memcpy must not see it (UBSan: nonnull argument).
  EXPECT_TRUE(bus.read_block(0x80000000, nullptr, 0));
  EXPECT_TRUE(bus.peek_block(0x80000000, nullptr, 0));
  EXPECT_TRUE(bus.write_block(0x80000000, nullptr, 0));
}

}  // namespace
}  // namespace rvscope
