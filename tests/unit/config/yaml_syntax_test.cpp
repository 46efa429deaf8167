// YAML that yaml-cpp accepts or explains poorly: each case is an error with file:line that
// says what is wrong (an unterminated quote, a second document, a tab in the indentation).
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/config/config_error.hpp"

namespace rvscope {
namespace {

using test::config_error;

TEST(YamlSyntax, AnUnterminatedQuoteIsAnError) {
  EXPECT_EQ(config_error("boot:\n  kernel: \"prog.elf\n"),
            "t.yaml:2:11: YAML syntax error: the quoted string opened here is never closed");
  EXPECT_EQ(config_error("boot:\n  kernel: 'prog.elf\nmachine:\n  harts: 2\n"),
            "t.yaml:2:11: YAML syntax error: the quoted string opened here is never closed");
  // A quote inside a plain or properly quoted scalar is text.
  EXPECT_EQ(config_error("boot:\n  bootargs: \"say \\\"hi\\\" 'there\"\n  kernel: it's.elf\n"), "");
}

TEST(YamlSyntax, ASecondDocumentIsAnError) {
  EXPECT_EQ(config_error("machine:\n  harts: 2\n---\nmachine:\n  harts: 4\n"),
            "t.yaml:3:1: a second YAML document ('---') is not supported: a config file holds "
            "one mapping of sections");
  // A leading marker opens the only document; a closing '...' ends it.
  EXPECT_EQ(config_error("---\nmachine:\n  harts: 2\n...\n"), "");
}

TEST(YamlSyntax, ATabInTheIndentationSaysSo) {
  EXPECT_EQ(config_error("machine:\n\tharts: 2\n"),
            "t.yaml:2:1: YAML syntax error: a tab in the indentation (YAML indents with spaces "
            "only)");
  EXPECT_EQ(config_error("machine:\n  \tharts: 2\n"),
            "t.yaml:2:3: YAML syntax error: a tab in the indentation (YAML indents with spaces "
            "only)");
  // Tabs after the indentation, in values and comments, are fine.
  EXPECT_EQ(config_error("machine:\n  harts:\t2\t# two\n"), "");
}

TEST(YamlSyntax, BlockScalarsCommentsAndShippedConfigsAreNotMisread) {
  EXPECT_EQ(
      config_error("boot:\n  bootargs: |\n    it's \"open\n    \tstill text\n  kernel: k.elf\n"),
      "");
  EXPECT_EQ(config_error("machine:\n  harts: 2  # it's \"quoted\n"), "");
  EXPECT_EQ(config_error("boot:\n  bootargs: \"a\n    b\"\n"), "");  // a quote spanning lines
  for (const char* name : {"default", "inorder", "u74", "sifive7-mca"}) {
    const std::string path = std::string(RVSCOPE_SOURCE_DIR) + "/configs/" + name + ".yaml";
    EXPECT_NO_THROW(ConfigTree::from_file(path)) << path;
  }
}

}  // namespace
}  // namespace rvscope
