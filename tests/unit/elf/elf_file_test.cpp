// Tests for ElfFile on a hand-made image: what it exposes, and each malformed-input error.
#include "sim/elf/elf_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/common/error.hpp"
#include "tests/unit/elf/elf_test_util.hpp"

namespace rvscope {
namespace {

using ::testing::HasSubstr;
using testing_elf::Layout;
using testing_elf::make_elf;
using testing_elf::phdr;
using testing_elf::put;
using testing_elf::shdr;
using testing_elf::sym;

std::string error_of(std::vector<u8> bytes) {
  try {
    ElfFile::from_bytes(std::move(bytes), "t.elf");
  } catch (const SimError& e) {
    return e.what();
  }
  return "";
}

TEST(ElfFile, ExposesHeaderSegmentsAndSymbols) {
  const ElfFile elf = ElfFile::from_bytes(make_elf(), "t.elf");
  EXPECT_EQ(elf.name(), "t.elf");
  EXPECT_EQ(elf.entry(), 0x80000000u);
  EXPECT_FALSE(elf.is_dynamic());
  EXPECT_FALSE(elf.has_interpreter());
  EXPECT_TRUE(elf.has_rvc());
  EXPECT_EQ(elf.float_abi(), FloatAbi::kDouble);
  EXPECT_FALSE(elf.is_rve());
  ASSERT_EQ(elf.segments().size(), 2u);
  const ElfSegment& text = elf.segments()[0];
  EXPECT_EQ(text.index, 0u);
  EXPECT_EQ(text.vaddr, 0x80000000u);
  EXPECT_EQ(text.paddr, 0x80000000u);
  EXPECT_EQ(text.flags, 5u);
  ASSERT_EQ(text.bytes.size(), 16u);
  EXPECT_EQ(text.bytes[0], 0xa0);
  EXPECT_EQ(text.zero_fill(), 0u);
  const ElfSegment& data = elf.segments()[1];
  EXPECT_EQ(data.bytes.size(), 8u);
  EXPECT_EQ(data.memsz, 0x100u);
  EXPECT_EQ(data.zero_fill(), 0xf8u);

  // _start, counter, label, local_fn; not $x, .Lfoo, undefined or absolute symbols.
  EXPECT_EQ(elf.symbols().size(), 4u);
  EXPECT_EQ(elf.find_symbol("_start"), 0x80000000u);
  EXPECT_EQ(elf.find_symbol("counter"), 0x80001000u);
  EXPECT_EQ(elf.find_symbol("$x"), std::nullopt);
  EXPECT_EQ(elf.find_symbol(".Lfoo"), std::nullopt);
  EXPECT_EQ(elf.find_symbol("undef"), std::nullopt);
  EXPECT_EQ(elf.find_symbol("abs"), std::nullopt);
  EXPECT_EQ(elf.symbolize(0x80000002)->to_string(), "_start+0x2");
  EXPECT_EQ(elf.symbolize(0x8000000a)->to_string(), "label+0x2");
  EXPECT_EQ(elf.symbolize(0x8000000e)->to_string(), "local_fn+0x2");
  EXPECT_EQ(elf.symbolize(0x80001004)->to_string(), "counter+0x4");
  EXPECT_EQ(elf.symbolize(0x80000fff), std::nullopt);
}

TEST(ElfFile, MoveKeepsSegmentViewsValid) {
  ElfFile a = ElfFile::from_bytes(make_elf());
  const u8* before = a.segments()[0].bytes.data();
  ElfFile b = std::move(a);
  EXPECT_EQ(b.segments()[0].bytes.data(), before);
  EXPECT_EQ(b.segments()[0].bytes[1], 0xa1);
}

TEST(ElfFile, LoadSegmentsWritesInsideRam) {
  const ElfFile elf = ElfFile::from_bytes(make_elf(), "t.elf");
  std::vector<u8> ram(0x2000, 0xee);
  elf.load_segments(0x80000000, ram.size(), [&](u64 paddr, std::span<const u8> bytes, u64 zero) {
    u8* dst = ram.data() + (paddr - 0x80000000);
    std::copy(bytes.begin(), bytes.end(), dst);
    std::fill_n(dst + bytes.size(), zero, 0);
  });
  EXPECT_EQ(ram[0], 0xa0);
  EXPECT_EQ(ram[15], 0xaf);
  EXPECT_EQ(ram[16], 0xee);
  EXPECT_EQ(ram[0x1000], 0xd0);
  EXPECT_EQ(ram[0x1008], 0);
  EXPECT_EQ(ram[0x10ff], 0);
  EXPECT_EQ(ram[0x1100], 0xee);
}

TEST(ElfFile, LoadSegmentsOutsideRamNamesSegmentAndAddress) {
  const ElfFile elf = ElfFile::from_bytes(make_elf(), "t.elf");
  int writes = 0;
  auto writer = [&](u64, std::span<const u8>, u64) { ++writes; };
  try {
    elf.load_segments(0x80000000, 0x1080, writer);
    FAIL() << "no error";
  } catch (const SimError& e) {
    EXPECT_STREQ(e.what(),
                 "t.elf: segment 1 [0x80001000, 0x80001100) (paddr) lies outside RAM "
                 "[0x80000000, 0x80001080)");
  }
  EXPECT_THROW(elf.load_segments(0x80000010, 0x100000, writer), SimError);
  EXPECT_EQ(writes, 0);  // nothing written when any segment does not fit
}

TEST(ElfFile, InterpreterIsRejectedAtLoad) {
  auto bytes = make_elf();
  put(bytes, phdr(2), 3, 4);  // the NOTE header becomes PT_INTERP
  const ElfFile elf = ElfFile::from_bytes(bytes, "t.elf");
  EXPECT_TRUE(elf.has_interpreter());
  try {
    elf.load_segments(0x80000000, 0x100000, [](u64, std::span<const u8>, u64) {});
    FAIL() << "no error";
  } catch (const SimError& e) {
    EXPECT_STREQ(e.what(), "t.elf: dynamically linked (has PT_INTERP); link it with -static");
  }
}

TEST(ElfFile, StaticPieIsAccepted) {
  auto bytes = make_elf();
  put(bytes, 16, 3, 2);
  EXPECT_TRUE(ElfFile::from_bytes(bytes).is_dynamic());
}

TEST(ElfFile, HeaderErrors) {
  EXPECT_EQ(error_of({}), "t.elf: not an ELF file (bad magic: empty file, expected 7f 45 4c 46)");
  EXPECT_EQ(error_of({'#', '!', '/', 'b', 'i', 'n'}),
            "t.elf: not an ELF file (bad magic: 23 21 2f 62, expected 7f 45 4c 46)");
  auto bytes = make_elf();
  EXPECT_EQ(error_of({bytes.begin(), bytes.begin() + 10}),
            "t.elf: truncated ELF header (10 bytes)");
  EXPECT_EQ(error_of({bytes.begin(), bytes.begin() + 40}),
            "t.elf: truncated ELF header (40 bytes, the ELF64 header needs 64)");
  auto b = make_elf();
  b[4] = 1;
  EXPECT_EQ(error_of(b), "t.elf: wrong ELF class: ELF32, expected ELF64 (RV64)");
  b = make_elf();
  b[4] = 7;
  EXPECT_EQ(error_of(b), "t.elf: invalid ELF class 7");
  b = make_elf();
  b[5] = 2;
  EXPECT_EQ(error_of(b), "t.elf: big-endian ELF, expected little-endian");
  b = make_elf();
  put(b, 18, 62, 2);
  EXPECT_EQ(error_of(b), "t.elf: wrong machine x86-64 (62), expected RISC-V (243)");
  put(b, 18, 4711, 2);
  EXPECT_EQ(error_of(b), "t.elf: wrong machine unknown (4711), expected RISC-V (243)");
  b = make_elf();
  put(b, 16, 1, 2);
  EXPECT_EQ(error_of(b), "t.elf: relocatable object (ET_REL), expected an executable");
  put(b, 16, 4, 2);
  EXPECT_EQ(error_of(b), "t.elf: core dump (ET_CORE), expected an executable");
  b = make_elf();
  put(b, 20, 2, 4);
  EXPECT_EQ(error_of(b), "t.elf: unsupported ELF version 2");
}

TEST(ElfFile, ProgramHeaderErrors) {
  auto b = make_elf();
  put(b, 56, 0, 2);
  EXPECT_EQ(error_of(b), "t.elf: no program headers (nothing to load)");
  b = make_elf();
  put(b, 54, 32, 2);
  EXPECT_EQ(error_of(b), "t.elf: program header size 32, expected 56");
  b = make_elf();
  put(b, 32, Layout::kSize - 100, 8);
  EXPECT_EQ(error_of(b),
            "t.elf: program headers out of range: 3 headers at offset 0x33c need 0xa8 bytes, the "
            "file has 0x3a0");
  put(b, 32, ~u64{0} - 8, 8);  // offset + size wraps around
  EXPECT_THAT(error_of(b), HasSubstr("program headers out of range"));
  b = make_elf();
  put(b, phdr(0), 6, 4);
  put(b, phdr(1), 6, 4);
  EXPECT_EQ(error_of(b), "t.elf: no loadable (PT_LOAD) segments");
}

TEST(ElfFile, SegmentErrors) {
  auto b = make_elf();
  put(b, phdr(0) + 32, 0x20, 8);  // filesz > memsz
  EXPECT_EQ(error_of(b), "t.elf: segment 0: file size 0x20 exceeds memory size 0x10");
  b = make_elf();
  put(b, phdr(1) + 32, 0x1000, 8);
  put(b, phdr(1) + 40, 0x1000, 8);
  EXPECT_EQ(error_of(b),
            "t.elf: segment 1: truncated: 0x1000 bytes at file offset 0x110 lie past the end of "
            "the file (0x3a0 bytes)");
  b = make_elf();
  put(b, phdr(1) + 8, ~u64{0} - 4, 8);  // offset + filesz wraps around
  EXPECT_THAT(error_of(b), HasSubstr("t.elf: segment 1: truncated"));
  b = make_elf();
  put(b, phdr(1) + 40, u64{1} << 40, 8);
  EXPECT_EQ(error_of(b), "t.elf: segment 1: absurd memory size 0x10000000000");
  b = make_elf();
  put(b, phdr(1) + 24, ~u64{0} - 0x10, 8);
  EXPECT_EQ(error_of(b),
            "t.elf: segment 1: [0xffffffffffffffef, +0x100) wraps around the address space");
  b = make_elf();
  put(b, phdr(1) + 24, 0x80000008, 8);
  EXPECT_EQ(error_of(b),
            "t.elf: segments 0 [0x80000000, 0x80000010) and 1 [0x80000008, 0x80000108) overlap "
            "(paddr)");
}

TEST(ElfFile, SectionAndSymbolErrors) {
  auto b = make_elf();
  put(b, 40, Layout::kSize - 64, 8);
  EXPECT_EQ(error_of(b),
            "t.elf: section headers out of range: 5 headers at offset 0x360 need 0x140 bytes, "
            "the file has 0x3a0");
  b = make_elf();
  put(b, 58, 40, 2);
  EXPECT_EQ(error_of(b), "t.elf: section header size 40, expected 64");
  b = make_elf();
  put(b, shdr(3) + 32, 0x10008, 8);
  EXPECT_EQ(error_of(b),
            "t.elf: section 3 (symbols): truncated: 0x10008 bytes at offset 0x180 lie past the "
            "end of the file (0x3a0 bytes)");
  b = make_elf();
  put(b, shdr(3) + 56, 16, 8);
  EXPECT_EQ(error_of(b),
            "t.elf: section 3 (symbols): entry size 16 and size 0xd8, expected entries of 24 "
            "bytes");
  b = make_elf();
  put(b, shdr(3) + 40, 9, 4);
  EXPECT_EQ(error_of(b), "t.elf: section 3 (symbols): link 9 is not a string table");
  b = make_elf();
  put(b, shdr(4) + 24, Layout::kSize - 4, 8);
  EXPECT_EQ(error_of(b),
            "t.elf: section 4 (strings): truncated: 0x32 bytes at offset 0x39c lie past the end "
            "of the file (0x3a0 bytes)");
  b = make_elf();
  put(b, sym(2), 0x500, 4);
  EXPECT_EQ(error_of(b), "t.elf: symbol 2: name offset 0x500 past the string table (0x32 bytes)");
  b = make_elf();
  put(b, shdr(4) + 32, 45, 8);  // cuts "local_fn" before its NUL
  EXPECT_EQ(error_of(b), "t.elf: symbol 8: name is not NUL-terminated");
}

TEST(ElfFile, NoSectionHeadersMeansNoSymbols) {
  auto b = make_elf();
  put(b, 40, 0, 8);
  const ElfFile elf = ElfFile::from_bytes(b);
  EXPECT_TRUE(elf.symbols().empty());
  EXPECT_EQ(elf.segments().size(), 2u);
}

TEST(ElfFile, DynsymWhenNoSymtab) {
  auto b = make_elf();
  put(b, shdr(3) + 4, 11, 4);  // SHT_DYNSYM
  EXPECT_EQ(ElfFile::from_bytes(b).find_symbol("_start"), 0x80000000u);
}

TEST(ElfFile, FileErrors) {
  EXPECT_THAT(
      [] {
        try {
          ElfFile::load("/nonexistent/k.elf");
        } catch (const SimError& e) {
          return std::string(e.what());
        }
        return std::string();
      }(),
      "/nonexistent/k.elf: cannot open ELF file: No such file or directory");
  try {
    ElfFile::load("/tmp");
    FAIL() << "no error";
  } catch (const SimError& e) {
    EXPECT_STREQ(e.what(), "/tmp: cannot open ELF file: not a regular file");
  }
  // The host's own executable: a real ELF64 for the wrong machine.
  try {
    ElfFile::load("/proc/self/exe");
    FAIL() << "no error";
  } catch (const SimError& e) {
    EXPECT_STREQ(e.what(), "/proc/self/exe: wrong machine x86-64 (62), expected RISC-V (243)");
  }
}

TEST(ElfFile, MachineNames) {
  EXPECT_EQ(elf_machine_name(62), "x86-64 (62)");
  EXPECT_EQ(elf_machine_name(183), "AArch64 (183)");
  EXPECT_EQ(elf_machine_name(243), "RISC-V (243)");
}

}  // namespace
}  // namespace rvscope
