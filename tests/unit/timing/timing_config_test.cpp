// The timing config reader: defaults, the shipped profiles, and errors that name file:line:key.
#include "sim/timing/timing_config.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "sim/common/error.hpp"
#include "sim/config/config_tree.hpp"
#include "sim/timing/fast_forward.hpp"

namespace rvscope::timing {
namespace {

TimingConfig parse(const std::string& yaml) {
  const YAML::Node root = YAML::Load(yaml);
  return parse_timing_config(root["timing"], "test.yaml");
}

std::string error_of(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const SimError& e) {
    return e.what();
  }
  return "no error";
}

TEST(TimingConfig, MissingSectionGivesTheDocumentedDefaults) {
  const TimingConfig c = parse("machine: {harts: 1}\n");
  const TimingConfig d;
  EXPECT_FALSE(c.enabled);
  EXPECT_EQ(c.core.issue_width, 1u);
  EXPECT_EQ(c.memory.l1d.size, d.memory.l1d.size);
  EXPECT_EQ(c.core.classes[static_cast<std::size_t>(ExecClass::kLoad)].latency, 2u);
  EXPECT_EQ(c.predictor.kind, PredictorKind::kBimodal);
}

TEST(TimingConfig, ReadsNestedKeysWithUnits) {
  const TimingConfig c = parse(
      "timing:\n"
      "  enabled: true\n"
      "  core:\n"
      "    issue_width: 2\n"
      "    num_pipes: 2\n"
      "    classes:\n"
      "      mul: {latency: 5, pipes: [1], occupancy: 2}\n"
      "  predictor: {kind: gshare, history_bits: 6}\n"
      "  memory:\n"
      "    l2: {size: 1MiB, ways: 16, line: 64, latency: 12}\n"
      "    dtlb: {entries: 40, ways: 40}\n");
  EXPECT_TRUE(c.enabled);
  const ClassTiming& mul = c.core.classes[static_cast<std::size_t>(ExecClass::kMul)];
  EXPECT_EQ(mul.latency, 5u);
  EXPECT_EQ(mul.pipes, 0x2u);
  EXPECT_EQ(mul.occupancy, 2u);
  EXPECT_EQ(c.predictor.kind, PredictorKind::kGshare);
  EXPECT_EQ(c.memory.l2.size, 1024u * 1024);
  EXPECT_EQ(c.memory.dtlb.entries, 40u);
}

TEST(TimingConfig, ErrorsNameFileLineAndKey) {
  EXPECT_EQ(error_of("timing:\n  core:\n    issue_wdith: 2\n"),
            "test.yaml:3:5: unknown key timing.core.issue_wdith");
  EXPECT_EQ(error_of("timing:\n  core:\n    issue_width: 9\n"),
            "test.yaml:3:18: timing.core.issue_width = 9 is out of range [1, 8]");
  EXPECT_EQ(error_of("timing:\n  memory:\n    l1d: {ways: three}\n"),
            "test.yaml:3:17: timing.memory.l1d.ways: expected an unsigned integer, got 'three'");
  EXPECT_EQ(error_of("timing:\n  predictor: {kind: tage}\n"),
            "test.yaml:2:21: timing.predictor.kind = 'tage' is not one of: static, bimodal, "
            "gshare");
  EXPECT_EQ(error_of("timing:\n  core:\n    classes:\n      div: {pipes: [3]}\n"),
            "test.yaml:4:21: timing.core.classes.div.pipes: pipe 3 does not exist "
            "(timing.core.num_pipes = 1)");
  EXPECT_NE(error_of("timing:\n  memory:\n    l1d: {size: 48KiB}\n").find("power of two"),
            std::string::npos);
  EXPECT_NE(error_of("timing:\n  enabled: maybe\n").find("timing.enabled: expected true or false"),
            std::string::npos);
}

TEST(TimingConfig, SamplingKeysAndAPeriodTooShortNamingBothKeys) {
  const TimingConfig c = parse(
      "timing: {sampling: {period: 5000, window: 100, detailed_warmup: 50, "
      "functional_warming: 500, initial_warming: 7}}");
  EXPECT_EQ(c.sampling.period, 5000u);
  EXPECT_EQ(c.sampling.window, 100u);
  EXPECT_EQ(c.sampling.detailed_warmup, 50u);
  EXPECT_EQ(c.sampling.functional_warming, 500u);
  EXPECT_EQ(c.sampling.initial_warming, 7u);
  EXPECT_EQ(
      error_of("timing:\n  sampling:\n    period: 1000\n    window: 900\n"),
      "test.yaml:3:13: timing.sampling.period = 1000 contradicts timing.sampling.window = 900 "
      "(test.yaml:4:13): window + detailed_warmup (1000) + functional_warming (100000) must "
      "leave part of each period unobserved");
  EXPECT_NE(error_of("timing: {sampling: {window: 0}}").find("timing.sampling.window"),
            std::string::npos);
  EXPECT_NE(error_of("timing: {sampling: {perod: 10}}").find("timing.sampling.perod"),
            std::string::npos);
}

TEST(TimingConfig, PipeSelectionIsPerProfile) {
  EXPECT_EQ(parse("timing: {core: {}}\n").core.pipe_selection, PipeSelection::kLeastBusy);
  EXPECT_EQ(
      parse("timing: {core: {num_pipes: 2, pipe_selection: round_robin}}\n").core.pipe_selection,
      PipeSelection::kRoundRobin);
  EXPECT_EQ(error_of("timing:\n  core: {pipe_selection: random}\n"),
            "test.yaml:2:26: timing.core.pipe_selection = 'random' is not one of: least_busy, "
            "round_robin");
  const std::string configs = std::string(RVSCOPE_SOURCE_DIR) + "/configs/";
  EXPECT_EQ(load_timing_config(configs + "sifive7-mca.yaml").core.pipe_selection,
            PipeSelection::kRoundRobin);
  EXPECT_EQ(load_timing_config(configs + "u74.yaml").core.pipe_selection,
            PipeSelection::kLeastBusy);
}

TEST(TimingConfig, ShippedProfilesParse) {
  for (const char* name : {"inorder", "u74", "sifive7-mca", "default"}) {
    const std::string path = std::string(RVSCOPE_SOURCE_DIR) + "/configs/" + name + ".yaml";
    EXPECT_NO_THROW(load_timing_config(path)) << path;
  }
  const TimingConfig u74 =
      load_timing_config(std::string(RVSCOPE_SOURCE_DIR) + "/configs/u74.yaml");
  EXPECT_EQ(u74.core.issue_width, 2u);
  EXPECT_EQ(u74.memory.l2.size, 2u * 1024 * 1024);
}

TEST(TimingConfig, ReadsTheSameKeysThroughTheConfigTree) {
  ConfigTree tree = ConfigTree::from_file(std::string(RVSCOPE_SOURCE_DIR) + "/configs/u74.yaml");
  tree.set("timing.memory.l2.latency=33");
  tree.set("timing.core.classes.mul.pipes=[0, 1]");
  const TimingConfig c = read_timing_config(tree);
  const TimingConfig y = load_timing_config(std::string(RVSCOPE_SOURCE_DIR) + "/configs/u74.yaml");
  EXPECT_EQ(c.core.issue_width, y.core.issue_width);
  EXPECT_EQ(c.memory.l1d.size, y.memory.l1d.size);
  EXPECT_EQ(c.predictor.kind, y.predictor.kind);
  EXPECT_EQ(c.memory.l2.latency, 33u);
  EXPECT_EQ(c.core.classes[static_cast<std::size_t>(ExecClass::kMul)].pipes, 0x3u);
  EXPECT_EQ(c.core.classes[static_cast<std::size_t>(ExecClass::kDiv)].unit, Unit::kIntDiv);
  EXPECT_TRUE(tree.unused_keys().empty());  // the profile holds nothing the model ignores

  ConfigTree typo = ConfigTree::from_string("timing:\n  core:\n    issue_wdith: 2\n", "t.yaml");
  read_timing_config(typo);
  ASSERT_EQ(typo.unused_keys().size(), 1u);
  EXPECT_NE(typo.unused_keys()[0].find("timing.core.issue_wdith"), std::string::npos);

  ConfigTree bad = ConfigTree::from_string(
      "timing:\n  core: {num_pipes: 1, classes: {div: {pipes: [2]}}}\n", "t.yaml");
  try {
    read_timing_config(bad);
    ADD_FAILURE() << "no error";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("timing.core.classes.div.pipes"), std::string::npos)
        << e.what();
  }
}

TEST(TimingTrigger, ParsesTheThreeKinds) {
  EXPECT_EQ(parse_timing_trigger("insn:1000").insn, 1000u);
  const TimingTrigger s = parse_timing_trigger("syscall:clone3");
  EXPECT_EQ(s.kind, TimingTrigger::Kind::kSyscall);
  EXPECT_EQ(s.syscall, 435u);
  EXPECT_EQ(parse_timing_trigger("syscall:220").syscall, 220u);
  EXPECT_EQ(parse_timing_trigger("symbol:main").symbol, "main");
  EXPECT_THROW(parse_timing_trigger("insn:ten"), SimError);
  EXPECT_THROW(parse_timing_trigger("syscall:nosuchcall"), SimError);
  EXPECT_THROW(parse_timing_trigger("pc:0x1000"), SimError);
  EXPECT_THROW(parse_timing_trigger("clone3"), SimError);
  EXPECT_EQ(syscall_name(435), "clone3");
}

}  // namespace
}  // namespace rvscope::timing
