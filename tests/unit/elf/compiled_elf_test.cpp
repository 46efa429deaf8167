// Tests for ElfFile on programs built by the cross compilers, checked against binutils' nm.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/common/error.hpp"
#include "sim/elf/elf_file.hpp"
#include "tests/unit/elf/elf_test_util.hpp"

namespace rvscope {
namespace {

namespace fs = std::filesystem;

constexpr const char* kBareSource = R"(
int counter = 5;
int table[100];
int add_numbers(int a, int b) { return a + b + counter; }
__asm__(".section .text\n.globl asm_label\nasm_label:\n  nop\n  nop\n");
void _start(void) {
  table[0] = add_numbers(1, 2);
  for (;;) {}
}
)";

// Keeps the ELF headers out of the loaded image, as a bare-metal program's script does.
constexpr const char* kLinkerScript = R"(
ENTRY(_start)
SECTIONS {
  . = 0x80000000;
  .text : { *(.text*) }
  .rodata : { *(.rodata*) *(.srodata*) }
  .data : { *(.data*) *(.sdata*) }
  .bss : { *(.sbss*) *(.bss*) *(COMMON) }
}
)";

constexpr const char* kHostedSource = R"(
#include <stdio.h>
int main(void) { puts("hello"); return 0; }
)";

class CompiledElf : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing_elf::make_temp_dir("compiled");
    std::ofstream(dir_ / "bare.ld") << kLinkerScript;
  }
  std::string bare_flags(const std::string& arch) {
    return "riscv64-unknown-elf-gcc " + arch +
           " -mcmodel=medany -O1 -nostdlib -nostartfiles -static -T " + (dir_ / "bare.ld").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Compiles `source` with `command` (compiler and flags); "" when the toolchain fails.
  std::string build(const std::string& name, const char* source, const std::string& command) {
    const fs::path src = dir_ / (name + ".c");
    const fs::path out = dir_ / (name + ".elf");
    std::ofstream(src) << source;
    const std::string line =
        command + " -o " + out.string() + " " + src.string() + " 2>" + (dir_ / "log").string();
    if (std::system(line.c_str()) != 0) return "";
    return out.string();
  }

  // Name -> {address, size} per binutils' readelf, for the FUNC, OBJECT and NOTYPE
  // symbols defined in a section, whose names occur once.
  std::map<std::string, std::pair<u64, u64>> readelf(const std::string& tool,
                                                     const std::string& elf) {
    const fs::path out = dir_ / "readelf.txt";
    std::map<std::string, std::pair<u64, u64>> result;
    if (std::system((tool + " -sW " + elf + " >" + out.string()).c_str()) != 0) return result;
    std::ifstream in(out);
    std::map<std::string, int> count;
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string num, value, size, type, bind, vis, ndx, name;
      if (!(fields >> num >> value >> size >> type >> bind >> vis >> ndx >> name)) continue;
      if (type != "FUNC" && type != "OBJECT" && type != "NOTYPE") continue;
      if (ndx == "UND" || ndx == "ABS" || ndx == "COM" || name.starts_with("$") ||
          name.starts_with(".L")) {
        continue;
      }
      const u64 bytes = size.starts_with("0x") ? std::stoull(size, nullptr, 16) : std::stoull(size);
      result[name] = {std::stoull(value, nullptr, 16), bytes};
      ++count[name];
    }
    for (const auto& [name, n] : count) {
      if (n > 1) result.erase(name);
    }
    return result;
  }

  // Every symbol readelf lists resolves to the same address in our table.
  static void expect_symbols_match(const ElfFile& elf,
                                   const std::map<std::string, std::pair<u64, u64>>& expected) {
    std::size_t sized = 0;
    for (const auto& [name, value_size] : expected) {
      EXPECT_EQ(elf.find_symbol(name), value_size.first) << name;
      if (value_size.second != 0) ++sized;
    }
    EXPECT_GT(sized, 0u);
  }

  fs::path dir_;
};

TEST_F(CompiledElf, BareMetalProgram) {
  const std::string path = build("bare", kBareSource, bare_flags("-march=rv64imac -mabi=lp64"));
  if (path.empty()) GTEST_SKIP() << "riscv64-unknown-elf-gcc could not build the program";
  const ElfFile elf = ElfFile::load(path);
  EXPECT_FALSE(elf.is_dynamic());
  EXPECT_TRUE(elf.has_rvc());
  EXPECT_EQ(elf.float_abi(), FloatAbi::kSoft);
  ASSERT_TRUE(elf.find_symbol("_start").has_value());
  EXPECT_EQ(elf.entry(), *elf.find_symbol("_start"));
  const u64 add = *elf.find_symbol("add_numbers");
  EXPECT_EQ(elf.symbolize(add + 2)->to_string(), "add_numbers+0x2");
  const u64 label = *elf.find_symbol("asm_label");
  EXPECT_EQ(elf.symbolize(label + 2)->to_string(), "asm_label+0x2");
  const u64 counter = *elf.find_symbol("counter");
  EXPECT_EQ(elf.symbolize(counter + 3)->to_string(), "counter+0x3");
  const u64 table = *elf.find_symbol("table");
  EXPECT_EQ(elf.symbolize(table + 396)->to_string(), "table+0x18c");

  const auto expected = readelf("riscv64-unknown-elf-readelf", path);
  EXPECT_TRUE(expected.contains("asm_label"));
  expect_symbols_match(elf, expected);

  // Load into a RAM image and compare the entry bytes with the file's text.
  std::vector<u8> ram(1 << 20, 0xee);
  u64 zeroed = 0;
  elf.load_segments(0x80000000, ram.size(), [&](u64 paddr, std::span<const u8> bytes, u64 zero) {
    u8* dst = ram.data() + (paddr - 0x80000000);
    std::copy(bytes.begin(), bytes.end(), dst);
    std::fill_n(dst + bytes.size(), zero, 0);
    zeroed += zero;
  });
  EXPECT_GE(zeroed, 400u);  // table[] is .bss
  EXPECT_EQ(ram[table - 0x80000000], 0);
  const u8 counter_lo = ram[counter - 0x80000000];
  EXPECT_EQ(counter_lo, 5);
  try {
    elf.load_segments(0x90000000, 0x100000, [](u64, std::span<const u8>, u64) {});
    FAIL() << "no error";
  } catch (const SimError& e) {
    EXPECT_THAT(e.what(), ::testing::MatchesRegex(
                              ".*bare.elf: segment [0-9]+ \\[0x8000[0-9a-f]+, 0x8000[0-9a-f]+\\) "
                              "\\(paddr\\) lies outside RAM \\[0x90000000, 0x90100000\\)"));
  }
}

TEST_F(CompiledElf, FloatAbiFlags) {
  const std::string path = build("fp", kBareSource, bare_flags("-march=rv64gc -mabi=lp64d"));
  if (path.empty()) GTEST_SKIP() << "riscv64-unknown-elf-gcc could not build the program";
  const ElfFile elf = ElfFile::load(path);
  EXPECT_EQ(elf.float_abi(), FloatAbi::kDouble);
  EXPECT_TRUE(elf.has_rvc());
}

TEST_F(CompiledElf, Rv32IsRejected) {
  const std::string path =
      build("rv32", kBareSource,
            "riscv64-unknown-elf-gcc -march=rv32imac -mabi=ilp32 -O1 -nostdlib -nostartfiles "
            "-static");
  if (path.empty()) GTEST_SKIP() << "no rv32 support in riscv64-unknown-elf-gcc";
  try {
    ElfFile::load(path);
    FAIL() << "no error";
  } catch (const SimError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": wrong ELF class: ELF32, expected ELF64 (RV64)");
  }
}

TEST_F(CompiledElf, RelocatableObjectIsRejected) {
  const std::string path = build("obj", kBareSource, "riscv64-unknown-elf-gcc -O1 -c");
  if (path.empty()) GTEST_SKIP() << "riscv64-unknown-elf-gcc missing";
  try {
    ElfFile::load(path);
    FAIL() << "no error";
  } catch (const SimError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": relocatable object (ET_REL), expected an executable");
  }
}

TEST_F(CompiledElf, LinuxStaticProgram) {
  const std::string path = build("static", kHostedSource, "riscv64-linux-gnu-gcc -O1 -static");
  if (path.empty()) GTEST_SKIP() << "riscv64-linux-gnu-gcc could not build the program";
  const ElfFile elf = ElfFile::load(path);
  EXPECT_FALSE(elf.is_dynamic());
  EXPECT_FALSE(elf.has_interpreter());
  EXPECT_EQ(elf.float_abi(), FloatAbi::kDouble);
  EXPECT_EQ(elf.entry(), *elf.find_symbol("_start"));
  ASSERT_TRUE(elf.find_symbol("main").has_value());
  EXPECT_GT(elf.symbols().size(), 500u);
  const auto expected = readelf("riscv64-linux-gnu-readelf", path);
  EXPECT_GT(expected.size(), 500u);
  expect_symbols_match(elf, expected);
  const u64 main = *elf.find_symbol("main");
  EXPECT_EQ(elf.symbolize(main + 4)->to_string(), "main+0x4");
}

// What -static-pie makes (Debian's cross glibc lacks rcrt1.o, so without a C library).
TEST_F(CompiledElf, StaticPieProgram) {
  const std::string path =
      build("pie", kBareSource,
            "riscv64-linux-gnu-gcc -O1 -fPIE -pie -nostdlib -nostartfiles -Wl,--no-dynamic-linker");
  if (path.empty()) GTEST_SKIP() << "riscv64-linux-gnu-gcc cannot link a static PIE";
  const ElfFile elf = ElfFile::load(path);
  EXPECT_TRUE(elf.is_dynamic());
  EXPECT_FALSE(elf.has_interpreter());
  EXPECT_EQ(elf.entry(), *elf.find_symbol("_start"));
  EXPECT_TRUE(elf.find_symbol("add_numbers").has_value());
}

TEST_F(CompiledElf, LinuxDynamicProgramIsRejectedAtLoad) {
  const std::string path = build("dyn", kHostedSource, "riscv64-linux-gnu-gcc -O1");
  if (path.empty()) GTEST_SKIP() << "riscv64-linux-gnu-gcc could not build the program";
  const ElfFile elf = ElfFile::load(path);  // parsing is fine: symbols are usable
  EXPECT_TRUE(elf.has_interpreter());
  EXPECT_TRUE(elf.find_symbol("main").has_value());
  EXPECT_THROW(elf.load_segments(0, ~u64{0}, [](u64, std::span<const u8>, u64) {}), SimError);
}

}  // namespace
}  // namespace rvscope
