// Tests for SourceLines (DWARF line tables through libdw), checked against binutils' addr2line.
#include "sim/elf/source_lines.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/common/error.hpp"
#include "sim/elf/elf_file.hpp"
#include "tests/unit/elf/elf_test_util.hpp"

namespace rvscope {
namespace {

namespace fs = std::filesystem;

// Each function body starts on a known line, so a wrong row shows as a wrong number.
constexpr const char* kSource = R"(int counter = 5;

int add_numbers(int a, int b) {
  return a + b + counter;
}

int pick(int flags) {
  if (flags & 0x400000)
    return -22;
  return add_numbers(flags, 1);
}

void _start(void) {
  counter = pick(counter);
  for (;;) {}
}
)";

// A rule inlined into its caller, as Linux inlines clone3_args_valid into __do_sys_clone3.
constexpr const char* kInlineSource =
    R"(static inline __attribute__((always_inline)) int valid(int f) {
  if (f & 0x400000)
    return 0;
  return f != 7;
}

int pick(int flags) {
  if (!valid(flags))
    return -22;
  return flags + 1;
}

void _start(void) {
  for (;;) {}
}
)";

class SourceLinesTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing_elf::make_temp_dir("lines"); }
  void TearDown() override { fs::remove_all(dir_); }

  // Compiled as a build system does: from a build directory, the source by absolute path
  // (or, as Linux's out-of-tree build names it, relative to the build directory).
  std::string build(const std::string& flags, const char* source = kSource, bool relative = false) {
    fs::create_directories(dir_ / "src");
    fs::create_directories(dir_ / "build");
    const fs::path src = dir_ / "src" / "prog.c";
    const fs::path out = dir_ / ("prog" + std::to_string(builds_++) + ".elf");
    std::ofstream(src) << source;
    const std::string line =
        "cd " + (dir_ / "build").string() +
        " && riscv64-unknown-elf-gcc -march=rv64imac -mabi=lp64 -mcmodel=medany " + flags +
        " -nostdlib -nostartfiles -static -o " + out.string() + " " +
        (relative ? std::string("../src/prog.c") : src.string()) + " 2>" + (dir_ / "log").string();
    if (std::system(line.c_str()) != 0) return "";
    return out.string();
  }

  // addr2line's "file:line" for pc, as the reference.
  std::pair<std::string, unsigned> addr2line(const std::string& elf, u64 pc) {
    const fs::path out = dir_ / "a2l.txt";
    char hex[32];
    std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(pc));
    const std::string cmd_hex =
        "riscv64-linux-gnu-addr2line -e " + elf + " " + hex + " >" + out.string();
    if (std::system(cmd_hex.c_str()) != 0) return {"", 0};
    std::ifstream in(out);
    std::string text;
    std::getline(in, text);
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) return {"", 0};
    return {fs::path(text.substr(0, colon)).filename().string(),
            static_cast<unsigned>(std::strtoul(text.c_str() + colon + 1, nullptr, 10))};
  }

  // addr2line's innermost function at pc (-f -i prints the inline chain innermost first).
  std::string innermost_function(const std::string& elf, u64 pc) {
    const fs::path out = dir_ / "a2l-f.txt";
    char hex[32];
    std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(pc));
    const std::string cmd =
        "riscv64-linux-gnu-addr2line -f -i -e " + elf + " " + hex + " >" + out.string();
    if (std::system(cmd.c_str()) != 0) return "";
    std::ifstream in(out);
    std::string name;
    std::getline(in, name);
    return name;
  }

  fs::path dir_;
  int builds_ = 0;
};

TEST_F(SourceLinesTest, EveryInstructionOfTheProgramMatchesAddr2line) {
  const std::string path = build("-O1 -g");
  if (path.empty()) GTEST_SKIP() << "riscv64-unknown-elf-gcc could not build the program";
  const SourceLines lines = SourceLines::open(path);
  ASSERT_TRUE(lines.has_lines());
  const ElfFile elf = ElfFile::load(path);
  unsigned checked = 0;
  for (const char* name : {"add_numbers", "pick", "_start"}) {
    const Symbol* sym = elf.symbols().named(name);
    ASSERT_NE(sym, nullptr) << name;
    for (u64 pc = sym->value; pc < sym->value + sym->size; pc += 2) {
      const auto want = addr2line(path, pc);
      if (want.second == 0) continue;  // addr2line: no line ("?")
      const auto got = lines.find(pc);
      ASSERT_TRUE(got.has_value()) << name << " pc " << std::hex << pc;
      EXPECT_EQ(fs::path(got->file).filename().string(), want.first) << std::hex << pc;
      EXPECT_EQ(got->line, want.second) << name << " pc " << std::hex << pc;
      ++checked;
    }
  }
  EXPECT_GT(checked, 10u);
  EXPECT_FALSE(lines.find(0x10).has_value());  // below every unit
}

TEST_F(SourceLinesTest, FilesAreNamedRelativeToTheTreeNotTheHost) {
  const std::string path = build("-O1 -g");
  if (path.empty()) GTEST_SKIP() << "riscv64-unknown-elf-gcc could not build the program";
  const ElfFile elf = ElfFile::load(path);
  const auto where = SourceLines::open(path).find(elf.symbols().named("pick")->value);
  ASSERT_TRUE(where.has_value());
  // The prefix the source shares with the compile directory is dropped.
  EXPECT_EQ(where->file, "src/prog.c");
}

TEST_F(SourceLinesTest, ASourceNamedRelativeToTheBuildDirectoryReadsAsTheAbsoluteOne) {
  const std::string path = build("-O1 -g", kSource, true);
  if (path.empty()) GTEST_SKIP() << "riscv64-unknown-elf-gcc could not build the program";
  const ElfFile elf = ElfFile::load(path);
  const auto where = SourceLines::open(path).find(elf.symbols().named("pick")->value);
  ASSERT_TRUE(where.has_value());
  EXPECT_EQ(where->file, "src/prog.c");  // not "../src/prog.c"
}

TEST_F(SourceLinesTest, APcInAnInlinedFunctionNamesItAsAddr2lineDoes) {
  const std::string path = build("-O1 -g", kInlineSource);
  if (path.empty()) GTEST_SKIP() << "riscv64-unknown-elf-gcc could not build the program";
  const SourceLines lines = SourceLines::open(path);
  const ElfFile elf = ElfFile::load(path);  // owns the symbol `pick` points into
  const Symbol* pick = elf.symbols().named("pick");
  ASSERT_NE(pick, nullptr);
  unsigned inlined = 0, own = 0;
  for (u64 pc = pick->value; pc < pick->value + pick->size; pc += 2) {
    const std::string want = innermost_function(path, pc);
    if (want.empty() || want == "??") continue;
    const auto got = lines.find(pc);
    if (!got) continue;  // mid-instruction or no row: the line tables test covers rows
    EXPECT_EQ(got->inlined, want == "pick" ? "" : want) << std::hex << pc;
    ++(want == "pick" ? own : inlined);
  }
  EXPECT_GT(inlined, 0u);  // the rule's test was inlined and named
  EXPECT_GT(own, 0u);
}

TEST_F(SourceLinesTest, WithoutDebugInfoThereAreNoLinesAndNoError) {
  const std::string path = build("-O1");
  if (path.empty()) GTEST_SKIP() << "riscv64-unknown-elf-gcc could not build the program";
  const SourceLines lines = SourceLines::open(path);
  EXPECT_FALSE(lines.has_lines());
  EXPECT_FALSE(lines.find(ElfFile::load(path).entry()).has_value());
}

TEST_F(SourceLinesTest, RawImagesHaveNoLinesAndMissingFilesAreErrors) {
  const fs::path raw = dir_ / "raw.bin";
  std::ofstream(raw) << "not an ELF file at all";
  EXPECT_FALSE(SourceLines::open(raw.string()).has_lines());
  EXPECT_THROW(SourceLines::open((dir_ / "missing.elf").string()), SimError);
}

}  // namespace
}  // namespace rvscope
