// ConfigTree: the YAML configuration flattened to dotted keys, read by each module through
// typed, validating getters that record which keys were consumed, so that keys nobody
// consumed can be reported with their file position once every module has read its own.
#pragma once

#include <initializer_list>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/common/error.hpp"
#include "sim/common/types.hpp"

namespace rvscope {

// Inclusive bounds for integers, sizes and frequencies.
struct Range {
  u64 min = 0;
  u64 max = std::numeric_limits<u64>::max();
};

// Inclusive bounds for real numbers.
struct RealRange {
  double min = std::numeric_limits<double>::lowest();
  double max = std::numeric_limits<double>::max();
};

class ConfigTree {
 public:
  // An empty tree: every getter returns its default.
  ConfigTree() = default;

  // Parses a YAML file; I/O and syntax errors are SimErrors naming the file and line.
  static ConfigTree from_file(const std::string& path);
  // Parses YAML text; `source` names it in messages as a file path would.
  static ConfigTree from_string(std::string_view yaml, std::string_view source = "<string>");

  // A command-line override "key.path=value" (what --set receives). The value is parsed as
  // a YAML scalar or flow list ("[a, b]"); anything else is taken as a plain string. It
  // replaces the file's value. Whether the key exists is known only once every module has
  // read: an override nobody read is reported by check_unused as "--set key=value: ...".
  void set(std::string_view assignment);

  // Typed getters. Each returns `def` when the key is absent or null (`key:` or `key: ~`),
  // and throws SimError "FILE:LINE: key: expected ..., got '...'" when the value does not
  // parse or lies outside `range`. T is bool, an unsigned integer type, double (use
  // get_real for a range), std::string or std::vector<std::string> (a YAML list of
  // scalars; a single scalar is a list of one).
  template <typename T>
  T get(std::string_view key, const T& def, Range range = {});

  u64 get_uint(std::string_view key, u64 def, Range range = {});
  bool get_bool(std::string_view key, bool def);
  double get_real(std::string_view key, double def, RealRange range = {});
  std::string get_string(std::string_view key, std::string_view def);
  std::vector<std::string> get_list(std::string_view key, const std::vector<std::string>& def);
  // Bytes: integers or units (128MiB, "2 GiB", 0x1000); see units.hpp.
  u64 get_size(std::string_view key, u64 def, Range range = {});
  // Hz: integers or units (1GHz, 10MHz, 1.5GHz); see units.hpp.
  u64 get_frequency(std::string_view key, u64 def, Range range = {});
  // One of `choices` (exact, case-sensitive).
  std::string get_enum(std::string_view key, std::string_view def,
                       std::initializer_list<std::string_view> choices);
  std::string get_enum(std::string_view key, std::string_view def,
                       const std::vector<std::string_view>& choices);
  // The same, mapped to an enum type: choices are {name, value} pairs; `def` must be one.
  template <typename E>
  E get_enum(std::string_view key, E def,
             std::initializer_list<std::pair<std::string_view, E>> choices);

  // True when the key has a non-null value (does not count as reading it).
  bool contains(std::string_view key) const;
  // Marks every key under `prefix` (a section such as "timing") as read, for a module
  // that is switched off and leaves its section unread on purpose.
  void skip_section(std::string_view prefix);

  // The file (or from_string's source) the tree was loaded from; "" for an empty tree.
  const std::string& source() const { return source_; }
  // Where a key's value came from: "FILE:LINE", "--set key=value", or "default".
  std::string where(std::string_view key) const;
  // Throws "WHERE: key: message" for checks that span several keys.
  [[noreturn]] void fail_at(std::string_view key, std::string_view message) const;

  // One message per key that no getter read, in file order:
  //   "FILE:LINE:COL: unknown key 'machine.hartz' (did you mean 'machine.harts'?)"
  //   "--set machine.hartz=2: unknown key 'machine.hartz' (did you mean 'machine.harts'?)"
  std::vector<std::string> unused_keys() const;
  // Throws one SimError holding every unused_keys() line when there is any. Call it after
  // every module has read its keys.
  void check_unused() const;

  // Every key read so far with the value in effect (after defaults and overrides), as
  // YAML scalar text: the configuration a run really used, for logs and reproduction.
  const std::map<std::string, std::string>& effective() const { return effective_; }

 private:
  struct Location {
    std::string source;  // file name, or "--set key=value" for overrides
    int line = 0;        // 1-based; 0 for overrides
    int column = 0;      // 1-based
  };
  enum class Kind : u8 { kNull, kScalar, kList, kComplexList };
  struct Entry {
    Kind kind = Kind::kNull;
    std::string text;                // kScalar
    std::vector<std::string> items;  // kList
    Location key_at;                 // where the key is written (unknown-key reports)
    Location value_at;               // where the value is written (value errors)
    std::size_t order = 0;           // definition order, for reporting in file order
    mutable bool consumed = false;
  };

  friend class ConfigLoader;

  // The entry for `key`, marked consumed, or nullptr when absent or null. Throws when the
  // key names a section or sits below a scalar.
  const Entry* lookup(std::string_view key, std::string_view expected);
  [[noreturn]] void fail_value(std::string_view key, const Entry& entry,
                               std::string_view expected) const;
  void remember(std::string_view key, std::string value) { effective_[std::string(key)] = value; }
  std::string suggest(const std::string& unknown) const;
  static std::string format_location(const Location& at, bool with_column);

  std::map<std::string, Entry, std::less<>> entries_;      // leaves
  std::map<std::string, Location, std::less<>> sections_;  // mappings (with their position)
  std::set<std::string, std::less<>> known_;               // every key a getter asked for
  std::set<std::string, std::less<>> skipped_;             // prefixes of skipped sections
  std::map<std::string, std::string> effective_;
  std::size_t next_order_ = 0;
  std::string source_;
};

template <typename T>
T ConfigTree::get(std::string_view key, const T& def, Range range) {
  if constexpr (std::is_same_v<T, bool>) {
    return get_bool(key, def);
  } else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) {
    if (range.max > std::numeric_limits<T>::max()) range.max = std::numeric_limits<T>::max();
    return static_cast<T>(get_uint(key, def, range));
  } else if constexpr (std::is_same_v<T, double>) {
    return get_real(key, def);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return get_string(key, def);
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    return get_list(key, def);
  } else {
    static_assert(sizeof(T) == 0, "ConfigTree::get: unsupported type");
  }
}

template <typename E>
E ConfigTree::get_enum(std::string_view key, E def,
                       std::initializer_list<std::pair<std::string_view, E>> choices) {
  std::string_view def_name;
  std::vector<std::string_view> names;
  for (const auto& [name, value] : choices) {
    names.push_back(name);
    if (value == def) def_name = name;
  }
  const std::string chosen = get_enum(key, def_name, names);
  for (const auto& [name, value] : choices) {
    if (name == chosen) return value;
  }
  return def;
}

}  // namespace rvscope
