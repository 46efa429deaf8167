// The devices section: virtio entries, the rng seed and the RTC epoch, and their errors.
#include <gtest/gtest.h>

#include "sim/config/machine_config.hpp"

namespace rvscope {
namespace {

MachineConfig load(const std::string& yaml) {
  ConfigTree tree = ConfigTree::from_string(yaml, "devices.yaml");
  MachineConfig config = load_machine_config(tree);
  tree.check_unused();
  return config;
}

std::string error_of(const std::string& yaml) {
  try {
    load(yaml);
  } catch (const SimError& e) {
    return e.what();
  }
  return "";
}

TEST(DevicesConfig, DefaultsAreEmptyAndDeterministic) {
  const MachineConfig c = load("machine:\n  harts: 1\n");
  EXPECT_TRUE(c.devices.virtio.empty());
  EXPECT_EQ(c.devices.rng_seed, 0u);
  EXPECT_EQ(c.devices.rtc_epoch_ns, 1767225600ull * 1000000000ull);  // 2026-01-01
}

TEST(DevicesConfig, ParsesVirtioEntries) {
  const MachineConfig c = load(
      "devices:\n"
      "  virtio: [\"blk,file=disk.img,mode=overlay,id=disk0\", \"rng\", \"blk,file=b.img\",\n"
      "           \"blk,id=rw,file=c.img,mode=readwrite\"]\n"
      "  rng_seed: 0x1234\n"
      "  rtc_epoch: 1700000000\n");
  ASSERT_EQ(c.devices.virtio.size(), 4u);
  const auto& blk = c.devices.virtio[0];
  EXPECT_EQ(blk.kind, VirtioDeviceConfig::Kind::kBlock);
  EXPECT_EQ(blk.file, "disk.img");
  EXPECT_EQ(blk.mode, DiskMode::kOverlay);
  EXPECT_EQ(blk.id, "disk0");
  EXPECT_EQ(c.devices.virtio[1].kind, VirtioDeviceConfig::Kind::kEntropy);
  EXPECT_EQ(c.devices.virtio[2].mode, DiskMode::kReadOnly);  // the default: never write
  EXPECT_EQ(c.devices.virtio[3].mode, DiskMode::kReadWrite);
  EXPECT_EQ(c.devices.virtio[3].id, "rw");
  EXPECT_EQ(c.devices.rng_seed, 0x1234u);
  EXPECT_EQ(c.devices.rtc_epoch_ns, 1700000000ull * 1000000000ull);
}

TEST(DevicesConfig, ErrorsNameFileLineAndEntry) {
  EXPECT_EQ(error_of("devices:\n  virtio: [\"net\"]\n"),
            "devices.yaml:2: devices.virtio: entry 0 'net': unknown device 'net', expected blk "
            "or rng");
  EXPECT_EQ(error_of("devices:\n  virtio: [rng, \"blk,mode=overlay\"]\n"),
            "devices.yaml:2: devices.virtio: entry 1 'blk,mode=overlay': blk needs file=PATH (a "
            "raw disk image)");
  EXPECT_NE(error_of("devices:\n  virtio: [\"blk,file=x,mode=rw\"]\n")
                .find("mode 'rw', expected readonly, overlay or readwrite"),
            std::string::npos);
  EXPECT_NE(
      error_of("devices:\n  virtio: [\"rng,file=x\"]\n").find("'file=x' is not an option of rng"),
      std::string::npos);
  EXPECT_NE(error_of("devices:\n  virtio: [\"blk,file=x,cache\"]\n")
                .find("expected key=value, got 'cache'"),
            std::string::npos);
  EXPECT_NE(error_of("devices:\n  virtio: [\"rng,id=a\", \"rng,id=a\"]\n")
                .find("entries 0 and 1 share the id 'a'"),
            std::string::npos);
  EXPECT_NE(error_of("devices:\n  virtio: [rng, rng, rng, rng, rng, rng, rng, rng, rng]\n")
                .find("9 devices, but QEMU virt has 8 virtio-mmio slots"),
            std::string::npos);
  EXPECT_NE(error_of("devices:\n  rtc_epoch: 99999999999\n").find("devices.yaml:2"),
            std::string::npos);
  EXPECT_NE(error_of("devices:\n  rng_sed: 1\n").find("unknown key 'devices.rng_sed'"),
            std::string::npos);
}

}  // namespace
}  // namespace rvscope
