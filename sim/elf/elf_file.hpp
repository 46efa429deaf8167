// ElfFile: a validated RISC-V ELF64 executable (entry, loadable segments, symbols, ABI
// flags) read from a file or a byte buffer. Malformed input is a SimError, never a crash.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "sim/common/types.hpp"
#include "sim/elf/symbol_table.hpp"

namespace rvscope {

// One PT_LOAD program header. `bytes` views into the ElfFile that owns it.
struct ElfSegment {
  unsigned index = 0;  // position in the program header table, for messages
  u64 vaddr = 0;
  u64 paddr = 0;
  u64 file_offset = 0;
  u64 memsz = 0;
  u32 flags = 0;  // PF_X = 1, PF_W = 2, PF_R = 4
  u64 align = 0;
  std::span<const u8> bytes;  // the filesz bytes from the file; memsz - filesz more are zero
  u64 zero_fill() const { return memsz - bytes.size(); }
};

// A RISC-V mapping symbol: from `address` up to the next mapping symbol of the same section,
// or the section's end, the section holds instructions ($x, $x<ISA string>) or data ($d).
struct MappingSymbol {
  u64 address = 0;
  bool data = false;
  u64 section_start = 0;  // the section it belongs to: [section_start, section_end)
  u64 section_end = 0;
  bool covers(u64 addr) const { return addr >= section_start && addr < section_end; }
};

// e_flags bits 1..2: the floating-point calling convention.
enum class FloatAbi : u8 { kSoft = 0, kSingle = 1, kDouble = 2, kQuad = 3 };

class InputFile;

class ElfFile {
 public:
  // Larger files are refused before they are read ("PATH: ELF file too large").
  static constexpr u64 kMaxFileSize = u64{1} << 30;
  // Reads and validates; SimError "PATH: problem" otherwise.
  static ElfFile load(const std::string& path);
  // The same for bytes already in memory; `name` stands for the path in messages.
  static ElfFile from_bytes(std::vector<u8> bytes, std::string name = "<memory>");
  // The same for a file the caller opened already (and checked): read from that file, not
  // opened again by name.
  static ElfFile from_input(InputFile& file, std::string name);

  // Movable (segments' views stay valid: the buffer does not move), not copyable.
  ElfFile(ElfFile&&) = default;
  ElfFile& operator=(ElfFile&&) = default;
  ElfFile(const ElfFile&) = delete;
  ElfFile& operator=(const ElfFile&) = delete;

  const std::string& name() const { return name_; }
  u64 entry() const { return entry_; }
  bool is_dynamic() const { return type_ == 3; }        // ET_DYN (static-pie), else ET_EXEC
  bool has_interpreter() const { return has_interp_; }  // PT_INTERP: dynamically linked
  u32 flags() const { return flags_; }
  bool has_rvc() const { return (flags_ & 0x1) != 0; }  // EF_RISCV_RVC
  FloatAbi float_abi() const { return static_cast<FloatAbi>((flags_ >> 1) & 3); }
  bool is_rve() const { return (flags_ & 0x8) != 0; }  // EF_RISCV_RVE

  // PT_LOAD segments in program header order; never overlapping in physical address.
  const std::vector<ElfSegment>& segments() const { return segments_; }
  // FUNC, OBJECT and NOTYPE symbols defined in a section (.symtab, else .dynsym).
  const SymbolTable& symbols() const { return symbols_; }
  std::optional<u64> find_symbol(std::string_view name) const { return symbols_.find(name); }
  std::optional<SymbolLocation> symbolize(u64 addr) const { return symbols_.symbolize(addr); }
  // The mapping symbols of .symtab (names "$d", "$x", "$xrv..." as GNU objdump reads them),
  // sorted by address; among equal addresses in symbol table order.
  const std::vector<MappingSymbol>& mapping_symbols() const { return mapping_symbols_; }

  // Receives one segment: its file bytes go to paddr, then zero_fill zero bytes follow.
  using SegmentWriter = std::function<void(u64 paddr, std::span<const u8> bytes, u64 zero_fill)>;
  // Checks that every segment lies in RAM [ram_base, ram_base + ram_size) by physical
  // address and that the file is not dynamically linked, then hands each segment to
  // `write` in order. Nothing is written when a check fails: SimError "PATH: segment 2
  // [0x1000, 0x3000) (paddr) lies outside RAM [0x80000000, 0x88000000)".
  void load_segments(u64 ram_base, u64 ram_size, const SegmentWriter& write) const;

 private:
  ElfFile() = default;
  void parse();
  void parse_program_headers(u64 phoff, u16 phentsize, u16 phnum);
  void parse_symbols(u64 shoff, u16 shentsize, u16 shnum);

  std::string name_;
  std::vector<u8> bytes_;
  u16 type_ = 0;
  u64 entry_ = 0;
  u32 flags_ = 0;
  bool has_interp_ = false;
  std::vector<ElfSegment> segments_;
  SymbolTable symbols_;
  std::vector<MappingSymbol> mapping_symbols_;
};

// "x86-64 (62)", "RISC-V (243)", "unknown (4711)": for messages about e_machine.
std::string elf_machine_name(u16 machine);

}  // namespace rvscope
