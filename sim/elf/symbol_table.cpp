// SymbolTable: sorting, name lookup and address-to-symbol resolution.
#include "sim/elf/symbol_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace rvscope {
namespace {

// Lower ranks are preferred when several symbols share an address.
int rank(const Symbol& s) {
  const int kind = s.kind == SymbolKind::kFunction ? 0 : s.kind == SymbolKind::kObject ? 1 : 2;
  return kind * 2 + (s.global ? 0 : 1);
}

u64 end_of(const Symbol& s) {
  const u64 end = s.value + s.size;
  return end < s.value ? ~u64{0} : end;  // clamp a wrapping size
}

}  // namespace

std::string SymbolLocation::to_string() const {
  if (offset == 0) return std::string(name);
  return fmt::format("{}+{:#x}", name, offset);
}

void SymbolTable::add(std::vector<Symbol> symbols) {
  symbols_.reserve(symbols_.size() + symbols.size());
  for (Symbol& s : symbols) {
    symbols_.push_back(std::move(s));
    added_.push_back(next_added_++);
  }
  rebuild();
}

void SymbolTable::merge(const SymbolTable& other) {
  // In other's order of addition, so that its own first definitions stay first.
  std::vector<std::size_t> order(other.symbols_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return other.added_[a] < other.added_[b]; });
  std::vector<Symbol> copy;
  copy.reserve(order.size());
  for (std::size_t i : order) copy.push_back(other.symbols_[i]);
  add(std::move(copy));
}

void SymbolTable::rebuild() {
  std::vector<std::size_t> order(symbols_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Symbol& x = symbols_[a];
    const Symbol& y = symbols_[b];
    return std::forward_as_tuple(x.value, rank(x), x.name, added_[a]) <
           std::forward_as_tuple(y.value, rank(y), y.name, added_[b]);
  });
  std::vector<Symbol> sorted;
  std::vector<u64> added;
  sorted.reserve(order.size());
  added.reserve(order.size());
  for (std::size_t i : order) {
    sorted.push_back(std::move(symbols_[i]));
    added.push_back(added_[i]);
  }
  symbols_ = std::move(sorted);
  added_ = std::move(added);

  max_end_.resize(symbols_.size());
  u64 max_end = 0;
  for (std::size_t i = 0; i < symbols_.size(); ++i) {
    max_end = std::max(max_end, end_of(symbols_[i]));
    max_end_[i] = max_end;
  }
  // A name resolves to its first global definition, else its first definition.
  by_name_.clear();
  for (std::size_t i = 0; i < symbols_.size(); ++i) {
    const auto [it, inserted] = by_name_.try_emplace(symbols_[i].name, i);
    if (inserted) continue;
    const Symbol& held = symbols_[it->second];
    const Symbol& next = symbols_[i];
    if (next.global != held.global ? next.global : added_[i] < added_[it->second]) {
      it->second = i;
    }
  }
}

std::optional<u64> SymbolTable::find(std::string_view name) const {
  const auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return symbols_[it->second].value;
}

const Symbol* SymbolTable::named(std::string_view name) const {
  const auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &symbols_[it->second];
}

std::optional<SymbolLocation> SymbolTable::symbolize(u64 addr) const {
  const Symbol* s = containing(addr);
  if (s == nullptr) return std::nullopt;
  return SymbolLocation{s->name, addr - s->value};
}

const Symbol* SymbolTable::containing(u64 addr) const {
  // First symbol with value > addr; everything before it starts at or below addr.
  const auto upper = std::upper_bound(symbols_.begin(), symbols_.end(), addr,
                                      [](u64 a, const Symbol& s) { return a < s.value; });
  const std::size_t count = static_cast<std::size_t>(upper - symbols_.begin());
  if (count == 0) return nullptr;
  // Innermost containing symbol: walk back while some earlier symbol may still reach addr.
  // Within one address the preferred symbol sorts first, so the last one met wins.
  const Symbol* best = nullptr;
  for (std::size_t i = count; i-- > 0 && max_end_[i] > addr;) {
    const Symbol& s = symbols_[i];
    if (best != nullptr && s.value < best->value) break;
    if (s.size != 0 && end_of(s) > addr) best = &s;
  }
  // An unsized label at the nearest address below runs up to the next symbol, and is more
  // precise than a sized symbol starting before it (a label inside an assembly function).
  const u64 nearest = symbols_[count - 1].value;
  if (best == nullptr || nearest > best->value) {
    std::size_t first = count - 1;
    while (first > 0 && symbols_[first - 1].value == nearest) --first;
    for (std::size_t i = first; i < count; ++i) {
      if (symbols_[i].size == 0) return &symbols_[i];
    }
  }
  return best;
}

}  // namespace rvscope
