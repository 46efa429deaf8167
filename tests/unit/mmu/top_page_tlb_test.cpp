// The soft TLB's "empty" tag (~0) is no page address: loads and stores of every size at the last
// virtual page (0xfffffffffffff000, mapped by Sv39) reach the mapped frame, TLB cold or warm.
#include <gtest/gtest.h>

#include <memory>

#include "sim/devices/bus.hpp"
#include "sim/devices/ram.hpp"
#include "sim/mmu/mmu.hpp"

namespace rvscope {
namespace {

constexpr u64 kRamBase = 0x80000000, kRamSize = 1 << 20;
constexpr u64 kRoot = kRamBase + 0x10000, kL1 = kRoot + 0x1000, kL0 = kRoot + 0x2000;
constexpr u64 kFrame = kRoot + 0x3000;
constexpr u64 kTopPage = 0xfffffffffffff000;
constexpr u64 kV = 1, kR = 2, kW = 4, kA = 64, kD = 128;

u64 table_entry(u64 paddr, u64 flags) { return ((paddr >> 12) << 10) | flags; }

class TopPageTlbTest : public ::testing::Test {
 protected:
  TopPageTlbTest() {
    bus_.attach_ram(std::make_unique<Ram>(kRamBase, kRamSize));
    mmu_ = std::make_unique<Mmu>(bus_, nullptr);
    mmu_->pmp().write_addr(0, ~0ull);
    mmu_->pmp().write_cfg(0, 0x1f);
    bus_.write(kRoot + 511 * 8, 8, table_entry(kL1, kV));
    bus_.write(kL1 + 511 * 8, 8, table_entry(kL0, kV));
    bus_.write(kL0 + 511 * 8, 8, table_entry(kFrame, kV | kR | kW | kA | kD));
    TranslationContext ctx;
    ctx.satp = (8ull << 60) | (kRoot >> 12);
    ctx.fetch_priv = ctx.data_priv = Priv::kSupervisor;
    mmu_->set_context(ctx);
  }
  u64 frame(u64 offset, unsigned size) {
    u64 v = 0;
    bus_.read(kFrame + offset, size, v);
    return v;
  }

  Bus bus_;
  std::unique_ptr<Mmu> mmu_;
};

template <typename T>
void round_trip(Mmu& mmu, u64 vaddr, T value) {
  ASSERT_EQ(mmu.store<T>(vaddr, value), MemFault::kNone);
  T back = 0;
  ASSERT_EQ(mmu.load<T>(vaddr, back), MemFault::kNone);
  EXPECT_EQ(back, value);
}

TEST_F(TopPageTlbTest, EverySizeAtTheLastBytesReachesTheFrame) {
  for (int pass = 0; pass < 2; ++pass) {  // the first pass fills the TLB, the second hits it
    SCOPED_TRACE(pass);
    mmu_->flush();
    round_trip<u8>(*mmu_, kTopPage + 0xfff, 0x5a);
    EXPECT_EQ(frame(0xfff, 1), 0x5au);
    round_trip<u16>(*mmu_, kTopPage + 0xffe, 0x1234);
    EXPECT_EQ(frame(0xffe, 2), 0x1234u);
    round_trip<u32>(*mmu_, kTopPage + 0xffc, 0x89abcdef);
    EXPECT_EQ(frame(0xffc, 4), 0x89abcdefu);
    round_trip<u64>(*mmu_, kTopPage + 0xff8, 0x0123456789abcdefull);
    EXPECT_EQ(frame(0xff8, 8), 0x0123456789abcdefull);
    round_trip<u64>(*mmu_, kTopPage, 0xfedcba9876543210ull);
    EXPECT_EQ(frame(0, 8), 0xfedcba9876543210ull);
  }
}

TEST_F(TopPageTlbTest, ColdTlbAtTheTopPageWalksInsteadOfUsingAnEmptyEntry) {
  // A store that a stale or empty entry served would land anywhere but the frame; with the
  // page unmapped it must fault instead.
  mmu_->flush();
  bus_.write(kL0 + 511 * 8, 8, 0);
  u64 v = 0;
  EXPECT_EQ(mmu_->load<u64>(kTopPage + 0xff8, v), MemFault::kPage);
  EXPECT_EQ(mmu_->store<u8>(kTopPage + 0xfff, u8{1}), MemFault::kPage);
}

}  // namespace
}  // namespace rvscope
