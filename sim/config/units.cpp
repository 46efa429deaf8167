// Parsing and printing of config numbers: integers, byte sizes and frequencies with units.
#include "sim/config/units.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <utility>

namespace rvscope {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

// Digits in `base` with '_' separators between digits (not leading, trailing or doubled).
std::optional<u64> parse_digits(std::string_view s, unsigned base) {
  if (s.empty() || s.front() == '_' || s.back() == '_') return std::nullopt;
  u128 value = 0;
  char prev = 0;
  for (char c : s) {
    if (c == '_') {
      if (prev == '_') return std::nullopt;
      prev = c;
      continue;
    }
    const int d = digit_value(c);
    if (d >= static_cast<int>(base)) return std::nullopt;
    value = value * base + static_cast<unsigned>(d);
    if (value > ~u64{0}) return std::nullopt;
    prev = c;
  }
  return static_cast<u64>(value);
}

// A number with an optional decimal fraction, times `multiplier`, when the product is whole.
std::optional<u64> parse_scaled(std::string_view num, u64 multiplier) {
  if (num.size() > 2 && num[0] == '0' &&
      (num[1] == 'x' || num[1] == 'X' || num[1] == 'b' || num[1] == 'B')) {
    const auto v = parse_uint(num);
    if (!v) return std::nullopt;
    const u128 product = static_cast<u128>(*v) * multiplier;
    if (product > ~u64{0}) return std::nullopt;
    return static_cast<u64>(product);
  }
  const auto dot = num.find('.');
  const std::string_view whole = num.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? "" : num.substr(dot + 1);
  if (dot != std::string_view::npos && frac.empty()) return std::nullopt;
  // Enough fraction digits for any exact product with our multipliers; more is not a size.
  if (frac.size() > 18) return std::nullopt;
  const auto w = parse_digits(whole, 10);
  if (!w) return std::nullopt;
  u128 result = static_cast<u128>(*w) * multiplier;
  if (!frac.empty()) {
    const auto f = parse_digits(frac, 10);
    if (!f || frac.find('_') != std::string_view::npos) return std::nullopt;
    u128 scale = 1;
    for (std::size_t i = 0; i < frac.size(); ++i) scale *= 10;
    const u128 scaled = static_cast<u128>(*f) * multiplier;
    if (scaled % scale != 0) return std::nullopt;
    result += scaled / scale;
  }
  if (result > ~u64{0}) return std::nullopt;
  return static_cast<u64>(result);
}

struct Unit {
  std::string_view name;
  u64 multiplier;
};

// Splits "1.5 GiB" into number and unit, then looks the unit up (case-insensitive).
template <std::size_t N>
std::optional<u64> parse_with_units(std::string_view text, const std::array<Unit, N>& units) {
  text = trim(text);
  std::size_t split = text.size();
  // Hex numbers contain letters, so they take no unit.
  const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  if (!hex) {
    while (split > 0 && std::isalpha(static_cast<unsigned char>(text[split - 1]))) --split;
  }
  const std::string_view unit = text.substr(split);
  const std::string_view num = trim(text.substr(0, split));
  for (const Unit& u : units) {
    if (iequals(unit, u.name)) return parse_scaled(num, u.multiplier);
  }
  return std::nullopt;
}

constexpr u64 kKi = 1024;
constexpr std::array<Unit, 10> kSizeUnits{{{"", 1},
                                           {"B", 1},
                                           {"K", kKi},
                                           {"KiB", kKi},
                                           {"M", kKi* kKi},
                                           {"MiB", kKi* kKi},
                                           {"G", kKi* kKi* kKi},
                                           {"GiB", kKi* kKi* kKi},
                                           {"T", kKi* kKi* kKi* kKi},
                                           {"TiB", kKi* kKi* kKi* kKi}}};
constexpr std::array<Unit, 5> kFrequencyUnits{
    {{"", 1}, {"Hz", 1}, {"kHz", 1000}, {"MHz", 1000000}, {"GHz", 1000000000}}};

}  // namespace

std::optional<u64> parse_uint(std::string_view text) {
  text = trim(text);
  if (text.size() > 2 && text[0] == '0') {
    if (text[1] == 'x' || text[1] == 'X') return parse_digits(text.substr(2), 16);
    if (text[1] == 'b' || text[1] == 'B') return parse_digits(text.substr(2), 2);
  }
  return parse_digits(text, 10);
}

std::optional<u64> parse_size(std::string_view text) { return parse_with_units(text, kSizeUnits); }

std::optional<u64> parse_frequency(std::string_view text) {
  return parse_with_units(text, kFrequencyUnits);
}

bool has_ambiguous_size_unit(std::string_view text) {
  text = trim(text);
  if (text.size() < 3) return false;
  const std::string_view unit = text.substr(text.size() - 2);
  if (!std::isdigit(static_cast<unsigned char>(text[text.size() - 3])) &&
      text[text.size() - 3] != ' ') {
    return false;
  }
  return iequals(unit, "KB") || iequals(unit, "MB") || iequals(unit, "GB") || iequals(unit, "TB");
}

std::string format_size(u64 bytes) {
  static constexpr std::array<std::pair<const char*, u64>, 4> kUnits{
      {{"TiB", kKi * kKi * kKi * kKi}, {"GiB", kKi * kKi * kKi}, {"MiB", kKi * kKi}, {"KiB", kKi}}};
  if (bytes != 0) {
    for (const auto& [name, mult] : kUnits) {
      if (bytes % mult == 0) return fmt::format("{}{}", bytes / mult, name);
    }
  }
  return fmt::format("{}B", bytes);
}

std::string format_frequency(u64 hz) {
  static constexpr std::array<std::pair<const char*, u64>, 3> kUnits{
      {{"GHz", 1000000000}, {"MHz", 1000000}, {"kHz", 1000}}};
  if (hz != 0) {
    for (const auto& [name, mult] : kUnits) {
      if (hz % mult == 0) return fmt::format("{}{}", hz / mult, name);
    }
  }
  return fmt::format("{}Hz", hz);
}

}  // namespace rvscope
