// Stores to pages that hold code: every one reaches the decode cache (aligned, misaligned,
// after the page became code), and after the first the translation comes from the soft TLB
// instead of another page walk; atomics translate through the soft TLB too.
#include <gtest/gtest.h>

#include <memory>
#include <utility>
#include <vector>

#include "sim/devices/bus.hpp"
#include "sim/devices/ram.hpp"
#include "sim/mmu/mmu.hpp"

namespace rvscope {
namespace {

constexpr u64 kRamBase = 0x80000000, kRamSize = 4 << 20;
constexpr u64 kRoot = kRamBase + 0x100000, kL1 = kRoot + 0x1000, kL0 = kRoot + 0x2000;
constexpr u64 kTarget = kRamBase + 0x200000;  // VA 0x40000000 + i pages -> kTarget + i pages
constexpr u64 kVa = 0x40000000;
constexpr u64 kV = 1, kR = 2, kW = 4, kA = 64, kD = 128;

u64 pte_to(u64 paddr, u64 flags) { return ((paddr >> 12) << 10) | flags; }

class CodePages final : public CodeWriteListener {
 public:
  CodePages() : flags_(kRamSize / 4096, 0) {}
  const u8* code_page_flags() const override { return flags_.data(); }
  void on_code_write(u64 paddr, u64 size) override { writes.emplace_back(paddr, size); }
  void mark(u64 paddr) { flags_[(paddr - kRamBase) >> 12] = 1; }
  std::vector<std::pair<u64, u64>> writes;

 private:
  std::vector<u8> flags_;
};

class CodePageStoreTest : public ::testing::Test {
 protected:
  CodePageStoreTest() {
    bus_.attach_ram(std::make_unique<Ram>(kRamBase, kRamSize));
    mmu_ = std::make_unique<Mmu>(bus_, &code_);
    mmu_->pmp().write_addr(0, ~0ull);
    mmu_->pmp().write_cfg(0, 0x1f);
    bus_.write(kRoot + 1 * 8, 8, pte_to(kL1, kV));
    bus_.write(kL1, 8, pte_to(kL0, kV));
    for (u64 i = 0; i < 4; ++i)
      bus_.write(kL0 + i * 8, 8, pte_to(kTarget + i * 4096, kV | kR | kW | kA | kD));
    TranslationContext ctx;
    ctx.satp = (8ull << 60) | (kRoot >> 12);
    ctx.fetch_priv = ctx.data_priv = Priv::kSupervisor;
    mmu_->set_context(ctx);
  }
  u64 read(u64 paddr, unsigned size) {
    u64 v = 0;
    bus_.read(paddr, size, v);
    return v;
  }

  Bus bus_;
  CodePages code_;
  std::unique_ptr<Mmu> mmu_;
};

TEST_F(CodePageStoreTest, EveryStoreReachesTheDecodeCacheAndOnlyTheFirstWalks) {
  code_.mark(kTarget);
  ASSERT_EQ(mmu_->store<u64>(kVa + 0x100, 0x1111), MemFault::kNone);
  const u64 walks = mmu_->walks();
  ASSERT_EQ(mmu_->store<u64>(kVa + 0x200, 0x2222), MemFault::kNone);
  ASSERT_EQ(mmu_->store<u16>(kVa + 0x301, 0x3333), MemFault::kNone);  // misaligned
  ASSERT_EQ(mmu_->store<u8>(kVa + 0xfff, 0x44), MemFault::kNone);
  EXPECT_EQ(mmu_->walks(), walks) << "a store to a code page walked again";
  const std::vector<std::pair<u64, u64>> expected = {
      {kTarget + 0x100, 8}, {kTarget + 0x200, 8}, {kTarget + 0x301, 2}, {kTarget + 0xfff, 1}};
  EXPECT_EQ(code_.writes, expected);
  EXPECT_EQ(read(kTarget + 0x100, 8), 0x1111u);
  EXPECT_EQ(read(kTarget + 0x200, 8), 0x2222u);
  EXPECT_EQ(read(kTarget + 0x301, 2), 0x3333u);
  EXPECT_EQ(read(kTarget + 0xfff, 1), 0x44u);
}

TEST_F(CodePageStoreTest, APageThatBecomesCodeReachesTheDecodeCacheFromThenOn) {
  ASSERT_EQ(mmu_->store<u64>(kVa + 0x1000, 1), MemFault::kNone);
  ASSERT_EQ(mmu_->store<u64>(kVa + 0x1008, 2), MemFault::kNone);
  EXPECT_TRUE(code_.writes.empty());
  code_.mark(kTarget + 0x1000);
  mmu_->drop_store_page(kTarget + 0x1000);
  ASSERT_EQ(mmu_->store<u64>(kVa + 0x1010, 3), MemFault::kNone);
  ASSERT_EQ(mmu_->store<u32>(kVa + 0x1018, 4), MemFault::kNone);
  const std::vector<std::pair<u64, u64>> expected = {{kTarget + 0x1010, 8}, {kTarget + 0x1018, 4}};
  EXPECT_EQ(code_.writes, expected);
  EXPECT_EQ(read(kTarget + 0x1018, 4), 4u);
}

TEST_F(CodePageStoreTest, AtomicsTranslateThroughTheSoftTlbOnceFilled) {
  code_.mark(kTarget + 0x2000);
  for (const u64 page : {kVa + 0x2000, kVa + 0x3000}) {  // a code page and a data page
    SCOPED_TRACE(page);
    u64 paddr = 0;
    ASSERT_EQ(mmu_->amo_translate(page + 0x40, 8, AccessType::kStore, paddr), MemFault::kNone);
    EXPECT_EQ(paddr, kTarget + (page - kVa) + 0x40);
    const u64 walks = mmu_->walks();
    ASSERT_EQ(mmu_->amo_translate(page + 0x80, 4, AccessType::kStore, paddr), MemFault::kNone);
    EXPECT_EQ(paddr, kTarget + (page - kVa) + 0x80);
    ASSERT_EQ(mmu_->amo_translate(page + 0x90, 8, AccessType::kLoad, paddr), MemFault::kNone);
    ASSERT_EQ(mmu_->amo_translate(page + 0x98, 8, AccessType::kLoad, paddr), MemFault::kNone);
    EXPECT_EQ(paddr, kTarget + (page - kVa) + 0x98);
    EXPECT_EQ(mmu_->walks(), walks + 1) << "one walk for the load entry, none after";
    EXPECT_EQ(mmu_->amo_translate(page + 0x84, 8, AccessType::kStore, paddr),
              MemFault::kMisaligned);
  }
  EXPECT_TRUE(code_.writes.empty()) << "translating is not writing";
}

}  // namespace
}  // namespace rvscope
