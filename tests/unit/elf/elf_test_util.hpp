// Helpers for the ELF tests: a hand-made minimal RISC-V ELF64 image with known offsets, and
// running the cross compilers into a temporary directory.
#pragma once

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/common/types.hpp"

namespace rvscope::testing_elf {

// Layout of the image make_elf() builds (file offsets).
struct Layout {
  static constexpr u64 kPhoff = 64;    // 3 program headers: LOAD text, LOAD data, NOTE
  static constexpr u64 kText = 0x100;  // 16 bytes, loaded at 0x80000000
  static constexpr u64 kData = 0x110;  // 8 bytes + 0xf8 zero fill, at 0x80001000
  static constexpr u64 kStrtab = 0x118;
  static constexpr u64 kSymtab = 0x180;  // 9 entries of 24 bytes
  static constexpr u64 kShoff = 0x260;   // 5 section headers: null text data symtab strtab
  static constexpr u64 kSize = kShoff + 5 * 64;
  static constexpr u64 kSymCount = 9;
};

inline void put(std::vector<u8>& b, u64 off, u64 value, unsigned size) {
  for (unsigned i = 0; i < size; ++i) b[off + i] = static_cast<u8>(value >> (8 * i));
}

inline u64 phdr(unsigned i) { return Layout::kPhoff + 56 * i; }
inline u64 shdr(unsigned i) { return Layout::kShoff + 64 * i; }
inline u64 sym(unsigned i) { return Layout::kSymtab + 24 * i; }

inline std::vector<u8> make_elf() {
  std::vector<u8> b(Layout::kSize, 0);
  const u8 ident[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
  std::memcpy(b.data(), ident, sizeof ident);
  put(b, 16, 2, 2);           // ET_EXEC
  put(b, 18, 243, 2);         // EM_RISCV
  put(b, 20, 1, 4);           // EV_CURRENT
  put(b, 24, 0x80000000, 8);  // entry
  put(b, 32, Layout::kPhoff, 8);
  put(b, 40, Layout::kShoff, 8);
  put(b, 48, 0x5, 4);  // RVC, double-float ABI
  put(b, 52, 64, 2);
  put(b, 54, 56, 2);
  put(b, 56, 3, 2);
  put(b, 58, 64, 2);
  put(b, 60, 5, 2);
  put(b, 62, 4, 2);
  auto load = [&](unsigned i, u32 type, u32 flags, u64 off, u64 addr, u64 filesz, u64 memsz) {
    put(b, phdr(i), type, 4);
    put(b, phdr(i) + 4, flags, 4);
    put(b, phdr(i) + 8, off, 8);
    put(b, phdr(i) + 16, addr, 8);
    put(b, phdr(i) + 24, addr, 8);
    put(b, phdr(i) + 32, filesz, 8);
    put(b, phdr(i) + 40, memsz, 8);
    put(b, phdr(i) + 48, 0x1000, 8);
  };
  load(0, 1, 5, Layout::kText, 0x80000000, 16, 16);
  load(1, 1, 6, Layout::kData, 0x80001000, 8, 0x100);
  load(2, 4, 4, Layout::kText, 0, 0, 0);  // PT_NOTE: ignored
  for (u64 i = 0; i < 16; ++i) b[Layout::kText + i] = static_cast<u8>(0xa0 + i);
  for (u64 i = 0; i < 8; ++i) b[Layout::kData + i] = static_cast<u8>(0xd0 + i);
  // Offsets: _start 1, counter 8, label 16, $x 22, .Lfoo 25, undef 31, abs 37, local_fn 41.
  const char strings[] = "\0_start\0counter\0label\0$x\0.Lfoo\0undef\0abs\0local_fn";
  std::memcpy(b.data() + Layout::kStrtab, strings, sizeof strings);
  auto symbol = [&](unsigned i, u32 name, u8 info, u16 shndx, u64 value, u64 size) {
    put(b, sym(i), name, 4);
    b[sym(i) + 4] = info;
    put(b, sym(i) + 6, shndx, 2);
    put(b, sym(i) + 8, value, 8);
    put(b, sym(i) + 16, size, 8);
  };
  symbol(1, 1, 0x12, 1, 0x80000000, 8);    // _start: GLOBAL FUNC
  symbol(2, 8, 0x11, 2, 0x80001000, 8);    // counter: GLOBAL OBJECT
  symbol(3, 16, 0x00, 1, 0x80000008, 0);   // label: LOCAL NOTYPE
  symbol(4, 22, 0x00, 1, 0x80000000, 0);   // $x: mapping symbol, skipped
  symbol(5, 25, 0x00, 1, 0x80000004, 0);   // .Lfoo: assembler label, skipped
  symbol(6, 31, 0x12, 0, 0, 0);            // undef: undefined, skipped
  symbol(7, 37, 0x10, 0xfff1, 0x1234, 0);  // abs: absolute, skipped
  symbol(8, 41, 0x02, 1, 0x8000000c, 4);   // local_fn: LOCAL FUNC
  auto section = [&](unsigned i, u32 type, u64 off, u64 size, u32 link, u64 entsize) {
    put(b, shdr(i) + 4, type, 4);
    put(b, shdr(i) + 24, off, 8);
    put(b, shdr(i) + 32, size, 8);
    put(b, shdr(i) + 40, link, 4);
    put(b, shdr(i) + 56, entsize, 8);
  };
  section(1, 1, Layout::kText, 16, 0, 0);
  section(2, 1, Layout::kData, 8, 0, 0);
  section(3, 2, Layout::kSymtab, 24 * Layout::kSymCount, 4, 24);
  section(4, 3, Layout::kStrtab, sizeof strings, 0, 0);
  return b;
}

// A fresh directory for compiler outputs, removed by the caller's TearDown.
inline std::filesystem::path make_temp_dir(const std::string& tag) {
  auto dir = std::filesystem::temp_directory_path() /
             ("rvscope_elf_" + tag + "_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace rvscope::testing_elf
