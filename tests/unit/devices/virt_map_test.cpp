// The virt map as a whole: QEMU 7.2's addresses, no overlaps, and every device reachable
// through a Bus wired from the table (the way the machine wires it).
#include "sim/devices/virt_map.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"
#include "sim/devices/boot_rom.hpp"
#include "sim/devices/bus.hpp"
#include "sim/devices/clint.hpp"
#include "sim/devices/plic.hpp"
#include "sim/devices/sifive_test.hpp"
#include "sim/devices/uart16550.hpp"

namespace rvscope {
namespace {

TEST(VirtMap, QemuAddresses) {
  EXPECT_EQ(virt_base(VirtDevice::kMrom), 0x1000u);
  EXPECT_EQ(virt_size(VirtDevice::kMrom), 0xf000u);
  EXPECT_EQ(virt_base(VirtDevice::kTest), 0x100000u);
  EXPECT_EQ(virt_base(VirtDevice::kClint), 0x2000000u);
  EXPECT_EQ(virt_size(VirtDevice::kClint), 0x10000u);
  EXPECT_EQ(virt_base(VirtDevice::kPlic), 0xc000000u);
  EXPECT_EQ(virt_size(VirtDevice::kPlic), 0x600000u);  // QEMU 7.2 dumpdtb, any -smp
  EXPECT_EQ(virt_base(VirtDevice::kUart0), 0x10000000u);
  EXPECT_EQ(virt_size(VirtDevice::kUart0), 0x100u);
  EXPECT_EQ(virt_base(VirtDevice::kDram), 0x80000000u);
  EXPECT_EQ(kVirtUart0Irq, 10u);
  EXPECT_EQ(virt_plic_size(2), 0x202000u);
}

TEST(VirtMap, WiredBusReachesEveryDevice) {
  test::FakeTime time;
  test::FakeSink sink;
  QueueInput in;
  StringOutput out;
  Bus bus;
  bus.attach_ram(std::make_unique<Ram>(virt_base(VirtDevice::kDram), 1 << 20));
  BootRom rom(virt_base(VirtDevice::kDram), 0x80080000);
  SifiveTest finisher;
  Clint clint(1, time, sink);
  Plic plic(1, kVirtPlicNumSources, kVirtPlicPriorityBits, sink);
  Uart16550 uart(&in, out);
  uart.set_irq([&plic](bool level) { plic.set_source_level(kVirtUart0Irq, level); });
  const std::pair<VirtDevice, Device*> devices[] = {{VirtDevice::kMrom, &rom},
                                                    {VirtDevice::kTest, &finisher},
                                                    {VirtDevice::kClint, &clint},
                                                    {VirtDevice::kPlic, &plic},
                                                    {VirtDevice::kUart0, &uart}};
  for (auto [which, device] : devices) bus.attach(virt_base(which), virt_size(which), device);

  u64 v = 0;
  EXPECT_TRUE(bus.read(0x1000, 4, v));
  EXPECT_EQ(v, 0x00000297u);
  EXPECT_FALSE(bus.write(0x1000, 4, 0));
  EXPECT_TRUE(bus.write(0x10000000, 1, 'k'));
  EXPECT_EQ(out.str(), "k");

  // UART receive interrupt through the PLIC to hart 0's SEIP.
  EXPECT_TRUE(bus.write(0xc000000 + 4 * kVirtUart0Irq, 4, 1));
  EXPECT_TRUE(bus.write(0xc002080, 4, 1u << kVirtUart0Irq));
  EXPECT_TRUE(bus.write(0x10000001, 1, Uart16550::kIerRdi));
  in.push("!");
  uart.tick(0);
  EXPECT_TRUE(sink.level(0, Plic::kSeipBit));
  EXPECT_TRUE(bus.read(0xc201004, 4, v));
  EXPECT_EQ(v, kVirtUart0Irq);
  EXPECT_TRUE(bus.read(0x10000000, 1, v));
  EXPECT_EQ(v, u64{'!'});
  EXPECT_TRUE(bus.write(0xc201004, 4, kVirtUart0Irq));
  EXPECT_FALSE(sink.level(0, Plic::kSeipBit));

  time.now = 7;
  EXPECT_TRUE(bus.read(0x200bff8, 8, v));
  EXPECT_EQ(v, 7u);
  EXPECT_TRUE(bus.write(0x100000, 4, 0x5555));
  EXPECT_TRUE(finisher.stop_requested());
  EXPECT_FALSE(bus.read(0x10000100, 1, v));  // past the UART window
}

}  // namespace
}  // namespace rvscope
