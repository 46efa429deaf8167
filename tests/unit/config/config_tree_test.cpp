// Tests for ConfigTree: getters, defaults, overrides, and every error with its exact message.
#include "sim/config/config_tree.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace rvscope {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The message of the SimError `fn` throws, or "" when it throws nothing.
template <typename Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const SimError& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigTree, EmptyTreeGivesDefaults) {
  ConfigTree tree;
  EXPECT_EQ(tree.get<u64>("machine.harts", 1, Range{1, 8}), 1u);
  EXPECT_EQ(tree.get<bool>("trace.strace", true), true);
  EXPECT_EQ(tree.get<std::string>("boot.kernel", "k"), "k");
  EXPECT_EQ(tree.get<double>("timing.x", 0.5), 0.5);
  EXPECT_EQ(tree.get_size("machine.ram_size", 4096), 4096u);
  EXPECT_TRUE(tree.get<std::vector<std::string>>("trace.windows", {}).empty());
  EXPECT_EQ(tree.get_enum("boot.mode", "firmware", {"firmware", "direct"}), "firmware");
  EXPECT_NO_THROW(tree.check_unused());
  EXPECT_EQ(tree.where("machine.harts"), "default");
}

TEST(ConfigTree, ReadsEveryType) {
  auto tree = ConfigTree::from_string(R"(
machine:
  harts: 4
  ram_size: 256MiB
  core_hz: 1.5GHz
  real_time: yes
  ratio: 0.25
boot:
  mode: direct
  bootargs: "console=ttyS0 earlycon"
  kernel_addr: 0x80400000
trace:
  windows: [syscall:clone3, "pc:0x1000-0x2000"]
  symbols:
    - a.elf
    - b.elf
  strace_filter: openat
)",
                                      "m.yaml");
  EXPECT_EQ(tree.get<unsigned>("machine.harts", 1, Range{1, 8}), 4u);
  EXPECT_EQ(tree.get_size("machine.ram_size", 0), 256u << 20);
  EXPECT_EQ(tree.get_frequency("machine.core_hz", 0), 1500000000u);
  EXPECT_TRUE(tree.get<bool>("machine.real_time", false));
  EXPECT_DOUBLE_EQ(tree.get_real("machine.ratio", 0, RealRange{0, 1}), 0.25);
  EXPECT_EQ(tree.get_enum("boot.mode", "firmware", {"firmware", "direct"}), "direct");
  EXPECT_EQ(tree.get<std::string>("boot.bootargs", ""), "console=ttyS0 earlycon");
  EXPECT_EQ(tree.get<u64>("boot.kernel_addr", 0), 0x80400000u);
  EXPECT_THAT(tree.get<std::vector<std::string>>("trace.windows", {}),
              ElementsAre("syscall:clone3", "pc:0x1000-0x2000"));
  EXPECT_THAT(tree.get<std::vector<std::string>>("trace.symbols", {}),
              ElementsAre("a.elf", "b.elf"));
  EXPECT_THAT(tree.get<std::vector<std::string>>("trace.strace_filter", {}), ElementsAre("openat"));
  EXPECT_NO_THROW(tree.check_unused());
  EXPECT_EQ(tree.where("machine.harts"), "m.yaml:3");
  EXPECT_EQ(tree.effective().at("machine.ram_size"), "256MiB");
  EXPECT_EQ(tree.effective().at("machine.core_hz"), "1500MHz");
}

TEST(ConfigTree, TypedEnum) {
  enum class Mode { kA, kB };
  auto tree = ConfigTree::from_string("x:\n  mode: b\n");
  EXPECT_EQ(tree.get_enum("x.mode", Mode::kA, {{"a", Mode::kA}, {"b", Mode::kB}}), Mode::kB);
  EXPECT_EQ(tree.get_enum("x.other", Mode::kB, {{"a", Mode::kA}, {"b", Mode::kB}}), Mode::kB);
  EXPECT_EQ(tree.effective().at("x.other"), "b");
}

TEST(ConfigTree, NullAndDottedKeys) {
  auto tree = ConfigTree::from_string("machine.harts: 2\nboot:\n  kernel:\ntrace:\n");
  EXPECT_EQ(tree.get<u64>("machine.harts", 1), 2u);
  EXPECT_EQ(tree.get<std::string>("boot.kernel", "dflt"), "dflt");
  EXPECT_FALSE(tree.contains("boot.kernel"));
  EXPECT_EQ(tree.get<bool>("trace.strace", false), false);
  EXPECT_NO_THROW(tree.check_unused());  // "trace:" is an empty section, not an unknown key
}

TEST(ConfigTree, TypeErrorsNameFileLineKeyAndValue) {
  auto tree = ConfigTree::from_string(
      "machine:\n  harts: nine\n  ram_size: 128MB\n  big: 3GiB\n  real_time: maybe\n"
      "  ratio: 2.5\nboot:\n  mode: bios\n  args: [1, 2]\n  deep: [[1]]\n  base: 0x1000\n"
      "gdb:\n  port: 70000\n",
      "cfg.yaml");
  EXPECT_EQ(error_of([&] {
              tree.get<u64>("machine.harts", 1, Range{1, 8});
            }),
            "cfg.yaml:2: machine.harts: expected an integer from 1 to 8, got 'nine'");
  EXPECT_EQ(error_of([&] { tree.get_size("machine.ram_size", 0); }),
            "cfg.yaml:3: machine.ram_size: expected a size (bytes, or a number with KiB, MiB, "
            "GiB or TiB) (KB, MB, GB are ambiguous: write KiB, MiB, GiB for powers of 1024), "
            "got '128MB'");
  EXPECT_EQ(error_of([&] {
              tree.get_size("machine.big", 0, Range{1 << 20, u64{2} << 30});
            }),
            "cfg.yaml:4: machine.big: expected a size (bytes, or a number with KiB, MiB, GiB or "
            "TiB) from 1MiB to 2GiB, got '3GiB'");
  EXPECT_EQ(error_of([&] { tree.get<bool>("machine.real_time", false); }),
            "cfg.yaml:5: machine.real_time: expected true or false, got 'maybe'");
  EXPECT_EQ(error_of([&] {
              tree.get_real("machine.ratio", 0, RealRange{0, 1});
            }),
            "cfg.yaml:6: machine.ratio: expected a number from 0 to 1, got '2.5'");
  EXPECT_EQ(error_of([&] {
              tree.get_enum("boot.mode", "firmware", {"firmware", "direct"});
            }),
            "cfg.yaml:8: boot.mode: expected one of firmware, direct, got 'bios'");
  EXPECT_EQ(error_of([&] { tree.get<std::string>("boot.args", ""); }),
            "cfg.yaml:9: boot.args: expected a string, got a list");
  EXPECT_EQ(error_of([&] { tree.get<std::vector<std::string>>("boot.deep", {}); }),
            "cfg.yaml:10: boot.deep: expected a list of strings, got a list holding a list or "
            "mapping");
  EXPECT_EQ(error_of([&] {
              tree.get_uint("boot.base", 0, Range{0x80000000, 0x80000000});
            }),
            "cfg.yaml:11: boot.base: expected 0x80000000 (the only value supported), got "
            "'0x1000'");
  EXPECT_EQ(error_of([&] { tree.get<u16>("gdb.port", 0); }),
            "cfg.yaml:13: gdb.port: expected an integer from 0 to 65535, got '70000'");
  EXPECT_EQ(error_of([&] { tree.get<u64>("machine", 0); }),
            "cfg.yaml:1: machine: expected an integer, got a section (a mapping of keys)");
}

TEST(ConfigTree, ScalarWhereSectionExpected) {
  auto tree = ConfigTree::from_string("machine: 5\n", "c.yaml");
  EXPECT_EQ(error_of([&] { tree.get<u64>("machine.harts", 1); }),
            "c.yaml:1: machine: expected a section holding 'harts', got a value");
}

TEST(ConfigTree, SyntaxErrorNamesFileAndLine) {
  const std::string message =
      error_of([] { ConfigTree::from_string("machine:\n  harts: [1, 2\n", "bad.yaml"); });
  EXPECT_THAT(message, HasSubstr("bad.yaml:"));
  EXPECT_THAT(message, HasSubstr("YAML syntax error"));
  EXPECT_EQ(
      error_of([] { ConfigTree::from_string("machine:\n\tharts: 1\n", "tab.yaml"); }).substr(0, 11),
      "tab.yaml:2:");
}

TEST(ConfigTree, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "a: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  EXPECT_THAT(error_of([&] { ConfigTree::from_string(deep, "deep.yaml"); }),
              ::testing::MatchesRegex("deep.yaml:1:[0-9]+: YAML syntax error: nested more than "
                                      "[0-9]+ levels deep"));
}

TEST(ConfigTree, StructuralErrors) {
  EXPECT_EQ(error_of([] { ConfigTree::from_string("- a\n- b\n", "l.yaml"); }),
            "l.yaml:1: expected a mapping of sections (such as 'machine:') at the top level");
  EXPECT_EQ(
      error_of([] { ConfigTree::from_string("machine:\n  harts: 1\n  harts: 2\n", "d.yaml"); }),
      "d.yaml:3:3: duplicate key 'machine.harts'");
  EXPECT_EQ(error_of([] {
              ConfigTree::from_string("machine.harts: 1\nmachine:\n  harts: 2\n", "d.yaml");
            }),
            "d.yaml:3:3: key 'machine.harts' is given twice (as a value and as a section, or twice "
            "as a value)");
  EXPECT_EQ(error_of([] { ConfigTree::from_string("? [a]\n: 1\n", "k.yaml"); }),
            "k.yaml:1:3: a key must be a plain name");
}

TEST(ConfigTree, UnknownKeysWithSuggestions) {
  auto tree = ConfigTree::from_string(
      "machine:\n  hartz: 2\n  ram_size: 1GiB\n  kernel: x\nboot:\n  mode: direct\nzzz: 1\n",
      "u.yaml");
  tree.get<u64>("machine.harts", 1);
  tree.get_size("machine.ram_size", 0);
  tree.get<std::string>("boot.kernel", "");
  tree.get<std::string>("boot.mode", "");
  EXPECT_THAT(tree.unused_keys(),
              ElementsAre("u.yaml:2:3: unknown key 'machine.hartz' (did you mean 'machine.harts'?)",
                          "u.yaml:4:3: unknown key 'machine.kernel' (did you mean 'boot.kernel'?)",
                          "u.yaml:7:1: unknown key 'zzz'"));
  EXPECT_EQ(error_of([&] { tree.check_unused(); }),
            "u.yaml:2:3: unknown key 'machine.hartz' (did you mean 'machine.harts'?)\n"
            "u.yaml:4:3: unknown key 'machine.kernel' (did you mean 'boot.kernel'?)\n"
            "u.yaml:7:1: unknown key 'zzz'");
}

// Keys of 12 or more characters are suggested up to 3 edits away, shorter ones up to 2: an edit
// more and nothing is suggested, whether the edits insert, delete or replace.
TEST(ConfigTree, SuggestionsStopAtTheEditLimit) {
  auto tree = ConfigTree::from_string(
      "machine:\n  xharts: 1\n  hrts: 1\n  ram_sizzzz: 1\n  rm_sz: 1\n  ramsizeabc: 1\n"
      "  r_s: 1\nboot.kernel_addr_xyz: 1\nboot.krnl_ad: 1\n",
      "s.yaml");
  tree.get<u64>("machine.harts", 1);
  tree.get_size("machine.ram_size", 0);
  tree.get<u64>("boot.kernel_addr", 0);
  EXPECT_THAT(
      tree.unused_keys(),
      ElementsAre("s.yaml:2:3: unknown key 'machine.xharts' (did you mean 'machine.harts'?)",
                  "s.yaml:3:3: unknown key 'machine.hrts' (did you mean 'machine.harts'?)",
                  "s.yaml:4:3: unknown key 'machine.ram_sizzzz' (did you mean "
                  "'machine.ram_size'?)",
                  "s.yaml:5:3: unknown key 'machine.rm_sz' (did you mean "
                  "'machine.ram_size'?)",
                  "s.yaml:6:3: unknown key 'machine.ramsizeabc'",
                  "s.yaml:7:3: unknown key 'machine.r_s'",
                  "s.yaml:8:1: unknown key 'boot.kernel_addr_xyz'",
                  "s.yaml:9:1: unknown key 'boot.krnl_ad'"));
}

// A hostile file of many long unknown keys: a bounded message, and long keys are not compared
// in full against every known key (the distance can only exceed the limit).
TEST(ConfigTree, ManyLongUnknownKeysGiveABoundedMessage) {
  std::string text = "machine:\n  harts: 1\n";
  for (int i = 0; i < 100; ++i) text += fmt::format("k{}{}: 1\n", i, std::string(1000, 'x'));
  text += "machine.hartz: 2\n";
  auto tree = ConfigTree::from_string(text, "many.yaml");
  tree.get<u64>("machine.harts", 1);
  const std::vector<std::string> messages = tree.unused_keys();
  ASSERT_EQ(messages.size(), 21u);
  EXPECT_EQ(messages[0].substr(0, 31), "many.yaml:3:1: unknown key 'k0x");
  EXPECT_EQ(messages[20], "... and 81 more unknown keys");
  ConfigTree typo = ConfigTree::from_string("machine:\n  hartz: 2\n", "t.yaml");
  typo.get<u64>("machine.harts", 1);
  EXPECT_THAT(typo.unused_keys(), ElementsAre("t.yaml:2:3: unknown key 'machine.hartz' (did you "
                                              "mean 'machine.harts'?)"));
}

TEST(ConfigTree, SkippedSectionIsNotReported) {
  auto tree = ConfigTree::from_string("timing:\n  enabled: false\n  l1:\n    size: 32KiB\n");
  EXPECT_FALSE(tree.get<bool>("timing.enabled", false));
  tree.skip_section("timing");
  EXPECT_NO_THROW(tree.check_unused());
}

TEST(ConfigTree, OverridesReplaceFileValues) {
  auto tree = ConfigTree::from_string("machine:\n  harts: 2\n", "o.yaml");
  tree.set("machine.harts=4");
  tree.set("machine.ram_size=2 GiB");
  tree.set("trace.windows=[syscall:openat, sym:main]");
  tree.set("boot.bootargs=console=ttyS0 a: b");
  tree.set("boot.kernel=");
  tree.set("trace.strace=true");
  EXPECT_EQ(tree.get<u64>("machine.harts", 1), 4u);
  EXPECT_EQ(tree.get_size("machine.ram_size", 0), u64{2} << 30);
  EXPECT_THAT(tree.get<std::vector<std::string>>("trace.windows", {}),
              ElementsAre("syscall:openat", "sym:main"));
  EXPECT_EQ(tree.get<std::string>("boot.bootargs", ""), "console=ttyS0 a: b");
  EXPECT_EQ(tree.get<std::string>("boot.kernel", "dflt"), "dflt");
  EXPECT_TRUE(tree.get<bool>("trace.strace", false));
  EXPECT_EQ(tree.where("machine.harts"), "--set machine.harts=4");
  EXPECT_NO_THROW(tree.check_unused());
}

TEST(ConfigTree, OverrideErrors) {
  ConfigTree tree;
  tree.set("machine.harts=nine");
  EXPECT_EQ(error_of([&] {
              tree.get<u64>("machine.harts", 1, Range{1, 8});
            }),
            "--set machine.harts=nine: machine.harts: expected an integer from 1 to 8, got 'nine'");
  tree.set("machine.hartz=2");
  EXPECT_THAT(tree.unused_keys(),
              ElementsAre("--set machine.hartz=2: unknown key 'machine.hartz' (did you mean "
                          "'machine.harts'?)"));
  EXPECT_EQ(error_of([&] { tree.set("machine.harts"); }),
            "--set machine.harts: expected key.path=value");
  EXPECT_EQ(error_of([&] { tree.set("=3"); }), "--set =3: expected key.path=value");
  EXPECT_EQ(error_of([&] { tree.set("a..b=3"); }),
            "--set a..b=3: 'a..b' is not a key path such as machine.harts");
  auto file = ConfigTree::from_string("machine:\n  harts: 1\n");
  EXPECT_EQ(error_of([&] { file.set("machine=3"); }),
            "--set machine=3: 'machine' is a section; set one of its keys instead");
  EXPECT_EQ(error_of([&] { file.set("machine.harts.x=3"); }),
            "--set machine.harts.x=3: 'machine.harts' holds a value, not a section");
}

TEST(ConfigTree, FailAtNamesTheValuesOrigin) {
  auto tree = ConfigTree::from_string("\nboot:\n  kernel_addr: 0x1000\n", "f.yaml");
  tree.get<u64>("boot.kernel_addr", 0);
  EXPECT_EQ(error_of([&] { tree.fail_at("boot.kernel_addr", "outside RAM"); }),
            "f.yaml:3: boot.kernel_addr: outside RAM");
}

TEST(ConfigTree, FromFile) {
  const auto path = std::filesystem::path(::testing::TempDir()) / "rvscope_config_test.yaml";
  {
    std::ofstream out(path);
    out << "machine:\n  harts: 3\n";
  }
  auto tree = ConfigTree::from_file(path.string());
  EXPECT_EQ(tree.get<u64>("machine.harts", 1), 3u);
  EXPECT_EQ(tree.where("machine.harts"), path.string() + ":2");
  std::filesystem::remove(path);
  EXPECT_EQ(error_of([&] { ConfigTree::from_file(path.string()); }),
            "cannot read config file '" + path.string() + "': No such file or directory");
}

TEST(ConfigTree, FromFileRefusesWhatIsNotARegularFile) {
  // /dev/zero never ends: reading it as a config would run until memory does.
  EXPECT_EQ(error_of([] { ConfigTree::from_file("/dev/zero"); }),
            "cannot read config file '/dev/zero': not a regular file");
}

}  // namespace
}  // namespace rvscope
