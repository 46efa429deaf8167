// 16550 UART: registers, DLAB, FIFO, LSR, IIR priorities, interrupt line, polling, loopback.
#include "sim/devices/uart16550.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace rvscope {
namespace {

class UartTest : public ::testing::Test {
 protected:
  UartTest() {
    uart.set_irq([this](bool level) { levels.push_back(level); });
  }
  u8 rd(unsigned reg) {
    u64 v = 0;
    EXPECT_TRUE(uart.read(reg, 1, v));
    return static_cast<u8>(v);
  }
  void wr(unsigned reg, u8 v) { EXPECT_TRUE(uart.write(reg, 1, v)); }
  // Polls the input once (tick is rate-limited by the poll interval).
  void poll() {
    now += Uart16550::kDefaultPollInterval;
    uart.tick(now);
  }
  bool irq() const { return uart.irq_level(); }

  QueueInput in;
  StringOutput out;
  Uart16550 uart{&in, out};
  std::vector<bool> levels;
  u64 now = 0;
};

TEST_F(UartTest, TransmitWritesToOutput) {
  for (char c : std::string("hi\n")) wr(0, static_cast<u8>(c));
  EXPECT_EQ(out.str(), "hi\n");
  EXPECT_EQ(rd(5) & 0x60, 0x60);  // THRE and TEMT always set
}

TEST_F(UartTest, ResetValues) {
  EXPECT_EQ(rd(1), 0);     // IER
  EXPECT_EQ(rd(2), 0x01);  // IIR: no interrupt, FIFO off
  EXPECT_EQ(rd(3), 0);     // LCR
  EXPECT_EQ(rd(5), 0x60);  // LSR
  EXPECT_EQ(rd(6), 0xb0);  // MSR: DCD, DSR, CTS
  EXPECT_FALSE(irq());
}

TEST_F(UartTest, DivisorLatchAccessBit) {
  wr(3, 0x80);
  wr(0, 0x03);
  wr(1, 0x00);
  EXPECT_EQ(rd(0), 0x03);
  wr(3, 0x03);               // 8N1, DLAB off
  EXPECT_EQ(out.str(), "");  // DLL write did not transmit
  wr(1, 0x05);
  EXPECT_EQ(rd(1), 0x05);
  wr(3, 0x83);
  EXPECT_EQ(rd(1), 0x00);  // DLM
  EXPECT_EQ(rd(3), 0x83);
}

TEST_F(UartTest, ScratchAndRegisterMirroring) {
  wr(7, 0x5a);
  EXPECT_EQ(rd(7), 0x5a);
  EXPECT_EQ(rd(0x0f), 0x5a);  // registers repeat every 8 bytes in the window
  u64 v = 0;
  EXPECT_TRUE(uart.read(7, 4, v));  // wider accesses reach the same byte register
  EXPECT_EQ(v, 0x5au);
  EXPECT_FALSE(uart.read(7, 3, v));
}

TEST_F(UartTest, ReceiveWithoutFifoHoldsOneByte) {
  in.push("ab");
  poll();
  EXPECT_EQ(uart.rx_count(), 1u);
  EXPECT_EQ(rd(5) & 1, 1);
  EXPECT_EQ(rd(0), 'a');
  EXPECT_EQ(rd(5) & 1, 0);
  poll();
  EXPECT_EQ(rd(0), 'b');
  EXPECT_EQ(in.pending(), 0u);
}

TEST_F(UartTest, FifoBuffersSixteenAndLeavesTheRestInTheSource) {
  wr(2, 0x01);
  std::string text(40, 'x');
  in.push(text);
  poll();
  EXPECT_EQ(uart.rx_count(), Uart16550::kFifoSize);
  EXPECT_EQ(in.pending(), 40u - Uart16550::kFifoSize);
  EXPECT_EQ(rd(5) & 0x02, 0);  // no overrun: we only took what fits
  std::string got;
  while (rd(5) & 1) got.push_back(static_cast<char>(rd(0)));
  EXPECT_EQ(got.size(), Uart16550::kFifoSize);
}

TEST_F(UartTest, FifoResetClearsReceivedData) {
  wr(2, 0x01);
  in.push("abc");
  poll();
  wr(2, 0x03);
  EXPECT_EQ(uart.rx_count(), 0u);
  EXPECT_EQ(rd(2) & 0xc0, 0xc0);  // FIFO-enabled bits in IIR
}

TEST_F(UartTest, ReceiveInterruptAtTriggerLevel) {
  wr(2, 0x81);  // FIFO on, trigger 8
  wr(1, Uart16550::kIerRdi);
  in.push("1234");
  poll();
  // Below the trigger: no interrupt until a poll passes with no new data (timeout).
  EXPECT_FALSE(irq());
  poll();
  EXPECT_TRUE(irq());
  EXPECT_EQ(rd(2), 0xcc);
  while (rd(5) & 1) rd(0);
  EXPECT_FALSE(irq());
  in.push("abcdefgh");
  poll();
  EXPECT_TRUE(irq());
  EXPECT_EQ(rd(2), 0xc4);
}

TEST_F(UartTest, ReceiveInterruptWithoutFifo) {
  wr(1, Uart16550::kIerRdi);
  in.push("z");
  poll();
  EXPECT_TRUE(irq());
  EXPECT_EQ(rd(2), 0x04);
  rd(0);
  EXPECT_FALSE(irq());
  EXPECT_EQ(levels, (std::vector<bool>{true, false}));
}

TEST_F(UartTest, ThrEmptyInterruptRaisedOnEnableAndAfterEachWrite) {
  wr(1, Uart16550::kIerThri);
  EXPECT_TRUE(irq());
  EXPECT_EQ(rd(2), 0x02);  // reading IIR acknowledges THRE
  EXPECT_FALSE(irq());
  EXPECT_EQ(rd(2), 0x01);
  wr(0, 'x');
  EXPECT_TRUE(irq());
  wr(1, 0);
  EXPECT_FALSE(irq());
}

TEST_F(UartTest, ReceiveOutranksThrEmpty) {
  wr(1, Uart16550::kIerThri | Uart16550::kIerRdi);
  in.push("q");
  poll();
  EXPECT_EQ(rd(2), 0x04);
  rd(0);
  EXPECT_EQ(rd(2), 0x02);
}

TEST_F(UartTest, LoopbackFeedsTransmitIntoReceiveAndOverruns) {
  wr(4, Uart16550::kMcrLoop | 0x0a);  // loop, RTS, OUT2
  EXPECT_EQ(rd(6) & 0xf0, 0x90);      // CTS and DCD, what Linux's probe checks
  in.push("host");
  wr(0, 'a');
  poll();
  EXPECT_EQ(in.pending(), 4u);  // host input is disconnected in loopback
  EXPECT_EQ(rd(0), 'a');
  EXPECT_EQ(out.str(), "");
  wr(1, Uart16550::kIerRlsi);
  wr(0, 'b');
  wr(0, 'c');  // no FIFO: one-byte holding register overruns
  EXPECT_TRUE(irq());
  EXPECT_EQ(rd(2), 0x06);
  EXPECT_EQ(rd(5) & 0x03, 0x03);
  EXPECT_EQ(rd(5) & 0x02, 0);  // OE cleared by the read
  EXPECT_FALSE(irq());
}

TEST_F(UartTest, PollIsRateLimitedAndNextEventReportsIt) {
  in.push("a");
  uart.tick(0);
  EXPECT_EQ(uart.rx_count(), 1u);
  rd(0);
  in.push("b");
  uart.tick(10);  // before the next poll time
  EXPECT_EQ(uart.rx_count(), 0u);
  EXPECT_EQ(uart.next_event(10), Uart16550::kDefaultPollInterval);
  uart.tick(Uart16550::kDefaultPollInterval);
  EXPECT_EQ(uart.rx_count(), 1u);
}

TEST(UartNoInput, NeedsNoPolling) {
  StringOutput out;
  Uart16550 uart(nullptr, out);
  EXPECT_EQ(uart.next_event(0), ~0ull);
  uart.tick(0);
  u64 v = 0;
  EXPECT_TRUE(uart.read(5, 1, v));
  EXPECT_EQ(v & 1, 0u);
}

}  // namespace
}  // namespace rvscope
