// The device tree against QEMU 7.2's for a virt machine with one virtio-blk and one
// virtio-rng device: /soc (virtio_mmio slots, rtc, serial, test, plic, clint, in QEMU's node
// order) is identical after dtc, leaving out only QEMU's PCI host bridge, which rvscope does
// not model; /chosen matches with rng-seed's random value masked (its length is compared).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "sim/devices/device_tree.hpp"

namespace rvscope {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The text of the node that starts with "\t<indent>name {" up to its closing "};" line.
std::string node_text(const std::string& dts, const std::string& header) {
  const std::size_t start = dts.find(header);
  if (start == std::string::npos) return "<no " + header + ">";
  const std::string indent = header.substr(0, header.find_first_not_of('\t'));
  const std::size_t end = dts.find("\n" + indent + "};", start);
  return dts.substr(start, end - start);
}

// Drops a child node (with its blank line) from a node's text.
std::string without_node(std::string text, const std::string& header) {
  const std::size_t start = text.find(header);
  if (start == std::string::npos) return text;
  const std::string indent = header.substr(0, header.find_first_not_of('\t'));
  const std::size_t end = text.find("\n" + indent + "};\n", start);
  return text.erase(start,
                    end + 1 + indent.size() + 3 + 1 - start);  // "\n\t\t};\n" and the blank line
}

TEST(DeviceTreeVsQemu, SocAndChosenMatchQemuWithBlkAndRng) {
  if (std::system("command -v qemu-system-riscv64 > /dev/null 2>&1") != 0 ||
      std::system("command -v dtc > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "qemu-system-riscv64 or dtc not installed";
  }
  const fs::path dir =
      fs::path(RVSCOPE_BINARY_DIR) / ("unit_devices_dtq_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path disk = dir / "disk.img";
  std::ofstream(disk, std::ios::binary) << std::string(1 << 20, '\0');
  const std::string qemu =
      "timeout 60 qemu-system-riscv64 -machine virt,dumpdtb=" + (dir / "qemu.dtb").string() +
      " -m 128M -smp 1 -nographic -drive file=" + disk.string() +
      ",if=none,format=raw,id=disk0 -device virtio-blk-device,drive=disk0 "
      "-device virtio-rng-device > /dev/null 2>&1";
  ASSERT_EQ(std::system(qemu.c_str()), 0) << qemu;

  VirtFdtConfig config;
  config.harts = 1;
  config.ram_size = 128ull << 20;
  config.rng_seed.assign(32, 0x5a);
  const std::vector<u8> blob = build_virt_fdt(config);
  std::ofstream(dir / "rvscope.dtb", std::ios::binary)
      .write(reinterpret_cast<const char*>(blob.data()), static_cast<std::streamsize>(blob.size()));
  for (const char* which : {"qemu", "rvscope"}) {
    const std::string dtc = "dtc -q -I dtb -O dts -o " +
                            (dir / (std::string(which) + ".dts")).string() + " " +
                            (dir / (std::string(which) + ".dtb")).string();
    ASSERT_EQ(std::system(dtc.c_str()), 0) << dtc;
  }
  const std::string qemu_dts = read_text(dir / "qemu.dts");
  const std::string ours = read_text(dir / "rvscope.dts");

  const std::string qemu_soc = without_node(node_text(qemu_dts, "\tsoc {"), "\t\tpci@30000000 {");
  EXPECT_EQ(node_text(ours, "\tsoc {"), qemu_soc);
  EXPECT_NE(qemu_soc.find("virtio_mmio@10008000"), std::string::npos);  // the filter kept them

  const std::regex seed("rng-seed = <[^>]*>");
  auto masked = [&](const std::string& dts) {
    return std::regex_replace(node_text(dts, "\tchosen {"), seed, "rng-seed = <SEED>");
  };
  EXPECT_EQ(masked(ours), masked(qemu_dts));
  std::smatch m;
  const std::string qemu_chosen = node_text(qemu_dts, "\tchosen {");
  ASSERT_TRUE(std::regex_search(qemu_chosen, m, seed));
  const std::string qemu_seed = m.str();
  const std::string our_chosen = node_text(ours, "\tchosen {");
  ASSERT_TRUE(std::regex_search(our_chosen, m, seed));
  auto cells = [](const std::string& s) { return std::count(s.begin(), s.end(), 'x'); };
  EXPECT_EQ(cells(m.str()), cells(qemu_seed));  // both 32 bytes
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rvscope
