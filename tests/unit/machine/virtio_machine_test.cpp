// The machine's virtio and RTC wiring: slots as QEMU assigns them, every slot on the bus,
// the rng seed in the device tree, the RTC at its epoch, and clear errors for bad disks.
#include <gtest/gtest.h>
#include <libfdt.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "sim/devices/seeded_random.hpp"
#include "sim/machine/machine.hpp"
#include "tests/unit/support/bare_metal_program.hpp"

namespace rvscope {
namespace {

std::string make_image(const std::string& tag) {
  const std::string path =
      ::testing::TempDir() + "/vm_" + tag + "_" + std::to_string(getpid()) + ".img";
  std::ofstream(path, std::ios::binary) << std::string(8192, 'x');
  return path;
}

MachineConfig with_devices(const std::string& elf, const std::string& image) {
  MachineConfig config;
  config.boot.mode = BootMode::kDirect;
  config.boot.kernel = elf;
  config.console.input = ConsoleInput::kNone;
  VirtioDeviceConfig blk;
  blk.kind = VirtioDeviceConfig::Kind::kBlock;
  blk.file = image;
  blk.id = "disk0";
  VirtioDeviceConfig rng;
  rng.kind = VirtioDeviceConfig::Kind::kEntropy;
  config.devices.virtio = {blk, rng};
  config.devices.rng_seed = 99;
  config.devices.rtc_epoch_ns = 5'000'000'000;
  return config;
}

u64 bus_read32(Machine& m, u64 addr) {
  u64 v = 0;
  EXPECT_TRUE(m.bus().read(addr, 4, v)) << std::hex << addr;
  return v;
}

TEST(MachineVirtio, SlotsFollowQemuAndEveryTransportIsMapped) {
  const std::string elf =
      test::build_bare_metal("vm_exit", "li t0, 1\nla t1, tohost\nsd t0, 0(t1)\n1: j 1b");
  ASSERT_FALSE(elf.empty());
  const std::string image = make_image("slots");
  Machine machine(with_devices(elf, image));
  machine.load();
  for (unsigned slot = 0; slot < 8; ++slot) {
    const u64 base = 0x10001000 + 0x1000 * slot;
    EXPECT_EQ(bus_read32(machine, base), 0x74726976u);
    const u64 id = bus_read32(machine, base + 8);
    EXPECT_EQ(id, slot == 7 ? 2u : slot == 6 ? 4u : 0u) << "slot " << slot;
  }
  EXPECT_FALSE(machine.virtio_slot(7).needs_reset());
  // The RTC reads the epoch at simulated time 0.
  EXPECT_EQ(bus_read32(machine, 0x101000), static_cast<u32>(5'000'000'000));
  EXPECT_EQ(bus_read32(machine, 0x101004), 1u);

  // /chosen/rng-seed: 32 bytes, stream 0 of the seed.
  const void* fdt = machine.device_tree().data();
  const int chosen = fdt_path_offset(fdt, "/chosen");
  ASSERT_GE(chosen, 0);
  int len = 0;
  const auto* seed = static_cast<const u8*>(fdt_getprop(fdt, chosen, "rng-seed", &len));
  ASSERT_NE(seed, nullptr);
  ASSERT_EQ(len, 32);
  std::vector<u8> want(32);
  SeededRandom(99, SeededRandom::kStreamDeviceTree).fill(want.data(), want.size());
  EXPECT_EQ(std::vector<u8>(seed, seed + len), want);
  ::unlink(image.c_str());
}

TEST(MachineVirtio, MissingImageNamesTheDevice) {
  MachineConfig config = with_devices("", "/nonexistent/disk.img");
  try {
    Machine machine(config);
    FAIL() << "no error";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("virtio-blk in virtio slot 7 at 0x10008000 (id disk0): "
                                         "cannot open disk image '/nonexistent/disk.img'"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace rvscope
