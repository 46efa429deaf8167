// Fuzzes ElfFile with random truncations and mutations: every input either parses into
// consistent, in-bounds data or is a SimError. Run under -DRVSCOPE_SANITIZE=ON to catch
// out-of-bounds reads.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>

#include "sim/common/error.hpp"
#include "sim/elf/elf_file.hpp"
#include "tests/unit/elf/elf_test_util.hpp"

namespace rvscope {
namespace {

// Touches everything a parsed file exposes, so a bad view or index shows up (under ASan).
u64 exercise(const ElfFile& elf) {
  u64 sum = elf.entry() + elf.flags();
  for (const ElfSegment& seg : elf.segments()) {
    for (u8 byte : seg.bytes) sum += byte;
    EXPECT_LE(seg.bytes.size(), seg.memsz);
  }
  for (const Symbol& s : elf.symbols().symbols()) {
    EXPECT_TRUE(elf.find_symbol(s.name).has_value());
    if (const auto loc = elf.symbolize(s.value + s.size / 2)) sum += loc->offset + loc->name.size();
  }
  try {
    elf.load_segments(0x80000000, 0x10000000, [&](u64 paddr, std::span<const u8> bytes, u64 zero) {
      EXPECT_GE(paddr, 0x80000000u);
      EXPECT_LE(paddr - 0x80000000 + bytes.size() + zero, 0x10000000u);
      for (u8 byte : bytes) sum += byte;
    });
  } catch (const SimError&) {
  }
  return sum;
}

// Returns how many inputs parsed; the rest were SimErrors.
int fuzz(const std::vector<u8>& seed, int iterations, u32 rng_seed) {
  std::mt19937_64 rng(rng_seed);
  constexpr std::array<u64, 10> kInteresting{0,          1,          0x7f,    0xff,         0xffff,
                                             0x80000000, 0xffffffff, ~u64{0}, u64{1} << 63, 0x40};
  int parsed = 0;
  for (int i = 0; i < iterations; ++i) {
    std::vector<u8> bytes = seed;
    switch (rng() % 4) {
      case 0:  // truncate
        bytes.resize(rng() % bytes.size());
        break;
      case 1:  // a few random bytes, biased towards the headers
        for (u64 n = 1 + rng() % 4; n > 0; --n) {
          const u64 span = rng() % 2 ? std::min<u64>(bytes.size(), 0x400) : bytes.size();
          bytes[rng() % span] = static_cast<u8>(rng());
        }
        break;
      case 2: {  // an interesting value in an aligned field
        const unsigned width = 1u << (1 + rng() % 3);
        const u64 span = rng() % 2 ? std::min<u64>(bytes.size(), 0x400) : bytes.size();
        const u64 off = (rng() % (span - width)) & ~u64{width - 1};
        u64 value = kInteresting[rng() % kInteresting.size()];
        if (rng() % 3 == 0) value = bytes.size() - rng() % 64;
        testing_elf::put(bytes, off, value, width);
        break;
      }
      default: {  // both
        bytes.resize(bytes.size() - rng() % std::min<u64>(bytes.size(), 256));
        if (bytes.size() > 8) bytes[rng() % bytes.size()] ^= static_cast<u8>(1u << (rng() % 8));
        break;
      }
    }
    try {
      const ElfFile elf = ElfFile::from_bytes(std::move(bytes), "fuzz.elf");
      exercise(elf);
      ++parsed;
    } catch (const SimError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("fuzz.elf: ", 0), 0u) << e.what();
    }
  }
  return parsed;
}

TEST(ElfFuzz, HandMadeImage) {
  const int parsed = fuzz(testing_elf::make_elf(), 20000, 1);
  // Both outcomes must occur, or the fuzzer is not exercising anything.
  EXPECT_GT(parsed, 100);
  EXPECT_LT(parsed, 19000);
}

TEST(ElfFuzz, CompiledProgram) {
  const auto dir = testing_elf::make_temp_dir("fuzz");
  const auto src = dir / "p.c";
  const auto out = dir / "p.elf";
  std::ofstream(src) << "int v = 3; int f(int x) { return x * v; }\n"
                        "void _start(void) { v = f(2); for (;;) {} }\n";
  const std::string cmd = "riscv64-unknown-elf-gcc -O1 -nostdlib -nostartfiles -static -o " +
                          out.string() + " " + src.string() + " 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) {
    std::filesystem::remove_all(dir);
    GTEST_SKIP() << "riscv64-unknown-elf-gcc could not build the program";
  }
  std::ifstream in(out, std::ios::binary);
  const std::vector<u8> seed{std::istreambuf_iterator<char>(in), {}};
  std::filesystem::remove_all(dir);
  ASSERT_NO_THROW(ElfFile::from_bytes(seed));
  EXPECT_GT(fuzz(seed, 5000, 2), 50);
}

}  // namespace
}  // namespace rvscope
