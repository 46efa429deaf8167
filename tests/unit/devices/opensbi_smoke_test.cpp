// End to end check of the device tree: Debian's OpenSBI, booted on QEMU with our DTB instead
// of QEMU's, must find our UART, CLINT and test device and power off through the test node.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/devices/device_tree.hpp"

namespace rvscope {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFwJump = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf";

// The S-mode payload at 0x80200000: SBI system reset (SRST, shutdown), then spin.
constexpr std::array<u32, 7> kShutdownPayload = {
    0x535258b7,  // lui  a7, 0x53525
    0x35488893,  // addi a7, a7, 0x354     a7 = "SRST"
    0x00000813,  // li   a6, 0             function: system_reset
    0x00000513,  // li   a0, 0             type: shutdown
    0x00000593,  // li   a1, 0             reason: none
    0x00000073,  // ecall
    0x0000006f,  // j    .
};

TEST(OpenSbiSmoke, BootsWithOurDeviceTreeAndPowersOff) {
  if (std::system("command -v qemu-system-riscv64 > /dev/null 2>&1") != 0 || !fs::exists(kFwJump)) {
    GTEST_SKIP() << "qemu-system-riscv64 or " << kFwJump << " not installed";
  }
  VirtFdtConfig config;
  config.harts = 2;
  config.ram_size = 128ull << 20;
  const std::vector<u8> dtb = build_virt_fdt(config);

  const fs::path dir = fs::path(RVSCOPE_BINARY_DIR) / "unit_devices_tmp";
  fs::create_directories(dir);
  const fs::path dtb_path = dir / "opensbi_smoke.dtb";
  const fs::path payload_path = dir / "opensbi_smoke_payload.bin";
  const fs::path log_path = dir / "opensbi_smoke.log";
  std::ofstream(dtb_path, std::ios::binary)
      .write(reinterpret_cast<const char*>(dtb.data()), static_cast<std::streamsize>(dtb.size()));
  std::ofstream(payload_path, std::ios::binary)
      .write(reinterpret_cast<const char*>(kShutdownPayload.data()), sizeof(kShutdownPayload));

  const std::string cmd =
      "timeout 60 qemu-system-riscv64 -M virt -smp 2 -m 128M -nographic -bios " +
      std::string(kFwJump) + " -dtb '" + dtb_path.string() + "' -device loader,file='" +
      payload_path.string() + "',addr=0x80200000 < /dev/null > '" + log_path.string() + "' 2>&1";
  const int status = std::system(cmd.c_str());
  std::ifstream in(log_path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string log = ss.str();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status << "\n" << log;
  for (const char* expected :
       {"Platform HART Count       : 2", "Platform IPI Device       : aclint-mswi",
        "Platform Timer Device     : aclint-mtimer @ 10000000Hz",
        "Platform Console Device   : uart8250", "Platform Shutdown Device  : sifive_test"}) {
    EXPECT_NE(log.find(expected), std::string::npos) << expected << "\n" << log;
  }
}

}  // namespace
}  // namespace rvscope
