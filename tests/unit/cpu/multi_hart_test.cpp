// Two harts on one bus, as the machine interleaves them: a store by one hart between another
// hart's LR and SC must make that SC fail, or an LR/SC read-modify-write loses the update;
// a lone hart's reservation does not depend on where its slices end.
#include "hart_fixture.hpp"

namespace rvscope::test {
namespace {

constexpr u32 kAmo = 0x2f;
constexpr u32 kA0 = 10, kA1 = 11, kA2 = 12;

class LrScTest : public HartTest {
 protected:
  // lr.d a0, (a1); sc.d a0, a2, (a1) on hart 0, run in `slices` slices (1: both in one, 2: a
  // slice ends between them); true when the SC stored.
  bool lr_sc_pair_stores(unsigned slices) {
    put(kCode, r_type(0x08, 0, kA1, 3, kA0, kAmo));
    put(kCode + 4, r_type(0x0c, kA2, kA1, 3, kA0, kAmo));
    bus_.write(kData, 8, 1);
    h().x[kA1] = kData;
    h().x[kA2] = 100;
    h().set_pc(kCode);
    for (unsigned i = 0; i < slices; ++i) h().run(2 / slices);
    u64 mem = 0;
    bus_.read(kData, 8, mem);
    return h().x[kA0] == 0 && mem == 100;
  }
};

class MultiHartTest : public LrScTest {
 protected:
  MultiHartTest() {
    other_ = std::make_unique<Hart>(1, bus_, *code_, nullptr);
    other_->debug_csr_write(csr::kMtvec, kTrapVector);
    h().set_shares_memory(true);
    other_->set_shares_memory(true);
  }
  std::unique_ptr<Hart> other_;
};

TEST_F(MultiHartTest, AnotherHartsStoreBetweenLrAndScFailsTheSc) {
  const u64 lr = kCode, sc = kCode + 4, st = kCode + 0x100;
  put(lr, r_type(0x08, 0, kA1, 3, kA0, kAmo));             // lr.d a0, (a1)
  put(sc, r_type(0x0c, kA2, kA1, 3, kA0, kAmo));           // sc.d a0, a2, (a1)
  put(st, (kA2 << 20) | (kA1 << 15) | (3u << 12) | 0x23);  // sd a2, 0(a1)
  bus_.write(kData, 8, 1);
  h().x[kA1] = other_->x[kA1] = kData;
  h().x[kA2] = 100;
  other_->x[kA2] = 7;

  h().set_pc(lr);
  h().run(1);  // hart 0: lr.d, its slice ends
  EXPECT_EQ(h().x[kA0], 1u);
  other_->set_pc(st);
  other_->run(1);  // hart 1: sd 7
  h().run(1);      // hart 0: sc.d must fail
  EXPECT_EQ(h().x[kA0], 1u) << "sc.d succeeded over another hart's store";
  u64 mem = 0;
  bus_.read(kData, 8, mem);
  EXPECT_EQ(mem, 7u);
}

TEST_F(MultiHartTest, LrScWithinOneSliceSucceeds) { EXPECT_TRUE(lr_sc_pair_stores(1)); }

// With no other hart, where a slice ends must not change what the guest sees: the
// reservation survives the end of a slice (and a machine of one hart never clears it there).
TEST_F(LrScTest, LoneHartKeepsItsReservationAcrossSlices) {
  EXPECT_TRUE(lr_sc_pair_stores(2)) << "sc.d failed after a slice boundary with no other hart";
}

}  // namespace
}  // namespace rvscope::test
