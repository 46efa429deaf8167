// Timing keys that cannot both mean what they say: each pair is an error naming the file (or
// --set) and both keys, through the YAML reader and through the ConfigTree.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "sim/common/error.hpp"
#include "sim/config/config_tree.hpp"
#include "sim/timing/timing_config.hpp"

namespace rvscope::timing {
namespace {

const std::string kConfigs = std::string(RVSCOPE_SOURCE_DIR) + "/configs/";

std::string yaml_error(const std::string& yaml) {
  try {
    parse_timing_config(YAML::Load(yaml)["timing"], "t.yaml");
  } catch (const SimError& e) {
    return e.what();
  }
  return "no error";
}

std::string tree_error(const std::string& file, const std::string& assignment) {
  ConfigTree tree = ConfigTree::from_file(file);
  if (!assignment.empty()) tree.set(assignment);
  try {
    read_timing_config(tree);
  } catch (const SimError& e) {
    return e.what();
  }
  return "no error";
}

TEST(TimingConsistency, GshareOverAProfileWithoutHistoryNamesBothKeys) {
  EXPECT_EQ(tree_error(kConfigs + "inorder.yaml", "timing.predictor.kind=gshare"),
            kConfigs +
                "inorder.yaml:51: timing.predictor.history_bits = 0 contradicts "
                "timing.predictor.kind = gshare (--set timing.predictor.kind=gshare): gshare "
                "without global history is bimodal; give history_bits from 1 to 9 (log2 of "
                "table_entries) or use kind bimodal");
  EXPECT_EQ(yaml_error("timing:\n  predictor: {kind: gshare, history_bits: 0}\n"),
            "t.yaml:2:43: timing.predictor.history_bits = 0 contradicts timing.predictor.kind = "
            "gshare (t.yaml:2:21): gshare without global history is bimodal; give history_bits "
            "from 1 to 10 (log2 of table_entries) or use kind bimodal");
}

TEST(TimingConsistency, HistoryLongerThanTheTableIndex) {
  const std::string e = yaml_error(
      "timing:\n  predictor:\n    kind: gshare\n    table_entries: 256\n    history_bits: 12\n");
  EXPECT_EQ(e,
            "t.yaml:5:19: timing.predictor.history_bits = 12 contradicts "
            "timing.predictor.table_entries = 256 (t.yaml:4:20): gshare indexes its table with "
            "the history, so only log2(table_entries) = 8 bits of it can count");
  // The default table (1024) against an explicit history: the default is named as such.
  EXPECT_NE(yaml_error("timing: {predictor: {kind: gshare, history_bits: 11}}\n")
                .find("timing.predictor.table_entries = 1024 (t.yaml (default))"),
            std::string::npos);
  EXPECT_EQ(yaml_error("timing: {predictor: {kind: gshare, history_bits: 10}}\n"), "no error");
  // Bimodal ignores the history: its length is not a contradiction.
  EXPECT_EQ(yaml_error("timing: {predictor: {kind: bimodal, history_bits: 20}}\n"), "no error");
}

TEST(TimingConsistency, UnitAndUnitOccupancy) {
  EXPECT_EQ(yaml_error("timing:\n  core:\n    classes:\n      mul: {unit_occupancy: 4}\n"),
            "t.yaml:4:29: timing.core.classes.mul.unit_occupancy = 4 contradicts "
            "timing.core.classes.mul.unit = none (t.yaml (default)): a class without a unit "
            "cannot hold one; name the unit (int_div or fp_div) or drop unit_occupancy");
  EXPECT_NE(yaml_error("timing:\n  core:\n    classes:\n      div: {unit_occupancy: 0}\n")
                .find("timing.core.classes.div.unit_occupancy = 0 contradicts "
                      "timing.core.classes.div.unit = int_div"),
            std::string::npos);
  EXPECT_NE(yaml_error("timing:\n  core:\n    classes:\n      fp_add: {unit: fp_div}\n")
                .find("timing.core.classes.fp_add.unit_occupancy = 0 contradicts"),
            std::string::npos);
  // Leaving the default unit also leaves its occupancy: no error, no hidden busy unit.
  const TimingConfig c = parse_timing_config(
      YAML::Load("timing:\n  core:\n    classes:\n      div: {unit: none}\n")["timing"], "t.yaml");
  EXPECT_EQ(c.core.classes[static_cast<std::size_t>(ExecClass::kDiv)].unit_occupancy, 0u);
}

TEST(TimingConsistency, IssueWidthBeyondThePipesAndRotationOverOnePipe) {
  EXPECT_EQ(tree_error(kConfigs + "inorder.yaml", "timing.core.issue_width=2"),
            "--set timing.core.issue_width=2: timing.core.issue_width = 2 contradicts "
            "timing.core.num_pipes = 1 (" +
                kConfigs +
                "inorder.yaml:11): every instruction takes a pipe, so at most num_pipes "
                "instructions issue per cycle");
  EXPECT_NE(yaml_error("timing: {core: {pipe_selection: round_robin}}\n")
                .find("timing.core.pipe_selection = round_robin contradicts "
                      "timing.core.num_pipes = 1 (t.yaml (default))"),
            std::string::npos);
}

TEST(TimingConsistency, LineSizesAndPrefetchIntoAnIdealCache) {
  EXPECT_EQ(yaml_error("timing:\n  memory:\n    l1d: {line: 128}\n"),
            "t.yaml:3:17: timing.memory.l1d.line = 128 contradicts timing.memory.l2.line = 64 "
            "(t.yaml (default)): an L1 line must not exceed the L2 line it fills from");
  EXPECT_EQ(tree_error(kConfigs + "u74.yaml", "timing.memory.l1d.enabled=false"), "no error");
  ConfigTree tree = ConfigTree::from_file(kConfigs + "u74.yaml");
  tree.set("timing.memory.l1d.enabled=false");
  tree.set("timing.memory.next_line_prefetch=true");
  try {
    read_timing_config(tree);
    ADD_FAILURE() << "no error";
  } catch (const SimError& err) {
    EXPECT_EQ(std::string(err.what()),
              "--set timing.memory.next_line_prefetch=true: timing.memory.next_line_prefetch = "
              "true contradicts timing.memory.l1d.enabled = false (--set "
              "timing.memory.l1d.enabled=false): the prefetch fills the L1D, which is ideal "
              "(disabled) here");
  }
}

TEST(TimingConsistency, ShippedProfilesAreConsistent) {
  for (const char* name : {"default", "inorder", "u74", "sifive7-mca"}) {
    EXPECT_EQ(tree_error(kConfigs + name + ".yaml", ""), "no error") << name;
  }
}

}  // namespace
}  // namespace rvscope::timing
