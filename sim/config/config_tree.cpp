// ConfigTree: loading YAML into dotted keys, the validating getters, and unused-key reports.
#include "sim/config/config_tree.hpp"

#include <fmt/ranges.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

#include "sim/common/input_file.hpp"
#include "sim/config/units.hpp"
#include "sim/config/yaml_text_check.hpp"

namespace rvscope {

// Flattens a parsed YAML document into the tree's entries and sections.
class ConfigLoader {
 public:
  ConfigLoader(ConfigTree& tree, std::string source) : tree_(tree), source_(std::move(source)) {}

  void load_document(const YAML::Node& root) {
    if (!root || root.IsNull()) return;
    if (!root.IsMap()) {
      fail("{}: expected a mapping of sections (such as 'machine:') at the top level",
           ConfigTree::format_location(at(root.Mark()), false));
    }
    add_mapping(root, "");
  }

  ConfigTree::Location at(const YAML::Mark& mark) const {
    if (mark.is_null()) return {source_, 1, 1};
    return {source_, mark.line + 1, mark.column + 1};
  }

  // Fills `entry` from a leaf node (anything but a mapping).
  static void fill_leaf(ConfigTree::Entry& entry, const YAML::Node& node) {
    if (node.IsNull()) {
      entry.kind = ConfigTree::Kind::kNull;
    } else if (node.IsScalar()) {
      entry.kind = ConfigTree::Kind::kScalar;
      entry.text = node.Scalar();
    } else {
      entry.kind = ConfigTree::Kind::kList;
      for (const auto& item : node) {
        if (!item.IsScalar()) {
          entry.kind = ConfigTree::Kind::kComplexList;
          entry.items.clear();
          break;
        }
        entry.items.push_back(item.Scalar());
      }
    }
  }

 private:
  void add_mapping(const YAML::Node& map, const std::string& prefix) {
    std::set<std::string> seen;
    for (const auto& pair : map) {
      const YAML::Node& key_node = pair.first;
      const YAML::Node& value = pair.second;
      const ConfigTree::Location key_at = at(key_node.Mark());
      if (!key_node.IsScalar() || key_node.Scalar().empty()) {
        fail("{}: a key must be a plain name", ConfigTree::format_location(key_at, true));
      }
      const std::string& name = key_node.Scalar();
      const std::string key = prefix.empty() ? name : prefix + "." + name;
      if (!seen.insert(name).second) {
        fail("{}: duplicate key '{}'", ConfigTree::format_location(key_at, true), key);
      }
      check_no_scalar_prefix(key, key_at);
      if (value.IsMap()) {
        if (tree_.entries_.contains(key)) duplicate(key, key_at);
        tree_.sections_.emplace(key, key_at);
        add_mapping(value, key);
        continue;
      }
      if (tree_.entries_.contains(key) || tree_.sections_.contains(key)) duplicate(key, key_at);
      ConfigTree::Entry entry;
      fill_leaf(entry, value);
      entry.key_at = key_at;
      entry.value_at = value.IsNull() ? key_at : at(value.Mark());
      entry.order = tree_.next_order_++;
      tree_.entries_.emplace(key, std::move(entry));
    }
  }

  // "machine.harts: 1" written at the top level and "machine: 5" cannot both hold.
  void check_no_scalar_prefix(const std::string& key, const ConfigTree::Location& key_at) {
    for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1)) {
      if (tree_.entries_.contains(std::string_view(key).substr(0, dot))) duplicate(key, key_at);
    }
  }

  [[noreturn]] void duplicate(const std::string& key, const ConfigTree::Location& key_at) {
    fail("{}: key '{}' is given twice (as a value and as a section, or twice as a value)",
         ConfigTree::format_location(key_at, true), key);
  }

  ConfigTree& tree_;
  std::string source_;
};

namespace {

std::string describe(std::string_view text) { return fmt::format("'{}'", text); }

// Addresses read best in hex, counts in decimal; page-aligned large values are addresses.
std::string format_bound(u64 v) {
  return v >= 0x10000 && v % 4096 == 0 ? fmt::format("{:#x}", v) : fmt::format("{}", v);
}

std::string range_phrase(const Range& r, std::string (*format)(u64)) {
  if (r.min == r.max) return fmt::format(" equal to {}", format(r.min));
  if (r.max == std::numeric_limits<u64>::max()) {
    return r.min == 0 ? "" : fmt::format(" of at least {}", format(r.min));
  }
  return fmt::format(" from {} to {}", format(r.min), format(r.max));
}

// The edit distance of `a` and `b` when it is at most `limit`, otherwise limit + 1. Only cells
// within `limit` of the diagonal can lie on a path that cheap, so a hostile file's long keys cost
// a narrow band each, not a full table against every known key.
std::size_t bounded_edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t over = limit + 1;
  const std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > limit) return over;
  thread_local std::vector<std::size_t> row;
  row.assign(b.size() + 1, over);
  for (std::size_t j = 0; j <= b.size() && j <= limit; ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    const std::size_t lo = i > limit ? i - limit : 1;
    const std::size_t hi = std::min(b.size(), i + limit);
    std::size_t diagonal = row[lo - 1];
    row[lo - 1] = lo == 1 ? std::min(i, over) : over;
    std::size_t row_min = row[lo - 1];
    for (std::size_t j = lo; j <= hi; ++j) {
      const std::size_t above = row[j];
      const std::size_t cell =
          std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      row[j] = std::min(cell, over);
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min >= over) return over;
  }
  return row[b.size()];
}

// A file full of unknown keys gets a readable error, not one line per key.
constexpr std::size_t kMaxUnknownKeysListed = 20;

std::string_view last_component(std::string_view key) {
  const auto dot = key.rfind('.');
  return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

}  // namespace

ConfigTree ConfigTree::from_file(const std::string& path) {
  // One sized read of a regular file: /dev/zero or a FIFO would otherwise be read forever.
  const std::vector<u8> text = read_input_file(path, "config file");
  return from_string(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()),
                     path);
}

ConfigTree ConfigTree::from_string(std::string_view yaml, std::string_view source) {
  ConfigTree tree;
  tree.source_ = std::string(source);
  ConfigLoader loader(tree, std::string(source));
  if (const std::optional<YamlTextProblem> problem = check_yaml_text(yaml)) {
    fail("{}: {}{}",
         format_location(Location{std::string(source), problem->line, problem->column}, true),
         problem->syntax ? "YAML syntax error: " : "", problem->message);
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::DeepRecursion& e) {
    fail("{}: YAML syntax error: nested more than {} levels deep",
         format_location(loader.at(e.mark), true), e.depth());
  } catch (const YAML::Exception& e) {
    fail("{}: YAML syntax error: {}", format_location(loader.at(e.mark), true), e.msg);
  }
  loader.load_document(root);
  return tree;
}

void ConfigTree::set(std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    fail("--set {}: expected key.path=value", assignment);
  }
  const std::string key(assignment.substr(0, eq));
  const std::string value(assignment.substr(eq + 1));
  if (key.front() == '.' || key.back() == '.' || key.find("..") != std::string::npos ||
      key.find_first_of(" \t") != std::string::npos) {
    fail("--set {}: '{}' is not a key path such as machine.harts", assignment, key);
  }
  const Location origin{fmt::format("--set {}", assignment), 0, 0};
  if (sections_.contains(key)) {
    fail("{}: '{}' is a section; set one of its keys instead", origin.source, key);
  }
  for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1)) {
    const auto parent = entries_.find(std::string_view(key).substr(0, dot));
    if (parent != entries_.end() && parent->second.kind != Kind::kNull) {
      fail("{}: '{}' holds a value, not a section", origin.source, parent->first);
    }
  }

  Entry entry;
  YAML::Node node;
  bool parsed = false;
  try {
    node = YAML::Load(value);
    parsed = true;
  } catch (const YAML::Exception&) {
    parsed = false;
  }
  if (parsed && !node.IsMap()) {
    ConfigLoader::fill_leaf(entry, node);
  } else {
    // Not a scalar or list in YAML's eyes (say "a: b" or "%x"): the user meant the text.
    entry.kind = Kind::kScalar;
    entry.text = value;
  }
  entry.key_at = origin;
  entry.value_at = origin;
  entry.order = next_order_++;
  // Sections appear implicitly: "--set timing.l1.size=..." creates timing and timing.l1.
  entries_.insert_or_assign(key, std::move(entry));
}

std::string ConfigTree::format_location(const Location& at, bool with_column) {
  if (at.line == 0) return at.source;
  if (with_column) return fmt::format("{}:{}:{}", at.source, at.line, at.column);
  return fmt::format("{}:{}", at.source, at.line);
}

const ConfigTree::Entry* ConfigTree::lookup(std::string_view key, std::string_view expected) {
  known_.emplace(key);
  if (const auto section = sections_.find(key); section != sections_.end()) {
    fail("{}: {}: expected {}, got a section (a mapping of keys)",
         format_location(section->second, false), key, expected);
  }
  for (auto dot = key.find('.'); dot != std::string_view::npos; dot = key.find('.', dot + 1)) {
    const auto parent = entries_.find(key.substr(0, dot));
    if (parent != entries_.end() && parent->second.kind != Kind::kNull) {
      parent->second.consumed = true;
      fail("{}: {}: expected a section holding '{}', got a value",
           format_location(parent->second.value_at, false), parent->first, key.substr(dot + 1));
    } else if (parent != entries_.end()) {
      parent->second.consumed = true;  // "machine:" with nothing under it: an empty section
    }
  }
  const auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  it->second.consumed = true;
  if (it->second.kind == Kind::kNull) return nullptr;
  return &it->second;
}

void ConfigTree::fail_value(std::string_view key, const Entry& entry,
                            std::string_view expected) const {
  std::string got;
  switch (entry.kind) {
    case Kind::kScalar:
      got = describe(entry.text);
      break;
    case Kind::kList:
    case Kind::kComplexList:
      got = "a list";
      break;
    case Kind::kNull:
      got = "nothing";
      break;
  }
  fail("{}: {}: expected {}, got {}", format_location(entry.value_at, false), key, expected, got);
}

u64 ConfigTree::get_uint(std::string_view key, u64 def, Range range) {
  const std::string expected =
      range.min == range.max ? fmt::format("{} (the only value supported)", format_bound(range.min))
                             : fmt::format("an integer{}", range_phrase(range, format_bound));
  const Entry* e = lookup(key, expected);
  u64 value = def;
  if (e) {
    const auto v = e->kind == Kind::kScalar ? parse_uint(e->text) : std::nullopt;
    if (!v || *v < range.min || *v > range.max) fail_value(key, *e, expected);
    value = *v;
  }
  remember(key, value >= 0x10000 && e && e->text.starts_with("0x") ? fmt::format("{:#x}", value)
                                                                   : fmt::format("{}", value));
  return value;
}

u64 ConfigTree::get_size(std::string_view key, u64 def, Range range) {
  std::string expected = fmt::format("a size (bytes, or a number with KiB, MiB, GiB or TiB){}",
                                     range_phrase(range, [](u64 v) { return format_size(v); }));
  const Entry* e = lookup(key, expected);
  u64 value = def;
  if (e) {
    const auto v = e->kind == Kind::kScalar ? parse_size(e->text) : std::nullopt;
    if (!v || *v < range.min || *v > range.max) {
      if (e->kind == Kind::kScalar && has_ambiguous_size_unit(e->text)) {
        expected += " (KB, MB, GB are ambiguous: write KiB, MiB, GiB for powers of 1024)";
      }
      fail_value(key, *e, expected);
    }
    value = *v;
  }
  remember(key, format_size(value));
  return value;
}

u64 ConfigTree::get_frequency(std::string_view key, u64 def, Range range) {
  const std::string expected =
      fmt::format("a frequency (Hz, or a number with kHz, MHz or GHz){}",
                  range_phrase(range, [](u64 v) { return format_frequency(v); }));
  const Entry* e = lookup(key, expected);
  u64 value = def;
  if (e) {
    const auto v = e->kind == Kind::kScalar ? parse_frequency(e->text) : std::nullopt;
    if (!v || *v < range.min || *v > range.max) fail_value(key, *e, expected);
    value = *v;
  }
  remember(key, format_frequency(value));
  return value;
}

bool ConfigTree::get_bool(std::string_view key, bool def) {
  static constexpr std::string_view kExpected = "true or false";
  const Entry* e = lookup(key, kExpected);
  bool value = def;
  if (e) {
    std::string lower = e->kind == Kind::kScalar ? e->text : "";
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "true" || lower == "yes" || lower == "on") {
      value = true;
    } else if (lower == "false" || lower == "no" || lower == "off") {
      value = false;
    } else {
      fail_value(key, *e, kExpected);
    }
  }
  remember(key, value ? "true" : "false");
  return value;
}

double ConfigTree::get_real(std::string_view key, double def, RealRange range) {
  std::string expected = "a number";
  if (range.min != std::numeric_limits<double>::lowest() ||
      range.max != std::numeric_limits<double>::max()) {
    expected += fmt::format(" from {} to {}", range.min, range.max);
  }
  const Entry* e = lookup(key, expected);
  double value = def;
  if (e) {
    bool ok = e->kind == Kind::kScalar && !e->text.empty();
    if (ok) {
      const char* first = e->text.data();
      const char* last = first + e->text.size();
      if (*first == '+') ++first;
      const auto [ptr, ec] = std::from_chars(first, last, value);
      ok = ec == std::errc() && ptr == last && std::isfinite(value) && value >= range.min &&
           value <= range.max;
    }
    if (!ok) fail_value(key, *e, expected);
  }
  remember(key, fmt::format("{}", value));
  return value;
}

std::string ConfigTree::get_string(std::string_view key, std::string_view def) {
  const Entry* e = lookup(key, "a string");
  std::string value(def);
  if (e) {
    if (e->kind != Kind::kScalar) fail_value(key, *e, "a string");
    value = e->text;
  }
  remember(key, value);
  return value;
}

std::vector<std::string> ConfigTree::get_list(std::string_view key,
                                              const std::vector<std::string>& def) {
  static constexpr std::string_view kExpected = "a list of strings";
  const Entry* e = lookup(key, kExpected);
  std::vector<std::string> value = def;
  if (e) {
    if (e->kind == Kind::kScalar) {
      value = {e->text};
    } else if (e->kind == Kind::kList) {
      value = e->items;
    } else {
      fail("{}: {}: expected {}, got a list holding a list or mapping",
           format_location(e->value_at, false), key, kExpected);
    }
  }
  remember(key, fmt::format("[{}]", fmt::join(value, ", ")));
  return value;
}

std::string ConfigTree::get_enum(std::string_view key, std::string_view def,
                                 std::initializer_list<std::string_view> choices) {
  return get_enum(key, def, std::vector<std::string_view>(choices));
}

std::string ConfigTree::get_enum(std::string_view key, std::string_view def,
                                 const std::vector<std::string_view>& choices) {
  const std::string expected = fmt::format("one of {}", fmt::join(choices, ", "));
  const Entry* e = lookup(key, expected);
  std::string value(def);
  if (e) {
    if (e->kind != Kind::kScalar ||
        std::find(choices.begin(), choices.end(), e->text) == choices.end()) {
      fail_value(key, *e, expected);
    }
    value = e->text;
  }
  remember(key, value);
  return value;
}

bool ConfigTree::contains(std::string_view key) const {
  const auto it = entries_.find(key);
  return it != entries_.end() && it->second.kind != Kind::kNull;
}

void ConfigTree::skip_section(std::string_view prefix) {
  skipped_.emplace(prefix);
  const std::string with_dot = std::string(prefix) + ".";
  for (auto& [key, entry] : entries_) {
    if (key == prefix || key.starts_with(with_dot)) entry.consumed = true;
  }
}

std::string ConfigTree::where(std::string_view key) const {
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.kind == Kind::kNull) return "default";
  return format_location(it->second.value_at, false);
}

void ConfigTree::fail_at(std::string_view key, std::string_view message) const {
  fail("{}: {}: {}", where(key), key, message);
}

std::string ConfigTree::suggest(const std::string& unknown) const {
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  const std::size_t limit = unknown.size() >= 12 ? 3 : 2;
  for (const auto& known : known_) {
    const std::size_t d = bounded_edit_distance(unknown, known, limit);
    if (d < best_distance) {
      best_distance = d;
      best = known;
    }
  }
  if (!best.empty() && best_distance <= limit) return best;
  // The right name in the wrong section ("machine.kernel" for "boot.kernel").
  std::string same_leaf;
  for (const auto& known : known_) {
    if (last_component(known) == last_component(unknown)) {
      if (!same_leaf.empty()) return "";  // ambiguous: say nothing rather than guess
      same_leaf = known;
    }
  }
  return same_leaf;
}

std::vector<std::string> ConfigTree::unused_keys() const {
  std::vector<const std::pair<const std::string, Entry>*> unused;
  for (const auto& item : entries_) {
    if (item.second.consumed) continue;
    if (item.second.kind == Kind::kNull) {
      // "trace:" with nothing under it is an empty section when trace.* keys exist.
      const std::string with_dot = item.first + ".";
      const auto next = known_.lower_bound(with_dot);
      if (next != known_.end() && next->starts_with(with_dot)) continue;
    }
    unused.push_back(&item);
  }
  std::sort(unused.begin(), unused.end(),
            [](const auto* a, const auto* b) { return a->second.order < b->second.order; });
  std::vector<std::string> messages;
  for (const auto* item : unused) {
    if (messages.size() == kMaxUnknownKeysListed) {
      messages.push_back(
          fmt::format("... and {} more unknown keys", unused.size() - messages.size()));
      break;
    }
    std::string message = fmt::format("{}: unknown key '{}'",
                                      format_location(item->second.key_at, true), item->first);
    if (const std::string hint = suggest(item->first); !hint.empty()) {
      message += fmt::format(" (did you mean '{}'?)", hint);
    }
    messages.push_back(std::move(message));
  }
  return messages;
}

void ConfigTree::check_unused() const {
  const auto messages = unused_keys();
  if (!messages.empty()) fail("{}", fmt::join(messages, "\n"));
}

}  // namespace rvscope
