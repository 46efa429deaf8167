// Checks gdb's output against a scenario's .expect file: regex lines that must appear in
// order, `!regex` lines that must not appear anywhere, `#` comments.
#pragma once

#include <iostream>
#include <regex>
#include <string>
#include <vector>

namespace gdbtest {

// Prints what failed to stderr; true when every expectation holds.
inline bool check_output(const std::vector<std::string>& output,
                         const std::vector<std::string>& expect) {
  std::size_t next = 0;
  bool ok = true;
  for (const std::string& raw : expect) {
    if (raw.empty() || raw[0] == '#') continue;
    const bool negative = raw[0] == '!';
    const std::regex pattern(negative ? raw.substr(1) : raw);
    if (negative) {
      for (const auto& line : output) {
        if (std::regex_search(line, pattern)) {
          std::cerr << "FAIL: unexpected line matching '" << raw.substr(1) << "': " << line << "\n";
          ok = false;
        }
      }
      continue;
    }
    std::size_t i = next;
    while (i < output.size() && !std::regex_search(output[i], pattern)) ++i;
    if (i == output.size()) {
      std::cerr << "FAIL: no line matching '" << raw << "' after output line " << next << "\n";
      ok = false;
    } else {
      next = i + 1;
    }
  }
  return ok;
}

}  // namespace gdbtest
