// Sv39 translation: every PTE permission combination against privilege, SUM, MXR and access
// type (table-driven against the privileged spec's rules), superpages and misaligned ones,
// A/D updates, non-canonical addresses.
#include "sim/mmu/mmu.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "sim/devices/bus.hpp"
#include "sim/devices/ram.hpp"

namespace rvscope {
namespace {

constexpr u64 kRamBase = 0x80000000, kRamSize = 16 << 20;
constexpr u64 kRoot = kRamBase + 0x100000, kL1 = kRoot + 0x1000, kL0 = kRoot + 0x2000;
constexpr u64 kTarget = kRamBase + 0x200000;  // physical pages the 4 KiB leaves point to
constexpr u64 kV = 1, kR = 2, kW = 4, kX = 8, kU = 16, kA = 64, kD = 128;
constexpr u64 kSatp = (8ull << 60) | (kRoot >> 12);

u64 pte_to(u64 paddr, u64 flags) { return ((paddr >> 12) << 10) | flags; }

class MmuTest : public ::testing::Test {
 protected:
  MmuTest() {
    bus_.attach_ram(std::make_unique<Ram>(kRamBase, kRamSize));
    mmu_ = std::make_unique<Mmu>(bus_, nullptr);
    mmu_->pmp().write_addr(0, ~0ull);
    mmu_->pmp().write_cfg(0, 0x1f);  // all memory RWX for S and U
    // VA 0x40000000.. (root[1]) -> L1 -> L0: page i maps to kTarget + i * 4096
    set_pte(kRoot + 1 * 8, pte_to(kL1, kV));
    set_pte(kL1 + 0 * 8, pte_to(kL0, kV));
  }
  void set_pte(u64 addr, u64 pte) { bus_.write(addr, 8, pte); }
  u64 pte(u64 addr) {
    u64 v = 0;
    bus_.read(addr, 8, v);
    return v;
  }
  void context(Priv priv, bool sum, bool mxr, u64 satp = kSatp) {
    TranslationContext ctx;
    ctx.satp = satp;
    ctx.fetch_priv = priv;
    ctx.data_priv = priv;
    ctx.sum = sum;
    ctx.mxr = mxr;
    mmu_->set_context(ctx);
    mmu_->flush();
  }
  MemFault translate(u64 va, AccessType type, u64& pa) { return mmu_->translate(va, type, 8, pa); }

  Bus bus_;
  std::unique_ptr<Mmu> mmu_;
};

// The spec's rules, written independently of the walker.
bool allowed(u64 perms, Priv priv, bool sum, bool mxr, AccessType type) {
  const bool r = perms & kR, w = perms & kW, x = perms & kX, u = perms & kU;
  if (!r && !w && !x) return false;  // a pointer at level 0
  if (w && !r) return false;         // reserved combination
  if (priv == Priv::kUser && !u) return false;
  if (priv == Priv::kSupervisor && u && (type == AccessType::kFetch || !sum)) return false;
  switch (type) {
    case AccessType::kFetch:
      return x;
    case AccessType::kLoad:
      return r || (mxr && x);
    case AccessType::kStore:
      return w;
  }
  return false;
}

TEST_F(MmuTest, EveryPermissionCombination) {
  // Page i carries permission combination i (R/W/X/U), A and D set.
  for (u64 i = 0; i < 16; ++i) {
    const u64 perms = (i & 1 ? kR : 0) | (i & 2 ? kW : 0) | (i & 4 ? kX : 0) | (i & 8 ? kU : 0);
    set_pte(kL0 + i * 8, pte_to(kTarget + i * 4096, kV | kA | kD | perms));
  }
  int checked = 0;
  for (u64 i = 0; i < 16; ++i) {
    const u64 perms = (i & 1 ? kR : 0) | (i & 2 ? kW : 0) | (i & 4 ? kX : 0) | (i & 8 ? kU : 0);
    for (Priv priv : {Priv::kSupervisor, Priv::kUser}) {
      for (bool sum : {false, true}) {
        for (bool mxr : {false, true}) {
          context(priv, sum, mxr);
          for (AccessType type : {AccessType::kFetch, AccessType::kLoad, AccessType::kStore}) {
            u64 pa = 0;
            const u64 va = 0x40000000 + i * 4096 + 0x123;
            const MemFault fault = translate(va, type, pa);
            const bool want = allowed(perms, priv, sum, mxr, type);
            EXPECT_EQ(fault == MemFault::kNone, want)
                << "perms " << perms << " priv " << static_cast<int>(priv) << " sum " << sum
                << " mxr " << mxr << " type " << static_cast<int>(type);
            if (want) {
              EXPECT_EQ(pa, kTarget + i * 4096 + 0x123);
            } else {
              EXPECT_EQ(fault, MemFault::kPage);
            }
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 16 * 2 * 2 * 2 * 3);
}

TEST_F(MmuTest, MachineModeAndBareTranslateIdentically) {
  context(Priv::kMachine, false, false);
  u64 pa = 0;
  EXPECT_EQ(translate(0x40000123, AccessType::kLoad, pa), MemFault::kNone);
  EXPECT_EQ(pa, 0x40000123u);
  context(Priv::kSupervisor, false, false, 0);
  EXPECT_EQ(translate(kRamBase + 8, AccessType::kStore, pa), MemFault::kNone);
  EXPECT_EQ(pa, kRamBase + 8);
}

TEST_F(MmuTest, Superpages) {
  // 1 GiB leaf: root[2] maps VA 0x80000000 to PA 0x80000000
  set_pte(kRoot + 2 * 8, pte_to(0x80000000, kV | kR | kW | kA | kD));
  // misaligned 1 GiB leaf: PPN low bits not zero
  set_pte(kRoot + 3 * 8, pte_to(0x80001000, kV | kR | kW | kA | kD));
  // 2 MiB leaf at L1[1]: VA 0x40200000 -> PA kRamBase + 0x400000
  set_pte(kL1 + 1 * 8, pte_to(kRamBase + 0x400000, kV | kR | kA | kD));
  // misaligned 2 MiB leaf at L1[2]
  set_pte(kL1 + 2 * 8, pte_to(kRamBase + 0x401000, kV | kR | kA | kD));
  context(Priv::kSupervisor, false, false);
  u64 pa = 0;
  EXPECT_EQ(translate(0x80000000 + 0x12345678, AccessType::kLoad, pa), MemFault::kNone);
  EXPECT_EQ(pa, 0x80000000u + 0x12345678);
  EXPECT_EQ(translate(0xc0000000, AccessType::kLoad, pa), MemFault::kPage);
  EXPECT_EQ(translate(0x40200000 + 0x1abcd8, AccessType::kLoad, pa), MemFault::kNone);
  EXPECT_EQ(pa, kRamBase + 0x400000 + 0x1abcd8);
  EXPECT_EQ(translate(0x40200000, AccessType::kStore, pa), MemFault::kPage);  // read-only
  EXPECT_EQ(translate(0x40400000, AccessType::kLoad, pa), MemFault::kPage);
}

TEST_F(MmuTest, AccessedAndDirtyBitsAreSet) {
  set_pte(kL0 + 5 * 8, pte_to(kTarget, kV | kR | kW));
  context(Priv::kSupervisor, false, false);
  u64 pa = 0;
  u64 pa_debug = 0;
  EXPECT_TRUE(mmu_->debug_translate(0x40005000, AccessType::kStore, pa_debug));
  EXPECT_EQ(pte(kL0 + 5 * 8) & (kA | kD), 0u);  // debug walks have no side effects
  EXPECT_EQ(translate(0x40005000, AccessType::kLoad, pa), MemFault::kNone);
  EXPECT_EQ(pte(kL0 + 5 * 8) & (kA | kD), kA);  // a load sets A only
  EXPECT_EQ(translate(0x40005008, AccessType::kStore, pa), MemFault::kNone);
  EXPECT_EQ(pte(kL0 + 5 * 8) & (kA | kD), kA | kD);
  EXPECT_EQ(pa, kTarget + 8);
}

TEST_F(MmuTest, NonCanonicalAddressesFault) {
  set_pte(kRoot + 256 * 8, pte_to(0x80000000, kV | kR | kA | kD));  // VA 0xffffffc000000000
  context(Priv::kSupervisor, false, false);
  u64 pa = 0;
  EXPECT_EQ(translate(0xffffffc000000010ull, AccessType::kLoad, pa), MemFault::kNone);
  EXPECT_EQ(pa, 0x80000010u);
  EXPECT_EQ(translate(0x0000004000000010ull, AccessType::kLoad, pa), MemFault::kPage);
  EXPECT_EQ(translate(0x8000000040000000ull, AccessType::kLoad, pa), MemFault::kPage);
  EXPECT_EQ(translate(0xffffff8040000000ull, AccessType::kLoad, pa), MemFault::kPage);
}

TEST_F(MmuTest, InvalidAndReservedPtesFault) {
  set_pte(kL0 + 6 * 8, pte_to(kTarget, kR | kA | kD));                      // V = 0
  set_pte(kL0 + 7 * 8, pte_to(kTarget, kV | kR | kA | kD) | (1ull << 60));  // reserved bit
  context(Priv::kSupervisor, false, false);
  u64 pa = 0;
  EXPECT_EQ(translate(0x40006000, AccessType::kLoad, pa), MemFault::kPage);
  EXPECT_EQ(translate(0x40007000, AccessType::kLoad, pa), MemFault::kPage);
}

TEST_F(MmuTest, PageTableOutsideRamIsAnAccessFault) {
  context(Priv::kSupervisor, false, false, (8ull << 60) | (0x40000000 >> 12));
  u64 pa = 0;
  EXPECT_EQ(translate(0x1000, AccessType::kLoad, pa), MemFault::kAccess);
}

}  // namespace
}  // namespace rvscope
