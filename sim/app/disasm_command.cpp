// `rvscope disasm`: an objdump -d style listing of an ELF's executable segments.
#include <fmt/format.h>

#include <cstring>

#include "sim/app/commands.hpp"
#include "sim/cpu/disasm.hpp"
#include "sim/elf/elf_file.hpp"

namespace rvscope {

int disasm_command(const std::string& elf_path) {
  const ElfFile elf = ElfFile::load(elf_path);
  fmt::print("\n{}:     file format elf64-littleriscv\n\n", elf_path);
  for (const ElfSegment& segment : elf.segments()) {
    if (!(segment.flags & 1)) continue;  // PF_X
    const std::span<const u8> bytes = segment.bytes;
    u64 offset = 0;
    while (offset + 2 <= bytes.size()) {
      const u64 pc = segment.vaddr + offset;
      for (const Symbol& symbol : elf.symbols().symbols()) {
        if (symbol.value == pc && symbol.kind != SymbolKind::kObject && !symbol.name.empty()) {
          fmt::print("\n{:016x} <{}>:\n", pc, symbol.name);
          break;
        }
      }
      u16 lo = 0;
      std::memcpy(&lo, bytes.data() + offset, 2);
      const bool compressed = (lo & 3) != 3;
      if (!compressed && offset + 4 > bytes.size()) break;
      u32 raw = lo;
      if (!compressed) std::memcpy(&raw, bytes.data() + offset, 4);
      std::string text = disassemble(raw, pc);
      // Branch and jump targets get objdump's <symbol+offset> note.
      const std::string_view mnemonic(
          text.data(), text.find('\t') == std::string::npos ? text.size() : text.find('\t'));
      const bool has_target = mnemonic[0] == 'b' || mnemonic == "j" || mnemonic == "jal";
      if (has_target && text.find('(') == std::string::npos) {
        const std::string hex = text.substr(text.find_last_of(",\t") + 1);
        const u64 target = std::strtoull(hex.c_str(), nullptr, 16);
        if (auto where = elf.symbolize(target)) {
          text += where->offset == 0 ? fmt::format(" <{}>", where->name)
                                     : fmt::format(" <{}+{:#x}>", where->name, where->offset);
        }
      }
      const std::string encoding =
          compressed ? fmt::format("{:04x}", lo) : fmt::format("{:08x}", raw);
      fmt::print("{:>8x}:\t{:<20}\t{}\n", pc, encoding, text);
      offset += compressed ? 2 : 4;
    }
  }
  return 0;
}

}  // namespace rvscope
