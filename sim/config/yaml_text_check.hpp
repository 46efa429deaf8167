// Checks on YAML text that yaml-cpp lets through or explains poorly: an unterminated quote, a
// second document after '---', a tab in the indentation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rvscope {

struct YamlTextProblem {
  int line = 0;    // 1-based
  int column = 0;  // 1-based
  std::string message;
  bool syntax = true;  // a syntax error (the message reads "YAML syntax error: ...")
};

// The first problem in `yaml`, scanning it line by line as YAML's lexer would (quoted scalars
// may span lines, block scalars' contents are skipped), or nullopt.
std::optional<YamlTextProblem> check_yaml_text(std::string_view yaml);

}  // namespace rvscope
