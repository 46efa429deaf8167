// Device tree: dtc accepts it without warnings; the properties OpenSBI and Linux read; /soc
// and /chosen as QEMU 7.2 writes them.
#include "sim/devices/device_tree.hpp"

#include <gtest/gtest.h>
#include <libfdt.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs dtc on the blob; returns its exit status, with the decompiled source and stderr.
int run_dtc(const std::vector<u8>& blob, const std::string& tag, std::string& dts,
            std::string& errors) {
  const fs::path dir = fs::path(RVSCOPE_BINARY_DIR) / "unit_devices_tmp";
  fs::create_directories(dir);
  const fs::path dtb = dir / (tag + ".dtb");
  const fs::path out = dir / (tag + ".dts");
  const fs::path err = dir / (tag + ".err");
  std::ofstream(dtb, std::ios::binary)
      .write(reinterpret_cast<const char*>(blob.data()), static_cast<std::streamsize>(blob.size()));
  const std::string cmd = "dtc -I dtb -O dts -o '" + out.string() + "' '" + dtb.string() +
                          "' 2> '" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  dts = read_text(out);
  errors = read_text(err);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string prop_string(const void* fdt, const char* path, const char* name) {
  const int node = fdt_path_offset(fdt, path);
  if (node < 0) return "<no node>";
  int len = 0;
  const auto* p = static_cast<const char*>(fdt_getprop(fdt, node, name, &len));
  return p == nullptr ? "<no prop>" : std::string(p, static_cast<std::size_t>(len));
}

std::vector<u32> prop_cells(const void* fdt, const char* path, const char* name) {
  std::vector<u32> cells;
  const int node = fdt_path_offset(fdt, path);
  if (node < 0) return cells;
  int len = 0;
  const auto* p = static_cast<const fdt32_t*>(fdt_getprop(fdt, node, name, &len));
  for (int i = 0; p != nullptr && i < len / 4; ++i) cells.push_back(fdt32_to_cpu(p[i]));
  return cells;
}

class DeviceTreeTest : public ::testing::TestWithParam<unsigned> {};

TEST_P(DeviceTreeTest, DtcAcceptsWithoutWarnings) {
  VirtFdtConfig config;
  config.harts = GetParam();
  config.bootargs = "console=ttyS0 earlycon";
  config.initrd_start = 0x84000000;
  config.initrd_end = 0x84100000;
  const std::vector<u8> blob = build_virt_fdt(config);
  ASSERT_EQ(fdt_check_header(blob.data()), 0);
  EXPECT_EQ(fdt_totalsize(blob.data()), blob.size());
  std::string dts, errors;
  ASSERT_EQ(run_dtc(blob, "virt" + std::to_string(GetParam()), dts, errors), 0) << errors;
  EXPECT_EQ(errors, "");
  EXPECT_NE(dts.find("cpu@" + std::to_string(GetParam() - 1) + " {"), std::string::npos);
}

TEST_P(DeviceTreeTest, KeyProperties) {
  const unsigned harts = GetParam();
  VirtFdtConfig config;
  config.harts = harts;
  config.ram_size = 256ull << 20;
  config.bootargs = "console=ttyS0";
  const std::vector<u8> blob = build_virt_fdt(config);
  const void* fdt = blob.data();

  using namespace std::string_literals;
  EXPECT_EQ(prop_string(fdt, "/", "compatible"), "riscv-virtio\0"s);
  EXPECT_EQ(prop_string(fdt, "/chosen", "stdout-path"), "/soc/serial@10000000\0"s);
  EXPECT_EQ(prop_string(fdt, "/chosen", "bootargs"), "console=ttyS0\0"s);
  EXPECT_EQ(prop_string(fdt, "/chosen", "linux,initrd-start"), "<no prop>");
  EXPECT_EQ(prop_cells(fdt, "/memory@80000000", "reg"),
            (std::vector<u32>{0, 0x80000000, 0, 0x10000000}));
  EXPECT_EQ(prop_cells(fdt, "/cpus", "timebase-frequency"), std::vector<u32>{10000000});

  std::vector<u32> clint_irqs, plic_irqs;
  for (unsigned hart = 0; hart < harts; ++hart) {
    const std::string cpu = "/cpus/cpu@" + std::to_string(hart);
    EXPECT_EQ(prop_string(fdt, cpu.c_str(), "riscv,isa"), "rv64imafdc_zicsr_zifencei\0"s);
    EXPECT_EQ(prop_string(fdt, cpu.c_str(), "mmu-type"), "riscv,sv39\0"s);
    EXPECT_EQ(prop_cells(fdt, cpu.c_str(), "reg"), std::vector<u32>{hart});
    const std::string intc = cpu + "/interrupt-controller";
    EXPECT_EQ(prop_string(fdt, intc.c_str(), "compatible"), "riscv,cpu-intc\0"s);
    const u32 phandle = virt_fdt_intc_phandle(hart);
    EXPECT_EQ(prop_cells(fdt, intc.c_str(), "phandle"), std::vector<u32>{phandle});
    const std::string core = "/cpus/cpu-map/cluster0/core" + std::to_string(hart);
    EXPECT_EQ(prop_cells(fdt, core.c_str(), "cpu"), std::vector<u32>{virt_fdt_cpu_phandle(hart)});
    clint_irqs.insert(clint_irqs.end(), {phandle, 3, phandle, 7});
    plic_irqs.insert(plic_irqs.end(), {phandle, 11, phandle, 9});
  }
  EXPECT_EQ(prop_string(fdt, "/soc/clint@2000000", "compatible"), "sifive,clint0\0riscv,clint0\0"s);
  EXPECT_EQ(prop_cells(fdt, "/soc/clint@2000000", "interrupts-extended"), clint_irqs);
  EXPECT_EQ(prop_cells(fdt, "/soc/clint@2000000", "reg"),
            (std::vector<u32>{0, 0x2000000, 0, 0x10000}));

  const char* plic = "/soc/plic@c000000";
  EXPECT_EQ(prop_string(fdt, plic, "compatible"), "sifive,plic-1.0.0\0riscv,plic0\0"s);
  EXPECT_EQ(prop_cells(fdt, plic, "interrupts-extended"), plic_irqs);
  EXPECT_EQ(prop_cells(fdt, plic, "riscv,ndev"), std::vector<u32>{96});
  EXPECT_EQ(prop_cells(fdt, plic, "reg"), (std::vector<u32>{0, 0xc000000, 0, 0x600000}));
  const u32 plic_phandle = virt_fdt_plic_phandle(harts);
  EXPECT_EQ(prop_cells(fdt, plic, "phandle"), std::vector<u32>{plic_phandle});

  const char* uart = "/soc/serial@10000000";
  EXPECT_EQ(prop_string(fdt, uart, "compatible"), "ns16550a\0"s);
  EXPECT_EQ(prop_cells(fdt, uart, "clock-frequency"), std::vector<u32>{0x384000});
  EXPECT_EQ(prop_cells(fdt, uart, "interrupts"), std::vector<u32>{10});
  EXPECT_EQ(prop_cells(fdt, uart, "interrupt-parent"), std::vector<u32>{plic_phandle});

  const char* test = "/soc/test@100000";
  EXPECT_EQ(prop_string(fdt, test, "compatible"), "sifive,test1\0sifive,test0\0syscon\0"s);
  const u32 test_phandle = virt_fdt_test_phandle(harts);
  EXPECT_EQ(prop_cells(fdt, test, "phandle"), std::vector<u32>{test_phandle});
  EXPECT_EQ(prop_cells(fdt, "/poweroff", "regmap"), std::vector<u32>{test_phandle});
  EXPECT_EQ(prop_cells(fdt, "/poweroff", "value"), std::vector<u32>{0x5555});
  EXPECT_EQ(prop_cells(fdt, "/reboot", "value"), std::vector<u32>{0x7777});
  EXPECT_EQ(prop_string(fdt, "/reboot", "compatible"), "syscon-reboot\0"s);
  // Phandles resolve to the nodes they name.
  EXPECT_EQ(fdt_node_offset_by_phandle(fdt, test_phandle), fdt_path_offset(fdt, test));
  EXPECT_EQ(fdt_node_offset_by_phandle(fdt, plic_phandle), fdt_path_offset(fdt, plic));
}

INSTANTIATE_TEST_SUITE_P(Harts, DeviceTreeTest, ::testing::Values(1u, 4u));

TEST(DeviceTree, InitrdAsSixtyFourBitCells) {
  VirtFdtConfig config;
  config.initrd_start = 0x1'8400'0000;
  config.initrd_end = 0x1'8410'0000;
  const std::vector<u8> blob = build_virt_fdt(config);
  EXPECT_EQ(prop_cells(blob.data(), "/chosen", "linux,initrd-start"),
            (std::vector<u32>{1, 0x84000000}));
  EXPECT_EQ(prop_cells(blob.data(), "/chosen", "linux,initrd-end"),
            (std::vector<u32>{1, 0x84100000}));
}

TEST(DeviceTree, ManyHartsGrowTheBuffer) {
  VirtFdtConfig config;
  config.harts = 64;
  const std::vector<u8> blob = build_virt_fdt(config);
  // Unit addresses are hex, like reg (QEMU prints them in decimal; the spec says hex).
  EXPECT_GE(fdt_path_offset(blob.data(), "/cpus/cpu@3f/interrupt-controller"), 0);
  EXPECT_GT(blob.size(), 16u * 1024);
}

TEST(DeviceTree, RejectsBadConfig) {
  VirtFdtConfig config;
  config.harts = 0;
  EXPECT_THROW(build_virt_fdt(config), SimError);
  config.harts = 1;
  config.initrd_start = 0x84000000;
  EXPECT_THROW(build_virt_fdt(config), SimError);
  config.initrd_end = 0x83000000;
  EXPECT_THROW(build_virt_fdt(config), SimError);
}

// QEMU 7.2's tree for a virt machine with one virtio-blk and one virtio-rng device: /soc
// (virtio_mmio slots, rtc, serial, test, plic, clint, in QEMU's node order) is identical after
// dtc, leaving out only QEMU's PCI host bridge, which rvscope does not model; /chosen matches
// with rng-seed's random value masked (its length is compared).
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
