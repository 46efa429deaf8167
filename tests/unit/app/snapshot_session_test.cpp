// --save-at / --restore in the app: the file carries the STRC section, and a missing or
// damaged one is an error naming the file and the section, in a run that does not trace too.
#include "sim/app/snapshot_session.hpp"

#include <gtest/gtest.h>

#include "sim/common/error.hpp"
#include "sim/machine/snapshot_file.hpp"
#include "sim/trace/strace_snapshot.hpp"
#include "tests/unit/machine/busy_guest.hpp"

namespace rvscope {
namespace {

class SnapshotSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string elf = test::build_bare_metal("session_busy", test::kBusyGuest);
    ASSERT_FALSE(elf.empty());
    config_ = test::busy_config(elf, test::temp("session_console"));
    path_ = test::temp("session.snap");
    Machine saving(config_);
    saving.load();
    Tracing none(saving, config_.trace);
    ASSERT_FALSE(run_to_snapshot(saving, {"insn:5000", path_}, nullptr, none));
    state_ = read_snapshot_file(path_, config_);
  }
  // The error restoring the file with `state`'s sections gives ("" if none).
  std::string error_of(const MachineState& state) {
    const std::string bad = test::temp("bad.snap");
    write_snapshot_file(bad, state, config_);
    try {
      Machine m(config_);
      m.load();
      restore_snapshot(m, bad);
    } catch (const SimError& e) {
      return e.what();
    }
    return "";
  }
  StateSection& strace_section() {
    for (StateSection& s : state_.sections) {
      if (s.tag == trace::kStraceSectionTag) return s;
    }
    throw std::logic_error("no STRC section");
  }
  MachineConfig config_;
  std::string path_;
  MachineState state_;
};

TEST_F(SnapshotSessionTest, ASavedFileCarriesTheStraceStateAndRestores) {
  ASSERT_GE(strace_section().data.size(), 4u);
  EXPECT_EQ(error_of(state_), "");
  Machine m(config_);
  m.load();
  const RestoredSnapshot restored = restore_snapshot(m, path_);
  EXPECT_EQ(restored.strace_state, strace_section().data);
  EXPECT_EQ(m.total_executed(), 5000u);
}

TEST_F(SnapshotSessionTest, AMissingOrTruncatedStraceSectionIsNamed) {
  MachineState without = state_;
  std::erase_if(without.sections, [](const auto& s) { return s.tag == trace::kStraceSectionTag; });
  EXPECT_NE(error_of(without).find("bad.snap"), std::string::npos);
  EXPECT_NE(error_of(without).find("has no STRC section"), std::string::npos) << error_of(without);
  const std::vector<u8> whole = strace_section().data;
  for (std::size_t size = 0; size < whole.size(); ++size) {
    strace_section().data.assign(whole.begin(), whole.begin() + static_cast<long>(size));
    const std::string error = error_of(state_);
    EXPECT_NE(error.find("bad.snap"), std::string::npos) << size << ": " << error;
    EXPECT_NE(error.find("section STRC: ends after"), std::string::npos) << size << ": " << error;
  }
}

}  // namespace
}  // namespace rvscope
