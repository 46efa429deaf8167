// ElfFile: parsing and validating RISC-V ELF64 executables with every read bounds-checked.
#include "sim/elf/elf_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/common/error.hpp"
#include "sim/common/input_file.hpp"

namespace rvscope {
namespace {

// ELF constants (System V gABI and the RISC-V psABI).
constexpr u8 kElfClass32 = 1, kElfClass64 = 2;
constexpr u8 kElfData2Lsb = 1, kElfData2Msb = 2;
constexpr u16 kEtRel = 1, kEtExec = 2, kEtDyn = 3, kEtCore = 4;
constexpr u16 kEmRiscv = 243;
constexpr u64 kEhdrSize = 64, kPhdrSize = 56, kShdrSize = 64, kSymSize = 24;
constexpr u32 kPtLoad = 1, kPtInterp = 3;
constexpr u16 kPnXnum = 0xffff;
constexpr u32 kShtSymtab = 2, kShtStrtab = 3, kShtDynsym = 11;
constexpr u16 kShnUndef = 0, kShnLoReserve = 0xff00, kShnXindex = 0xffff;
constexpr u8 kSttNotype = 0, kSttObject = 1, kSttFunc = 2;
constexpr u8 kStbLocal = 0;
// No RAM we model is larger; a bigger segment is a corrupt header, not a program.
constexpr u64 kMaxSegmentSize = u64{1} << 36;

bool in_bounds(u64 offset, u64 length, u64 size) {
  return offset <= size && length <= size - offset;
}

// Little-endian field readers; callers have checked the bounds.
u16 le16(const u8* p) { return static_cast<u16>(p[0] | (p[1] << 8)); }
u32 le32(const u8* p) { return static_cast<u32>(le16(p)) | (static_cast<u32>(le16(p + 2)) << 16); }
u64 le64(const u8* p) { return static_cast<u64>(le32(p)) | (static_cast<u64>(le32(p + 4)) << 32); }

// The names binutils 2.40 (riscv_elf_is_mapping_symbols) takes for mapping symbols.
bool is_mapping_symbol(std::string_view name) {
  return name == "$d" || name == "$x" || name.starts_with("$xrv");
}

}  // namespace

std::string elf_machine_name(u16 machine) {
  const char* name = "unknown";
  switch (machine) {
    case 0:
      name = "none";
      break;
    case 2:
      name = "SPARC";
      break;
    case 3:
      name = "x86 (i386)";
      break;
    case 8:
      name = "MIPS";
      break;
    case 20:
      name = "PowerPC";
      break;
    case 21:
      name = "PowerPC64";
      break;
    case 22:
      name = "S/390";
      break;
    case 40:
      name = "ARM";
      break;
    case 43:
      name = "SPARC V9";
      break;
    case 62:
      name = "x86-64";
      break;
    case 183:
      name = "AArch64";
      break;
    case 243:
      name = "RISC-V";
      break;
    case 247:
      name = "BPF";
      break;
    case 258:
      name = "LoongArch";
      break;
    default:
      break;
  }
  return fmt::format("{} ({})", name, machine);
}

namespace {

void refuse_if_too_large(const std::string& name, u64 size) {
  if (size > ElfFile::kMaxFileSize) fail("{}: ELF file too large ({} bytes)", name, size);
}

}  // namespace

ElfFile ElfFile::from_input(InputFile& file, std::string name) {
  refuse_if_too_large(name, file.size());
  std::vector<u8> bytes(file.size());
  file.read_into(bytes.data());
  return from_bytes(std::move(bytes), std::move(name));
}

ElfFile ElfFile::load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    if (ec || !std::filesystem::exists(path)) {
      fail("{}: cannot open ELF file: {}", path, ec ? ec.message() : "no such file");
    }
    fail("{}: cannot open ELF file: not a regular file", path);
  }
  const u64 size = std::filesystem::file_size(path, ec);
  if (ec) fail("{}: cannot open ELF file: {}", path, ec.message());
  refuse_if_too_large(path, size);
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("{}: cannot open ELF file: {}", path, std::strerror(errno));
  std::vector<u8> bytes(size);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (static_cast<u64>(in.gcount()) != size) fail("{}: cannot read ELF file", path);
  return from_bytes(std::move(bytes), path);
}

ElfFile ElfFile::from_bytes(std::vector<u8> bytes, std::string name) {
  ElfFile elf;
  elf.name_ = std::move(name);
  elf.bytes_ = std::move(bytes);
  elf.parse();
  return elf;
}

void ElfFile::parse() {
  const u8* b = bytes_.data();
  const u64 size = bytes_.size();
  if (size < 4 || std::memcmp(b,
                              "\x7f"
                              "ELF",
                              4) != 0) {
    std::string head;
    for (u64 i = 0; i < std::min<u64>(size, 4); ++i) head += fmt::format(" {:02x}", b[i]);
    fail("{}: not an ELF file (bad magic:{}, expected 7f 45 4c 46)", name_,
         head.empty() ? " empty file" : head);
  }
  if (size < 16) fail("{}: truncated ELF header ({} bytes)", name_, size);
  if (b[4] == kElfClass32) fail("{}: wrong ELF class: ELF32, expected ELF64 (RV64)", name_);
  if (b[4] != kElfClass64) fail("{}: invalid ELF class {}", name_, b[4]);
  if (b[5] == kElfData2Msb) fail("{}: big-endian ELF, expected little-endian", name_);
  if (b[5] != kElfData2Lsb) fail("{}: invalid ELF data encoding {}", name_, b[5]);
  if (size < kEhdrSize) {
    fail("{}: truncated ELF header ({} bytes, the ELF64 header needs {})", name_, size, kEhdrSize);
  }
  type_ = le16(b + 16);
  const u16 machine = le16(b + 18);
  if (machine != kEmRiscv) {
    fail("{}: wrong machine {}, expected RISC-V (243)", name_, elf_machine_name(machine));
  }
  if (type_ == kEtRel) fail("{}: relocatable object (ET_REL), expected an executable", name_);
  if (type_ == kEtCore) fail("{}: core dump (ET_CORE), expected an executable", name_);
  if (type_ != kEtExec && type_ != kEtDyn) fail("{}: unsupported ELF type {}", name_, type_);
  if (le32(b + 20) != 1) fail("{}: unsupported ELF version {}", name_, le32(b + 20));
  entry_ = le64(b + 24);
  flags_ = le32(b + 48);
  parse_program_headers(le64(b + 32), le16(b + 54), le16(b + 56));
  parse_symbols(le64(b + 40), le16(b + 58), le16(b + 60));
}

void ElfFile::parse_program_headers(u64 phoff, u16 phentsize, u16 phnum) {
  const u64 size = bytes_.size();
  if (phnum == 0) fail("{}: no program headers (nothing to load)", name_);
  if (phnum == kPnXnum) fail("{}: too many program headers (PN_XNUM)", name_);
  if (phentsize != kPhdrSize) {
    fail("{}: program header size {}, expected {}", name_, phentsize, kPhdrSize);
  }
  if (!in_bounds(phoff, u64{phnum} * kPhdrSize, size)) {
    fail(
        "{}: program headers out of range: {} headers at offset {:#x} need {:#x} bytes, the "
        "file has {:#x}",
        name_, phnum, phoff, u64{phnum} * kPhdrSize, size);
  }
  for (unsigned i = 0; i < phnum; ++i) {
    const u8* p = bytes_.data() + phoff + u64{i} * kPhdrSize;
    const u32 type = le32(p);
    if (type == kPtInterp) has_interp_ = true;
    if (type != kPtLoad) continue;
    ElfSegment seg;
    seg.index = i;
    seg.flags = le32(p + 4);
    seg.file_offset = le64(p + 8);
    seg.vaddr = le64(p + 16);
    seg.paddr = le64(p + 24);
    const u64 filesz = le64(p + 32);
    seg.memsz = le64(p + 40);
    seg.align = le64(p + 48);
    if (filesz > seg.memsz) {
      fail("{}: segment {}: file size {:#x} exceeds memory size {:#x}", name_, i, filesz,
           seg.memsz);
    }
    if (seg.memsz > kMaxSegmentSize) {
      fail("{}: segment {}: absurd memory size {:#x}", name_, i, seg.memsz);
    }
    if (!in_bounds(seg.file_offset, filesz, size)) {
      fail(
          "{}: segment {}: truncated: {:#x} bytes at file offset {:#x} lie past the end of the "
          "file ({:#x} bytes)",
          name_, i, filesz, seg.file_offset, size);
    }
    if (seg.paddr + seg.memsz < seg.paddr || seg.vaddr + seg.memsz < seg.vaddr) {
      fail("{}: segment {}: [{:#x}, +{:#x}) wraps around the address space", name_, i, seg.paddr,
           seg.memsz);
    }
    seg.bytes = std::span<const u8>(bytes_.data() + seg.file_offset, filesz);
    segments_.push_back(seg);
  }
  if (segments_.empty()) fail("{}: no loadable (PT_LOAD) segments", name_);
  std::vector<const ElfSegment*> by_paddr;
  for (const ElfSegment& seg : segments_) {
    if (seg.memsz != 0) by_paddr.push_back(&seg);
  }
  std::sort(by_paddr.begin(), by_paddr.end(),
            [](const ElfSegment* a, const ElfSegment* b) { return a->paddr < b->paddr; });
  for (std::size_t i = 1; i < by_paddr.size(); ++i) {
    const ElfSegment& a = *by_paddr[i - 1];
    const ElfSegment& c = *by_paddr[i];
    if (c.paddr < a.paddr + a.memsz) {
      fail("{}: segments {} [{:#x}, {:#x}) and {} [{:#x}, {:#x}) overlap (paddr)", name_, a.index,
           a.paddr, a.paddr + a.memsz, c.index, c.paddr, c.paddr + c.memsz);
    }
  }
}

void ElfFile::parse_symbols(u64 shoff, u16 shentsize, u16 shnum) {
  const u64 size = bytes_.size();
  if (shoff == 0 || shnum == 0) return;  // stripped of section headers: no symbols
  if (shentsize != kShdrSize) {
    fail("{}: section header size {}, expected {}", name_, shentsize, kShdrSize);
  }
  if (!in_bounds(shoff, u64{shnum} * kShdrSize, size)) {
    fail(
        "{}: section headers out of range: {} headers at offset {:#x} need {:#x} bytes, the "
        "file has {:#x}",
        name_, shnum, shoff, u64{shnum} * kShdrSize, size);
  }
  auto header = [&](u64 index) { return bytes_.data() + shoff + index * kShdrSize; };
  // Prefer the full symbol table; a stripped file may still have the dynamic one.
  u64 symtab = shnum;
  for (u64 i = 0; i < shnum; ++i) {
    const u32 type = le32(header(i) + 4);
    if (type == kShtSymtab) {
      symtab = i;
      break;
    }
    if (type == kShtDynsym && symtab == shnum) symtab = i;
  }
  if (symtab == shnum) return;
  const u8* sh = header(symtab);
  const bool symtab_is_full = le32(sh + 4) == kShtSymtab;
  const u64 sym_offset = le64(sh + 24);
  const u64 sym_size = le64(sh + 32);
  const u32 link = le32(sh + 40);
  const u64 entsize = le64(sh + 56);
  if (entsize != kSymSize || sym_size % kSymSize != 0) {
    fail("{}: section {} (symbols): entry size {} and size {:#x}, expected entries of {} bytes",
         name_, symtab, entsize, sym_size, kSymSize);
  }
  if (!in_bounds(sym_offset, sym_size, size)) {
    fail(
        "{}: section {} (symbols): truncated: {:#x} bytes at offset {:#x} lie past the end of "
        "the file ({:#x} bytes)",
        name_, symtab, sym_size, sym_offset, size);
  }
  if (link >= shnum || le32(header(link) + 4) != kShtStrtab) {
    fail("{}: section {} (symbols): link {} is not a string table", name_, symtab, link);
  }
  const u64 str_offset = le64(header(link) + 24);
  const u64 str_size = le64(header(link) + 32);
  if (!in_bounds(str_offset, str_size, size)) {
    fail(
        "{}: section {} (strings): truncated: {:#x} bytes at offset {:#x} lie past the end of "
        "the file ({:#x} bytes)",
        name_, link, str_size, str_offset, size);
  }
  const char* strings = reinterpret_cast<const char*>(bytes_.data() + str_offset);
  std::vector<Symbol> symbols;
  for (u64 i = 1; i < sym_size / kSymSize; ++i) {  // entry 0 is the null symbol
    const u8* s = bytes_.data() + sym_offset + i * kSymSize;
    const u32 name = le32(s);
    const u8 info = s[4];
    const u16 shndx = le16(s + 6);
    const u8 kind = info & 0xf;
    if (kind != kSttNotype && kind != kSttObject && kind != kSttFunc) continue;
    // Undefined, absolute and common symbols are not addresses in this program's image.
    if (shndx == kShnUndef || (shndx >= kShnLoReserve && shndx != kShnXindex)) continue;
    if (name >= str_size) {
      fail("{}: symbol {}: name offset {:#x} past the string table ({:#x} bytes)", name_, i, name,
           str_size);
    }
    const void* nul = std::memchr(strings + name, '\0', str_size - name);
    if (nul == nullptr) fail("{}: symbol {}: name is not NUL-terminated", name_, i);
    const std::string_view text(strings + name, static_cast<const char*>(nul) - (strings + name));
    if (is_mapping_symbol(text) && symtab_is_full && shndx < shnum) {
      const u8* section = header(shndx);
      const u64 start = le64(section + 16);
      const u64 section_size = le64(section + 32);
      mapping_symbols_.push_back(MappingSymbol{
          .address = le64(s + 8),
          .data = text == "$d",
          .section_start = start,
          .section_end = start + section_size < start ? ~u64{0} : start + section_size,
      });
    }
    // Assembler-internal labels and RISC-V mapping symbols ($x, $d) name no code.
    if (text.empty() || text.starts_with(".L") || text.starts_with('$')) continue;
    symbols.push_back(Symbol{
        .name = std::string(text),
        .value = le64(s + 8),
        .size = le64(s + 16),
        .kind = kind == kSttFunc     ? SymbolKind::kFunction
                : kind == kSttObject ? SymbolKind::kObject
                                     : SymbolKind::kNoType,
        .global = (info >> 4) != kStbLocal,
    });
  }
  symbols_.add(std::move(symbols));
  std::stable_sort(
      mapping_symbols_.begin(), mapping_symbols_.end(),
      [](const MappingSymbol& a, const MappingSymbol& b) { return a.address < b.address; });
}

void ElfFile::load_segments(u64 ram_base, u64 ram_size, const SegmentWriter& write) const {
  if (has_interp_) {
    fail("{}: dynamically linked (has PT_INTERP); link it with -static", name_);
  }
  for (const ElfSegment& seg : segments_) {
    if (seg.memsz == 0) continue;
    const bool inside = seg.paddr >= ram_base && seg.memsz <= ram_size &&
                        seg.paddr - ram_base <= ram_size - seg.memsz;
    if (!inside) {
      fail("{}: segment {} [{:#x}, {:#x}) (paddr) lies outside RAM [{:#x}, {:#x})", name_,
           seg.index, seg.paddr, seg.paddr + seg.memsz, ram_base, ram_base + ram_size);
    }
  }
  for (const ElfSegment& seg : segments_) {
    if (seg.memsz != 0) write(seg.paddr, seg.bytes, seg.zero_fill());
  }
}

}  // namespace rvscope
