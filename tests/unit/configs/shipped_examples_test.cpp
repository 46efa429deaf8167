// The examples that configs/default.yaml's comments give are values the readers accept: each
// quoted trace window example parses (a stale example was rejected by the parser).
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "sim/trace/trace_window.hpp"

namespace rvscope {
namespace {

// Knows every name as a one-byte function at 0x1000.
class AnySymbol final : public trace::SymbolLookup {
 public:
  std::optional<trace::Symbol> find(u64) const override { return std::nullopt; }
  std::optional<trace::Symbol> lookup(std::string_view name) const override {
    return trace::Symbol{std::string(name), 0x1000, 1};
  }
};

// The quoted strings of the `windows:` line and its continuation comment lines.
std::vector<std::string> window_examples() {
  std::ifstream in(std::string(RVSCOPE_SOURCE_DIR) + "/configs/default.yaml");
  std::vector<std::string> examples;
  bool inside = false;
  const std::regex quoted("\"([^\"]*)\"");
  for (std::string line; std::getline(in, line);) {
    const std::size_t hash = line.find('#');
    if (line.find("windows:") != std::string::npos) {
      inside = true;
    } else if (inside && line.find_first_not_of(' ') != hash) {
      break;  // the next key
    }
    if (!inside || hash == std::string::npos) continue;
    const std::string comment = line.substr(hash);
    for (auto it = std::sregex_iterator(comment.begin(), comment.end(), quoted);
         it != std::sregex_iterator(); ++it) {
      examples.push_back((*it)[1]);
    }
  }
  return examples;
}

TEST(ShippedExamples, EveryTraceWindowExampleInDefaultYamlParses) {
  const std::vector<std::string> examples = window_examples();
  ASSERT_GE(examples.size(), 4u) << "the windows: comment of configs/default.yaml moved";
  const AnySymbol symbols;
  for (const std::string& example : examples) {
    EXPECT_NO_THROW(trace::parse_trace_windows(example, &symbols)) << example;
  }
}

}  // namespace
}  // namespace rvscope
