// A debugger's reads of device registers (Device::peek, Bus::peek_block) show what a read
// would return and change nothing: the UART keeps its byte, the PLIC claims nothing.
#include <gtest/gtest.h>

#include "sim/devices/bus.hpp"
#include "sim/devices/char_io.hpp"
#include "sim/devices/plic.hpp"
#include "sim/devices/uart16550.hpp"

namespace rvscope {
namespace {

class NoInterrupts final : public InterruptSink {
 public:
  void set_interrupt(unsigned, unsigned, bool level) override { raised = level; }
  bool raised = false;
};

TEST(DebugPeek, TheUartRbrShowsTheNextByteWithoutPoppingIt) {
  QueueInput input;
  StringOutput output;
  Uart16550 uart(&input, output);
  ASSERT_TRUE(uart.write(Uart16550::kIirFcr, 1, 1));  // FIFO on: room for both bytes
  input.push("ab");
  uart.tick(Uart16550::kDefaultPollInterval);
  ASSERT_EQ(uart.rx_count(), 2u);
  for (int i = 0; i < 3; ++i) {
    u64 value = 0;
    ASSERT_TRUE(uart.peek(Uart16550::kRbrThr, 1, value));
    EXPECT_EQ(value, 'a');
    ASSERT_TRUE(uart.peek(Uart16550::kLsr, 1, value));
    EXPECT_EQ(value & Uart16550::kLsrDr, Uart16550::kLsrDr);
  }
  EXPECT_EQ(uart.rx_count(), 2u);
  u64 value = 0;
  ASSERT_TRUE(uart.read(Uart16550::kRbrThr, 1, value));  // the guest's read pops it
  EXPECT_EQ(value, 'a');
  EXPECT_EQ(uart.rx_count(), 1u);
}

TEST(DebugPeek, ThePlicClaimRegisterShowsTheSourceWithoutClaimingIt) {
  NoInterrupts irq;
  Plic plic(1, 31, 3, irq);
  ASSERT_TRUE(plic.write(Plic::kPriorityBase + 4 * 10, 4, 1));
  ASSERT_TRUE(plic.write(Plic::kEnableBase, 4, 1u << 10));  // context 0 (hart 0, M)
  plic.set_source_level(10, true);
  ASSERT_TRUE(irq.raised);
  const u64 claim = Plic::kContextBase + 4;
  u64 value = 0;
  ASSERT_TRUE(plic.peek(claim, 4, value));
  EXPECT_EQ(value, 10u);
  EXPECT_TRUE(plic.pending(10));
  EXPECT_FALSE(plic.claimed(10));
  EXPECT_TRUE(irq.raised);
  ASSERT_TRUE(plic.read(claim, 4, value));  // the guest's read claims it
  EXPECT_EQ(value, 10u);
  EXPECT_TRUE(plic.claimed(10));
}

TEST(DebugPeek, TheBusReadsWordRegistersByteByByteAndRefusesUnmappedBytes) {
  NoInterrupts irq;
  Plic plic(1, 31, 3, irq);
  ASSERT_TRUE(plic.write(Plic::kPriorityBase + 4 * 5, 4, 0x7));
  Bus bus;
  bus.attach(0xc000000, 0x4000000, &plic);
  u8 bytes[4] = {};
  ASSERT_TRUE(bus.peek_block(0xc000000 + 4 * 5, bytes, 4));
  EXPECT_EQ(bytes[0], 7);
  EXPECT_EQ(bytes[1], 0);
  EXPECT_FALSE(bus.peek_block(0x5000, bytes, 4));  // nothing there
}

}  // namespace
}  // namespace rvscope
