// PMP: OFF, TOR, NA4 and NAPOT matching, priority, partial matches, the lock bit and M-mode.
#include "sim/mmu/pmp.hpp"

#include <gtest/gtest.h>

namespace rvscope {
namespace {

constexpr u8 kR = 1, kW = 2, kX = 4, kTor = 1 << 3, kNa4 = 2 << 3, kNapot = 3 << 3, kL = 0x80;

u64 napot(u64 base, u64 size) { return (base >> 2) | ((size / 8) - 1); }

TEST(Pmp, NoEntriesAllowMachineOnly) {
  Pmp pmp;
  EXPECT_TRUE(pmp.check(0x80000000, 8, AccessType::kStore, Priv::kMachine));
  EXPECT_FALSE(pmp.check(0x80000000, 8, AccessType::kLoad, Priv::kSupervisor));
  EXPECT_FALSE(pmp.check(0x80000000, 8, AccessType::kFetch, Priv::kUser));
}

TEST(Pmp, TorRange) {
  Pmp pmp;
  pmp.write_addr(0, 0x80000000 >> 2);
  pmp.write_addr(1, 0x80002000 >> 2);
  pmp.write_cfg(0, static_cast<u64>(kTor | kR) << 8);  // entry 1: [addr0, addr1)
  EXPECT_TRUE(pmp.check(0x80000000, 8, AccessType::kLoad, Priv::kSupervisor));
  EXPECT_TRUE(pmp.check(0x80001ff8, 8, AccessType::kLoad, Priv::kUser));
  EXPECT_FALSE(pmp.check(0x80002000, 8, AccessType::kLoad, Priv::kSupervisor));
  EXPECT_FALSE(pmp.check(0x7ffffff8, 8, AccessType::kLoad, Priv::kSupervisor));
  EXPECT_FALSE(pmp.check(0x80000000, 8, AccessType::kStore, Priv::kSupervisor));
  EXPECT_FALSE(pmp.check(0x80001ffc, 8, AccessType::kLoad, Priv::kSupervisor));  // partial
  EXPECT_TRUE(pmp.check(0x80000000, 8, AccessType::kStore, Priv::kMachine));     // unlocked
  // TOR in entry 0 starts at address 0
  Pmp first;
  first.write_addr(0, 0x1000 >> 2);
  first.write_cfg(0, kTor | kX);
  EXPECT_TRUE(first.check(0, 4, AccessType::kFetch, Priv::kUser));
  EXPECT_FALSE(first.check(0x1000, 4, AccessType::kFetch, Priv::kUser));
}

TEST(Pmp, Na4AndNapot) {
  Pmp pmp;
  pmp.write_addr(0, 0x80000010 >> 2);
  pmp.write_addr(1, napot(0x80000000, 0x1000));
  pmp.write_cfg(0, (kNa4 | kR | kW) | (static_cast<u64>(kNapot | kR) << 8));
  EXPECT_TRUE(pmp.check(0x80000010, 4, AccessType::kStore, Priv::kSupervisor));
  EXPECT_FALSE(pmp.check(0x80000010, 8, AccessType::kStore, Priv::kSupervisor));  // partial NA4
  EXPECT_FALSE(pmp.check(0x80000014, 4, AccessType::kStore, Priv::kSupervisor));  // NAPOT: R
  EXPECT_TRUE(pmp.check(0x80000ff8, 8, AccessType::kLoad, Priv::kUser));
  EXPECT_FALSE(pmp.check(0x80001000, 8, AccessType::kLoad, Priv::kUser));
  // NAPOT over everything
  Pmp all;
  all.write_addr(0, ~0ull);
  all.write_cfg(0, kNapot | kR | kW | kX);
  EXPECT_TRUE(all.check(0xfffffffffffff000ull, 8, AccessType::kStore, Priv::kUser));
  EXPECT_TRUE(all.check(0, 8, AccessType::kFetch, Priv::kSupervisor));
}

TEST(Pmp, LowestMatchingEntryWins) {
  Pmp pmp;
  pmp.write_addr(0, napot(0x80000000, 0x1000));
  pmp.write_addr(1, ~0ull);
  pmp.write_cfg(0, kNapot | (static_cast<u64>(kNapot | kR | kW | kX) << 8));  // entry 0 denies
  EXPECT_FALSE(pmp.check(0x80000100, 8, AccessType::kLoad, Priv::kSupervisor));
  EXPECT_TRUE(pmp.check(0x80001100, 8, AccessType::kLoad, Priv::kSupervisor));
  EXPECT_FALSE(pmp.page_allowed_uniformly(0x80000000, AccessType::kLoad, Priv::kSupervisor));
  EXPECT_TRUE(pmp.page_allowed_uniformly(0x80001000, AccessType::kLoad, Priv::kSupervisor));
}

TEST(Pmp, OffEntriesNeverMatch) {
  Pmp pmp;
  pmp.write_addr(0, ~0ull);
  pmp.write_cfg(0, kR | kW | kX);  // A = OFF
  EXPECT_FALSE(pmp.check(0x80000000, 8, AccessType::kLoad, Priv::kSupervisor));
}

TEST(Pmp, LockedEntriesBindMachineModeAndFreeze) {
  Pmp pmp;
  pmp.write_addr(0, napot(0x80000000, 0x1000));
  pmp.write_cfg(0, kL | kNapot | kR);
  EXPECT_TRUE(pmp.check(0x80000000, 8, AccessType::kLoad, Priv::kMachine));
  EXPECT_FALSE(pmp.check(0x80000000, 8, AccessType::kStore, Priv::kMachine));
  EXPECT_FALSE(pmp.check(0x80000000, 4, AccessType::kFetch, Priv::kMachine));
  EXPECT_TRUE(pmp.check(0x90000000, 8, AccessType::kStore, Priv::kMachine));  // no match: M ok
  pmp.write_cfg(0, kNapot | kR | kW | kX);                                    // ignored: locked
  EXPECT_EQ(pmp.read_cfg(0) & 0xff, static_cast<u64>(kL | kNapot | kR));
  pmp.write_addr(0, 0);
  EXPECT_EQ(pmp.read_addr(0), napot(0x80000000, 0x1000));
}

TEST(Pmp, ReservedWriteOnlyCombinationIsDropped) {
  Pmp pmp;
  pmp.write_cfg(0, kNapot | kW);
  EXPECT_EQ(pmp.read_cfg(0) & (kR | kW), 0u);
}

}  // namespace
}  // namespace rvscope
