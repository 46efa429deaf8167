// Tests for SymbolTable: name lookup, address resolution rules, merging tables.
#include "sim/elf/symbol_table.hpp"

#include <gtest/gtest.h>

namespace rvscope {
namespace {

Symbol func(std::string name, u64 value, u64 size, bool global = true) {
  return {std::move(name), value, size, SymbolKind::kFunction, global};
}
Symbol object(std::string name, u64 value, u64 size) {
  return {std::move(name), value, size, SymbolKind::kObject, true};
}
Symbol label(std::string name, u64 value) {
  return {std::move(name), value, 0, SymbolKind::kNoType, true};
}

std::string where(const SymbolTable& table, u64 addr) {
  const auto loc = table.symbolize(addr);
  return loc ? loc->to_string() : "-";
}

TEST(SymbolTable, FindPrefersGlobalThenFirstAdded) {
  SymbolTable table(
      {func("helper", 0x100, 4, false), func("helper", 0x200, 4, true), func("main", 0x300, 8)});
  EXPECT_EQ(table.find("main"), 0x300u);
  EXPECT_EQ(table.find("helper"), 0x200u);
  EXPECT_EQ(table.find("nothing"), std::nullopt);
  SymbolTable locals({func("s", 0x500, 4, false), func("s", 0x400, 4, false)});
  EXPECT_EQ(locals.find("s"), 0x500u);  // first added
}

TEST(SymbolTable, SymbolizeRules) {
  SymbolTable table({
      label("_start", 0x1000),  // assembly, no size: runs to the next symbol
      func("f", 0x1100, 0x100), label("f_inner", 0x1180),  // a label inside an assembly function
      object("buffer", 0x2000, 0x40), object("outer", 0x3000, 0x100),
      object("inner", 0x3010, 0x10),  // nested: innermost wins
      func("alias_local", 0x4000, 8, false), object("alias_obj", 0x4000, 8),
      func("alias", 0x4000, 8),  // functions, then globals, win on equal addresses
  });
  EXPECT_EQ(where(table, 0xfff), "-");
  EXPECT_EQ(where(table, 0x1000), "_start");
  EXPECT_EQ(where(table, 0x10fe), "_start+0xfe");
  EXPECT_EQ(where(table, 0x1104), "f+0x4");
  EXPECT_EQ(where(table, 0x1184), "f_inner+0x4");
  EXPECT_EQ(where(table, 0x1200), "f_inner+0x80");  // a label runs up to the next symbol
  EXPECT_EQ(where(table, 0x2010), "buffer+0x10");
  EXPECT_EQ(where(table, 0x2040), "-");
  EXPECT_EQ(where(table, 0x3008), "outer+0x8");
  EXPECT_EQ(where(table, 0x3018), "inner+0x8");
  EXPECT_EQ(where(table, 0x3020), "outer+0x20");
  EXPECT_EQ(where(table, 0x4004), "alias+0x4");
  EXPECT_EQ(where(table, 0x4008), "-");
}

TEST(SymbolTable, HugeSizeDoesNotWrap) {
  SymbolTable table({object("everything", 0x10, ~u64{0}), func("g", 0x100, 4)});
  EXPECT_EQ(where(table, 0x102), "g+0x2");
  EXPECT_EQ(where(table, ~u64{0} - 1), "everything+0xffffffffffffffee");
}

TEST(SymbolTable, MergeKernelAndUser) {
  SymbolTable kernel({func("trap_entry", 0x80200000, 0x80), func("main", 0x80201000, 0x20)});
  SymbolTable user({func("main", 0x10100, 0x40), func("_start", 0x10000, 0x20)});
  SymbolTable all;
  all.merge(kernel);
  all.merge(user);
  EXPECT_EQ(all.size(), 4u);
  EXPECT_EQ(where(all, 0x80200010), "trap_entry+0x10");
  EXPECT_EQ(where(all, 0x10104), "main+0x4");
  EXPECT_EQ(all.find("main"), 0x80201000u);  // the first global definition added
  EXPECT_EQ(all.find("_start"), 0x10000u);
  // Views stay valid across queries; symbols() is sorted by address.
  EXPECT_EQ(all.symbols().front().name, "_start");
}

TEST(SymbolTable, Empty) {
  SymbolTable table;
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(table.symbolize(0x1000), std::nullopt);
  EXPECT_EQ(table.find("x"), std::nullopt);
}

}  // namespace
}  // namespace rvscope
