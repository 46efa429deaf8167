// A scriptable GuestView for the trace tests (registers, CSRs and sparse memory per hart),
// and a symbol table given as a list.
#pragma once

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "sim/trace/guest_view.hpp"

namespace rvscope::trace::testing {

class FakeGuest : public GuestView {
 public:
  struct Hart {
    u64 x[32] = {};
    std::map<u16, u64> csr;
    Priv priv = Priv::kUser;
    u64 cycles = 0;
    u64 instret = 0;
  };

  explicit FakeGuest(unsigned harts = 1) : harts_(harts) {}

  Hart& hart(unsigned h) { return harts_.at(h); }

  // Maps [addr, addr+bytes.size()) with these contents (one address space for all harts).
  void map(u64 addr, const void* bytes, std::size_t len) {
    const auto* p = static_cast<const u8*>(bytes);
    for (std::size_t i = 0; i < len; ++i) mem_[addr + i] = p[i];
  }
  void map_string(u64 addr, const std::string& s) { map(addr, s.c_str(), s.size() + 1); }
  template <typename T>
  void map_value(u64 addr, const T& value) {
    map(addr, &value, sizeof(T));
  }

  u64 read_reg(unsigned h, unsigned reg) const override { return reg ? harts_.at(h).x[reg] : 0; }
  u64 read_csr(unsigned h, u16 csr) const override {
    auto it = harts_.at(h).csr.find(csr);
    return it == harts_.at(h).csr.end() ? 0 : it->second;
  }
  Priv privilege(unsigned h) const override { return harts_.at(h).priv; }
  bool read_virtual(unsigned, u64 vaddr, void* dst, std::size_t len) const override {
    auto* out = static_cast<u8*>(dst);
    for (std::size_t i = 0; i < len; ++i) {
      auto it = mem_.find(vaddr + i);
      if (it == mem_.end()) return false;
      out[i] = it->second;
    }
    return true;
  }
  u64 cycles(unsigned h) const override { return harts_.at(h).cycles; }
  u64 instret(unsigned h) const override { return harts_.at(h).instret; }

 private:
  std::vector<Hart> harts_;
  std::map<u64, u8> mem_;
};

// Symbols from a list: find() is the first one containing pc, lookup() by name.
class FakeSymbols : public SymbolLookup {
 public:
  FakeSymbols() = default;
  explicit FakeSymbols(std::vector<Symbol> symbols) : symbols_(std::move(symbols)) {}
  std::optional<Symbol> find(u64 pc) const override {
    for (const auto& s : symbols_) {
      if (pc >= s.address && pc < s.address + s.size) return s;
    }
    return std::nullopt;
  }
  std::optional<Symbol> lookup(std::string_view name) const override {
    for (const auto& s : symbols_) {
      if (s.name == name) return s;
    }
    return std::nullopt;
  }
  std::vector<Symbol> symbols_ = {
      {"do_syscall", 0x80001000, 0x100}, {"main", 0x10000, 0x40}, {"nosize", 0x20000, 0}};
};

}  // namespace rvscope::trace::testing
