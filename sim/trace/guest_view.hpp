// The narrow views of the machine that tracers need: guest state, symbols and disassembly.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sim/common/types.hpp"

namespace rvscope::trace {

// CSR numbers the tracers read.
inline constexpr u16 kCsrSscratch = 0x140;
inline constexpr u16 kCsrSatp = 0x180;

// Read-only access to one machine's harts, implemented by the machine. Every call must be
// free of architectural side effects (no A/D updates, no TLB fills that change behaviour,
// no MMIO reads), so tracing never changes what the guest does.
class GuestView {
 public:
  virtual ~GuestView() = default;
  // Integer register x0..x31 of `hart`.
  virtual u64 read_reg(unsigned hart, unsigned reg) const = 0;
  // CSR of `hart` (sscratch, satp...); 0 for a CSR the hart does not have.
  virtual u64 read_csr(unsigned hart, u16 csr) const = 0;
  virtual Priv privilege(unsigned hart) const = 0;
  // Copies `len` bytes at guest virtual address `vaddr`, translated through `hart`'s
  // current page tables with user permissions ignored. False if any byte is unmapped or
  // not RAM; `dst` contents are then unspecified.
  virtual bool read_virtual(unsigned hart, u64 vaddr, void* dst, std::size_t len) const = 0;
  // The simulated clock as `hart` sees it (mcycle), and its retired-instruction count.
  virtual u64 cycles(unsigned hart) const = 0;
  virtual u64 instret(unsigned hart) const = 0;
};

// A function symbol: where it starts and how long it is (0 when the ELF gave no size).
struct Symbol {
  std::string name;
  u64 address = 0;
  u64 size = 0;
};

// Symbols from the kernel ELF plus any `--symbols user.elf`.
class SymbolLookup {
 public:
  virtual ~SymbolLookup() = default;
  // The function containing `pc`, if any.
  virtual std::optional<Symbol> find(u64 pc) const = 0;
  // The symbol called `name`, if any.
  virtual std::optional<Symbol> lookup(std::string_view name) const = 0;
};

// A source position from the kernel's (or a program's) DWARF line tables.
struct SourceLine {
  std::string file;
  unsigned line = 0;
  std::string inlined;  // the innermost function inlined at pc, whose line this is; "" if none
};

// pc -> file:line; nullopt where no line table covers pc (no debug info: symbols only).
class LineLookup {
 public:
  virtual ~LineLookup() = default;
  virtual std::optional<SourceLine> find(u64 pc) const = 0;
};

// The CPU's disassembler: (instruction bits, pc) -> text such as "addi a0, a0, 1".
using Disassembler = std::function<std::string(u32 bits, u64 pc)>;

// Convenience reads through a GuestView for one hart; all return nullopt when unmapped.
class GuestMemory {
 public:
  GuestMemory(const GuestView& view, unsigned hart) : view_(&view), hart_(hart) {}

  bool read(u64 vaddr, void* dst, std::size_t len) const {
    return len == 0 || view_->read_virtual(hart_, vaddr, dst, len);
  }
  template <typename T>
  std::optional<T> read_as(u64 vaddr) const {
    T value{};
    if (!read(vaddr, &value, sizeof(T))) return std::nullopt;
    return value;
  }
  // Bytes of a NUL-terminated string, at most `max` of them; `terminated` says whether the
  // NUL was found within `max`. Nullopt when the first byte is unmapped.
  std::optional<std::string> read_cstring(u64 vaddr, std::size_t max, bool* terminated) const;

 private:
  const GuestView* view_;
  unsigned hart_;
};

}  // namespace rvscope::trace
