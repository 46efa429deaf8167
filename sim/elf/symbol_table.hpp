// SymbolTable: named addresses from one or several ELF files (kernel + user programs),
// looked up by name and by address ("symbol+offset") for traces and the debugger.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/common/types.hpp"

namespace rvscope {

enum class SymbolKind : u8 { kFunction, kObject, kNoType };

struct Symbol {
  std::string name;
  u64 value = 0;  // address
  u64 size = 0;   // 0 for labels without .size (assembly)
  SymbolKind kind = SymbolKind::kNoType;
  bool global = false;  // STB_GLOBAL or STB_WEAK
};

// Where an address lies: `name` views into the SymbolTable and lives as long as it does.
struct SymbolLocation {
  std::string_view name;
  u64 offset = 0;
  // "main" or "main+0x1c".
  std::string to_string() const;
};

class SymbolTable {
 public:
  SymbolTable() = default;
  explicit SymbolTable(std::vector<Symbol> symbols) { add(std::move(symbols)); }

  // Adds symbols and re-sorts once; add a file's symbols in one call, not one by one.
  void add(std::vector<Symbol> symbols);
  // Adds every symbol of `other` (kernel + user program tables merge flat; a name defined
  // in both resolves to the first global definition added).
  void merge(const SymbolTable& other);

  // The address of `name`: a global definition if any, else the first one added.
  std::optional<u64> find(std::string_view name) const;
  // The symbol addr lies in: the innermost sized symbol containing it (value <= addr <
  // value + size; on equal addresses functions before objects before others, globals before
  // locals), unless an unsized label (assembly without .size) sits nearer below addr: such
  // a label runs up to the next symbol. nullopt when addr precedes every symbol or lies
  // past the end of the nearest sized one.
  std::optional<SymbolLocation> symbolize(u64 addr) const;

  // Sorted by address; among equal addresses, the preferred symbol comes first.
  const std::vector<Symbol>& symbols() const { return symbols_; }
  // The symbol symbolize() names for addr, and the symbol of that name; nullptr if none.
  const Symbol* containing(u64 addr) const;
  const Symbol* named(std::string_view name) const;
  std::size_t size() const { return symbols_.size(); }
  bool empty() const { return symbols_.empty(); }

 private:
  void rebuild();

  std::vector<Symbol> symbols_;
  std::vector<u64> added_;  // order of addition of symbols_[i], for "first definition"
  u64 next_added_ = 0;
  std::vector<u64> max_end_;  // max_end_[i]: the largest value + size among symbols_[0..i]
  std::unordered_map<std::string_view, std::size_t> by_name_;  // views into symbols_
};

}  // namespace rvscope
