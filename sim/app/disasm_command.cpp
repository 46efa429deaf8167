// `rvscope disasm`: an objdump -d style listing of an ELF's executable segments.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "sim/app/commands.hpp"
#include "sim/cpu/disasm.hpp"
#include "sim/elf/elf_file.hpp"

namespace rvscope {
namespace {

// What the mapping symbols say lies at an address: data up to `end`, or instructions.
struct Region {
  bool data = false;
  u64 end = 0;
};

// As objdump 2.40 decides it: the last mapping symbol of the address's section at or below
// the address rules; with none, the section holds code. A data region ends at the section's
// next mapping symbol, whatever its kind, or at the section's end.
Region region_at(const std::vector<MappingSymbol>& maps, u64 addr) {
  const auto above = std::upper_bound(maps.begin(), maps.end(), addr,
                                      [](u64 a, const MappingSymbol& m) { return a < m.address; });
  const MappingSymbol* rule = nullptr;
  for (auto it = above; it != maps.begin();) {
    --it;
    if (it->address != std::prev(above)->address) break;
    if (it->covers(addr)) {
      rule = &*it;
      break;  // the last one in table order among equal addresses, as objdump takes it
    }
  }
  if (rule == nullptr || !rule->data) return Region{};
  u64 end = rule->section_end;
  for (auto it = above; it != maps.end() && it->address < end; ++it) {
    if (it->covers(addr)) end = it->address;
  }
  return Region{.data = true, .end = end};
}

// objdump's address column width: the 16 digits of the highest address less its leading
// zeros, dropped four at a time and always leaving one (80000000 -> 12, 10078 -> 8).
unsigned address_width(u64 highest) {
  const std::string digits = fmt::format("{:016x}", highest);
  const std::size_t zeros = std::min(digits.find_first_not_of('0'), digits.size());
  if (zeros == 0 || zeros == digits.size()) return 16;
  return static_cast<unsigned>(16 - ((zeros - 1) & ~std::size_t{3}));
}

// objdump's raw-bytes column: `used` bytes in little-endian chunks of `chunk` bytes, each
// followed by a space, padded with blank chunks to `per_line` bytes.
std::string hex_column(std::span<const u8> used, unsigned chunk, unsigned per_line) {
  std::string out;
  for (std::size_t at = 0; at < used.size(); at += chunk) {
    for (std::size_t k = chunk; k-- > 0;) out += fmt::format("{:02x}", used[at + k]);
    out += ' ';
  }
  for (std::size_t pad = used.size(); pad < per_line; pad += chunk) {
    out.append(2 * chunk, ' ');
    out += ' ';
  }
  return out;
}

// One chunk of a data region as objdump prints it: `.byte`, `.short` or `.word`.
std::string data_line(const std::string& address, std::span<const u8> chunk) {
  u32 value = 0;
  for (std::size_t k = chunk.size(); k-- > 0;) value = (value << 8) | chunk[k];
  const char* directive = chunk.size() == 1 ? ".byte" : chunk.size() == 2 ? ".short" : ".word";
  const unsigned per_line = chunk.size() == 1 ? 6 : 8;
  const unsigned chunk_bytes = static_cast<unsigned>(chunk.size());
  return fmt::format("{}:\t{}\t{}\t0x{:0{}x}\n", address, hex_column(chunk, chunk_bytes, per_line),
                     directive, value, 2 * chunk.size());
}

std::string instruction_line(const ElfFile& elf, u64 pc, const std::string& address,
                             std::span<const u8> encoding) {
  u32 raw = 0;
  std::memcpy(&raw, encoding.data(), encoding.size());
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
  const unsigned chunk = encoding.size() == 2 ? 2 : 4;
  return fmt::format("{}:\t{}\t{}\n", address, hex_column(encoding, chunk, 8), text);
}

}  // namespace

int disasm_command(const std::string& elf_path) {
  const ElfFile elf = ElfFile::load(elf_path);
  const std::vector<Symbol>& symbols = elf.symbols().symbols();  // sorted, preferred first
  fmt::print("\n{}:     file format elf64-littleriscv\n\n", elf_path);
  for (const ElfSegment& segment : elf.segments()) {
    if (!(segment.flags & 1)) continue;  // PF_X
    const std::span<const u8> bytes = segment.bytes;
    const unsigned width = address_width(segment.vaddr + bytes.size());
    u64 offset = 0;
    while (offset < bytes.size()) {
      const u64 pc = segment.vaddr + offset;
      auto label = std::lower_bound(symbols.begin(), symbols.end(), pc,
                                    [](const Symbol& s, u64 a) { return s.value < a; });
      for (; label != symbols.end() && label->value == pc; ++label) {
        if (label->kind != SymbolKind::kObject) {
          fmt::print("\n{:016x} <{}>:\n", pc, label->name);
          break;
        }
      }
      while (label != symbols.end() && label->value <= pc) ++label;
      const u64 next_label = label == symbols.end() ? ~u64{0} : label->value;
      const u64 left = bytes.size() - offset;
      const std::string address = fmt::format("{:>{}x}", pc, width);

      const Region region = region_at(elf.mapping_symbols(), pc);
      if (region.data) {
        // objdump prints at most a word at a time, never past the region (a 3-byte rest is
        // a .short and a .byte). It would also read across a label and fail there; the
        // chunk stops at the label instead.
        u64 length = std::min({u64{4}, region.end - pc, next_label - pc, left});
        if (length == 3) length = 2;
        fmt::print("{}", data_line(address, bytes.subspan(offset, length)));
        offset += length;
        continue;
      }
      if (left < 2) break;
      const bool compressed = (bytes[offset] & 3) != 3;
      const u64 length = compressed ? 2 : 4;
      if (length > left) break;
      fmt::print("{}", instruction_line(elf, pc, address, bytes.subspan(offset, length)));
      offset += length;
    }
  }
  return 0;
}

}  // namespace rvscope
