// A line-by-line scan of YAML text for what yaml-cpp accepts silently or reports as something
// else: it tracks quoted scalars across lines, comments and block scalars, nothing more.
#include "sim/config/yaml_text_check.hpp"

#include <vector>

namespace rvscope {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// A document marker ("---" or "...") alone or followed by a blank at the start of a line.
bool is_marker(std::string_view line, std::string_view marker) {
  return line.starts_with(marker) && (line.size() == 3 || is_blank(line[3]));
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

}  // namespace

std::optional<YamlTextProblem> check_yaml_text(std::string_view yaml) {
  const std::vector<std::string_view> lines = split_lines(yaml);
  char quote = 0;  // the open quoted scalar's quote character, 0 outside one
  int quote_line = 0, quote_column = 0;
  bool content_seen = false;  // a node of the first document has begun
  bool document_ended = false;
  constexpr std::size_t kNoBlock = std::string_view::npos;
  std::size_t block_indent = kNoBlock;  // inside a block scalar (| or >) begun at this indent
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string_view line = lines[n];
    const int line_no = static_cast<int>(n) + 1;
    std::size_t indent = 0;
    while (indent < line.size() && is_blank(line[indent])) ++indent;
    const bool blank = indent == line.size();
    if (block_indent != kNoBlock) {
      std::size_t spaces = 0;
      while (spaces < line.size() && line[spaces] == ' ') ++spaces;
      if (blank || spaces > block_indent) continue;
      block_indent = kNoBlock;
    }
    std::size_t i = 0;
    if (quote == 0) {
      if (blank || line[indent] == '#') continue;
      if (is_marker(line, "---") || is_marker(line, "...")) {
        if (line[0] == '-' && (content_seen || document_ended)) {
          return YamlTextProblem{line_no, 1,
                                 "a second YAML document ('---') is not supported: a config "
                                 "file holds one mapping of sections",
                                 false};
        }
        if (line[0] == '.') document_ended = true;
        i = 3;
      } else {
        const std::size_t tab = line.substr(0, indent).find('\t');
        if (tab != std::string_view::npos) {
          return YamlTextProblem{line_no, static_cast<int>(tab) + 1,
                                 "a tab in the indentation (YAML indents with spaces only)"};
        }
        if (document_ended) {
          return YamlTextProblem{line_no, static_cast<int>(indent) + 1,
                                 "a second YAML document (after '...') is not supported: a "
                                 "config file holds one mapping of sections",
                                 false};
        }
        i = indent;
      }
    }
    std::size_t last_content = std::string_view::npos;  // outside quotes and comments
    for (; i < line.size(); ++i) {
      const char c = line[i];
      if (quote == '"') {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          quote = 0;
        }
        continue;
      }
      if (quote == '\'') {
        if (c == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;
        } else if (c == '\'') {
          quote = 0;
        }
        continue;
      }
      if (c == '#' && (i == 0 || is_blank(line[i - 1]))) break;
      if (is_blank(c)) continue;
      content_seen = true;
      // A quote opens a scalar only where a token begins.
      if ((c == '"' || c == '\'') &&
          (i == 0 || is_blank(line[i - 1]) ||
           std::string_view("[{,:-?").find(line[i - 1]) != std::string_view::npos)) {
        quote = c;
        quote_line = line_no;
        quote_column = static_cast<int>(i) + 1;
        continue;
      }
      last_content = i;
    }
    // "key: |", "key: >-", "- |2": the lines below that are indented further are text.
    if (quote == 0 && last_content != std::string_view::npos) {
      std::size_t k = last_content;
      while (k > 0 && (line[k] == '+' || line[k] == '-' || (line[k] >= '1' && line[k] <= '9'))) {
        --k;
      }
      if ((line[k] == '|' || line[k] == '>') && (k == 0 || is_blank(line[k - 1]))) {
        block_indent = indent;
      }
    }
  }
  if (quote != 0) {
    return YamlTextProblem{quote_line, quote_column,
                           "the quoted string opened here is never closed"};
  }
  return std::nullopt;
}

}  // namespace rvscope
