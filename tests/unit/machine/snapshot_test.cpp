// Snapshots: a machine restored from a snapshot runs on exactly as the machine it was taken
// from (registers, CSRs, RAM, clock, console, exit), and bad snapshot files are clear errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <string>

#include "sim/common/error.hpp"
#include "sim/machine/machine.hpp"
#include "sim/machine/snapshot_file.hpp"
#include "tests/unit/machine/busy_guest.hpp"

namespace rvscope {
namespace {

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    elf_ = test::build_bare_metal("snapshot_busy", test::kBusyGuest);
    ASSERT_FALSE(elf_.empty());
  }
  std::string elf_;
};

TEST_F(SnapshotTest, ARestoredRunEndsExactlyAsTheUninterruptedOne) {
  const std::string console_a = test::temp("console_a");
  Machine uninterrupted(test::busy_config(elf_, console_a));
  uninterrupted.load();
  const RunResult expected = uninterrupted.run();
  ASSERT_EQ(expected.reason, StopReason::kGuestExit);
  const std::string end_state = test::fingerprint(uninterrupted);
  const std::string full_console = test::slurp(console_a);
  ASSERT_EQ(full_console.size(), 25u);  // the guest's 25 timer interrupts

  for (const u64 at : {1ull, 997ull, 12345ull, 40000ull}) {
    SCOPED_TRACE(at);
    const std::string console_b = test::temp("console_b"), console_c = test::temp("console_c");
    MachineConfig config_b = test::busy_config(elf_, console_b);
    std::vector<u8> file;
    std::string console_before;
    {
      Machine saving(config_b);
      saving.load();
      ASSERT_FALSE(saving.run_for(at));
      file = encode_snapshot(saving.save_state(), config_identity(config_b));
      console_before = test::slurp(console_b);
      // Taking a snapshot does not disturb the run.
      const RunResult after_save = saving.run();
      EXPECT_EQ(after_save.exit_code, expected.exit_code);
      EXPECT_EQ(test::fingerprint(saving), end_state);
    }
    MachineConfig config_c = test::busy_config(elf_, console_c);
    Machine restored(config_c);
    restored.load();
    restored.restore_state(decode_snapshot(file, config_identity(config_c), "test.snap"));
    EXPECT_EQ(restored.total_executed(), at);
    const RunResult result = restored.run();
    EXPECT_EQ(result.reason, expected.reason);
    EXPECT_EQ(result.exit_code, expected.exit_code);
    EXPECT_EQ(test::fingerprint(restored), end_state);
    EXPECT_EQ(console_before + test::slurp(console_c), full_console);
  }
}

TEST_F(SnapshotTest, OneSnapshotRestoresAsOftenAsNeeded) {
  MachineConfig config = test::busy_config(elf_, test::temp("console_once"));
  std::vector<u8> file;
  {
    Machine saving(config);
    saving.load();
    ASSERT_FALSE(saving.run_for(5000));
    file = encode_snapshot(saving.save_state(), config_identity(config));
  }
  std::string ends[2];
  for (std::string& end : ends) {
    Machine m(config);
    m.load();
    m.restore_state(decode_snapshot(file, config_identity(config), "test.snap"));
    m.run();
    end = test::fingerprint(m);
  }
  EXPECT_EQ(ends[0], ends[1]);
  // Restoring into a machine that already ran elsewhere gives the same end as well.
  Machine reused(config);
  reused.load();
  ASSERT_FALSE(reused.run_for(30000));
  reused.restore_state(decode_snapshot(file, config_identity(config), "test.snap"));
  reused.run();
  EXPECT_EQ(test::fingerprint(reused), ends[0]);
}

class NoStateDevice final : public Device {
 public:
  std::string_view name() const override { return "stateful_gadget"; }
  bool read(u64, unsigned, u64& value) override {
    value = 0;
    return true;
  }
  bool write(u64, unsigned, u64) override { return true; }
};

TEST_F(SnapshotTest, ADeviceWithoutSnapshotSupportMakesTheSnapshotFailNamingIt) {
  Machine m(test::busy_config(elf_, test::temp("console_dev")));
  NoStateDevice gadget;
  m.bus().attach(0x3000000, 0x1000, &gadget);
  m.load();
  try {
    m.save_state();
    FAIL() << "the snapshot silently left out a device";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("stateful_gadget"), std::string::npos) << e.what();
  }
}

// ---- the file format ----

class SnapshotFileTest : public SnapshotTest {
 protected:
  void SetUp() override {
    SnapshotTest::SetUp();
    config_ = test::busy_config(elf_, test::temp("console_file"));
    Machine m(config_);
    m.load();
    ASSERT_FALSE(m.run_for(3000));
    file_ = encode_snapshot(m.save_state(), config_identity(config_));
  }
  // The error decoding `bytes` gives ("" if none).
  std::string error_of(const std::vector<u8>& bytes, const MachineConfig& config) {
    try {
      Machine m(config);
      m.load();
      m.restore_state(decode_snapshot(bytes, config_identity(config), "bad.snap"));
    } catch (const SimError& e) {
      return e.what();
    }
    return "";
  }
  // Offsets where a section header or a section's data begins, and the checksum's.
  std::vector<std::size_t> boundaries() const {
    std::vector<std::size_t> at = {0, 8, 12, 16};
    std::size_t pos = 16;
    while (pos + 12 <= file_.size() - 8) {
      u64 size = 0;
      std::memcpy(&size, file_.data() + pos + 4, 8);
      at.push_back(pos + 4);
      at.push_back(pos + 12);
      pos += 12 + size;
      at.push_back(pos);
    }
    at.push_back(file_.size() - 1);
    return at;
  }
  MachineConfig config_;
  std::vector<u8> file_;
};

TEST_F(SnapshotFileTest, TruncationAtEverySectionBoundaryIsNamed) {
  const auto cuts = boundaries();
  ASSERT_GE(cuts.size(), 15u);  // header, CONF, MACH, HART, DEVS, RAM, checksum
  for (const std::size_t cut : cuts) {
    SCOPED_TRACE(cut);
    const std::string error =
        error_of(std::vector<u8>(file_.begin(), file_.begin() + static_cast<long>(cut)), config_);
    EXPECT_NE(error.find("bad.snap"), std::string::npos) << error;
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;
  }
}

TEST_F(SnapshotFileTest, ACorruptedByteIsAChecksumError) {
  for (const std::size_t at : {std::size_t{30}, file_.size() / 2, file_.size() - 9}) {
    std::vector<u8> bad = file_;
    bad[at] ^= 0x40;
    const std::string error = error_of(bad, config_);
    EXPECT_NE(error.find("checksum mismatch"), std::string::npos) << at << ": " << error;
  }
  // A corrupted section size cannot be told from a cut: the message says both.
  std::vector<u8> bad = file_;
  bad[20] ^= 0x40;
  EXPECT_NE(error_of(bad, config_).find("truncated or corrupted"), std::string::npos);
}

TEST_F(SnapshotFileTest, AForeignFileOrAnotherVersionIsRefused) {
  const std::vector<u8> elf_bytes = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_NE(error_of(elf_bytes, config_).find("not an rvscope snapshot"), std::string::npos);
  std::vector<u8> newer = file_;
  newer[8] = 9;
  EXPECT_NE(error_of(newer, config_).find("format version 9"), std::string::npos);
  std::vector<u8> older = file_;
  older[8] = 1;  // before the STRC section
  EXPECT_NE(error_of(older, config_)
                .find("format version 1, this rvscope reads version 2 (an older rvscope wrote "
                      "it: save it again)"),
            std::string::npos)
      << error_of(older, config_);
}

TEST_F(SnapshotFileTest, AnotherMachineConfigIsAnErrorNamingTheKey) {
  MachineConfig bigger = config_;
  bigger.machine.ram_size = 8 * kMiB;
  const std::string error = error_of(file_, bigger);
  EXPECT_NE(error.find("machine.ram_size"), std::string::npos) << error;
  MachineConfig two = config_;
  two.machine.harts = 2;
  EXPECT_NE(error_of(file_, two).find("machine.harts was 1, now 2"), std::string::npos);
}

TEST_F(SnapshotFileTest, InconsistentSectionsAreErrorsNotCrashes) {
  // Well-formed files (valid checksum) whose sections lie: every section cut short by one
  // byte, or grown by one, is refused with an error naming the section.
  const MachineState good = decode_snapshot(file_, config_identity(config_), "bad.snap");
  for (std::size_t s = 0; s < good.sections.size(); ++s) {
    for (const int delta : {-1, +1}) {
      MachineState bad = good;
      auto& data = bad.sections[s].data;
      if (delta < 0) {
        data.pop_back();
      } else {
        data.push_back(0);
      }
      const std::string error = error_of(encode_snapshot(bad, config_identity(config_)), config_);
      EXPECT_NE(error.find(good.sections[s].tag.substr(0, 3)), std::string::npos)
          << good.sections[s].tag << " " << delta << ": " << error;
    }
  }
}

TEST_F(SnapshotFileTest, FilesAreWrittenAndReadBack) {
  const std::string path = test::temp("state.snap");
  Machine m(config_);
  m.load();
  ASSERT_FALSE(m.run_for(3000));
  write_snapshot_file(path, m.save_state(), config_);
  Machine restored(config_);
  restored.load();
  restored.restore_state(read_snapshot_file(path, config_));
  EXPECT_EQ(test::fingerprint(restored), test::fingerprint(m));
  try {
    read_snapshot_file(::testing::TempDir(), config_);
    FAIL() << "a directory was read as a snapshot";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rvscope
