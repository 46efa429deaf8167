// Defaults of the timing model and the YAML reader that validates every key against them.
#include "sim/timing/timing_config.hpp"

#include <yaml-cpp/yaml.h>

#include <bit>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "sim/common/error.hpp"
#include "sim/config/config_tree.hpp"
#include "sim/config/units.hpp"
#include "sim/config/yaml_text_check.hpp"

namespace rvscope::timing {

namespace {

constexpr std::array<std::string_view, kNumExecClasses> kClassKeys = {
    "alu",      "branch",    "jump",       "load",     "store",  "mul",      "div",    "fp_add",
    "fp_add_s", "fp_misc",   "fp_mul",     "fp_mul_s", "fp_fma", "fp_fma_s", "fp_div", "fp_div_s",
    "fp_sqrt",  "fp_sqrt_s", "fp_load",    "fp_store", "csr",    "amo",      "lr",     "sc",
    "fence",    "fence_i",   "sfence_vma", "system",   "xret"};
static_assert(kClassKeys.back() == "xret", "one key per ExecClass, in enum order");

// Missing keys and empty values (`key:`) both mean "use the default".
bool absent(const YAML::Node& v) {
  return !v || v.IsNull() || (v.IsScalar() && v.Scalar().empty());
}

std::string scalar_text(const YAML::Node& v) {
  return v.IsScalar() ? v.Scalar() : std::string("<non-scalar>");
}

std::string list_text(std::initializer_list<std::string_view> choices) {
  std::string list;
  for (const std::string_view c : choices)
    list += std::string(list.empty() ? "" : ", ") + std::string(c);
  return list;
}

// Reads the `timing:` node of a YAML document by dotted keys (relative to "timing."),
// remembering what was read so that finish() can report misspelt keys with their position.
class YamlReader {
 public:
  YamlReader(const YAML::Node& timing, const std::string& file) : root_(timing), file_(file) {
    if (!absent(root_) && !root_.IsMap()) fail("{}: timing must be a mapping", where(root_));
  }

  u64 uint(const std::string& key, u64 def, u64 lo, u64 hi) {
    return number(key, def, lo, hi, false);
  }
  u64 size(const std::string& key, u64 def, u64 lo, u64 hi) {
    return number(key, def, lo, hi, true);
  }

  bool flag(const std::string& key, bool def) {
    const YAML::Node v = read(key);
    if (absent(v)) return def;
    try {
      return v.as<bool>();
    } catch (const YAML::Exception&) {
      fail("{}: timing.{}: expected true or false, got '{}'", where(v), key, scalar_text(v));
    }
  }

  std::string choice(const std::string& key, std::string_view def,
                     std::initializer_list<std::string_view> choices) {
    const YAML::Node v = read(key);
    if (absent(v)) return std::string(def);
    const std::string text = scalar_text(v);
    for (const std::string_view c : choices) {
      if (text == c) return text;
    }
    fail("{}: timing.{} = '{}' is not one of: {}", where(v), key, text, list_text(choices));
  }

  u32 pipe_mask(const std::string& key, u32 def, u32 num_pipes) {
    const YAML::Node v = read(key);
    if (absent(v)) return def;
    if (!v.IsSequence() || v.size() == 0) {
      fail("{}: timing.{} must be a non-empty list of pipe numbers", where(v), key);
    }
    u32 mask = 0;
    for (const YAML::Node& item : v) {
      const std::optional<u64> n = item.IsScalar() ? parse_uint(item.Scalar()) : std::nullopt;
      if (!n) fail("{}: timing.{}: '{}' is not a pipe number", where(item), key, scalar_text(item));
      if (*n >= num_pipes) {
        fail("{}: timing.{}: pipe {} does not exist (timing.core.num_pipes = {})", where(item), key,
             *n, num_pipes);
      }
      mask |= 1u << *n;
    }
    return mask;
  }

  [[noreturn]] void fail_at(const std::string& key, std::string_view message) {
    const YAML::Node v = find(key);
    fail("{}: timing.{}: {}", absent(v) ? file_ : where(v), key, message);
  }

  bool given(const std::string& key) const { return !absent(find(key)); }
  // Where a key's value comes from, for messages that name two keys.
  std::string origin(const std::string& key) const {
    const YAML::Node v = find(key);
    return absent(v) ? file_ + " (default)" : where(v);
  }

  // Every key present must have been read: a typo is an error, not a silent default.
  void finish() const {
    if (absent(root_)) return;
    check_map(root_, "");
  }

 private:
  u64 number(const std::string& key, u64 def, u64 lo, u64 hi, bool bytes) {
    const YAML::Node v = read(key);
    if (absent(v)) return def;
    const std::string text = scalar_text(v);
    const std::optional<u64> value = bytes ? parse_size(text) : parse_uint(text);
    if (!value) {
      fail("{}: timing.{}: expected {}, got '{}'", where(v), key,
           bytes ? "a byte size (e.g. 32KiB)" : "an unsigned integer", text);
    }
    if (*value < lo || *value > hi) {
      fail("{}: timing.{} = {} is out of range [{}, {}]", where(v), key, *value, lo, hi);
    }
    return *value;
  }

  YAML::Node read(const std::string& key) {
    read_.insert(key);
    return find(key);
  }

  YAML::Node find(const std::string& key) const {
    // reset() rebinds without copying, so values keep their marks and the tree is untouched;
    // lookups go through a const Node so that a missing key is never inserted.
    if (absent(root_)) return YAML::Node(YAML::NodeType::Undefined);
    YAML::Node node;
    node.reset(root_);
    std::size_t from = 0;
    std::string path = "timing";
    while (true) {
      if (absent(node)) return YAML::Node(YAML::NodeType::Undefined);
      if (!node.IsMap()) fail("{}: {} must be a mapping", where(node), path);
      const std::size_t dot = key.find('.', from);
      const std::string part = key.substr(from, dot == std::string::npos ? dot : dot - from);
      path += "." + part;
      const YAML::Node& parent = node;
      const YAML::Node child = parent[part];
      if (!child) return YAML::Node(YAML::NodeType::Undefined);
      node.reset(child);
      if (dot == std::string::npos) return node;
      from = dot + 1;
    }
  }

  void check_map(const YAML::Node& map, const std::string& prefix) const {
    for (const auto& kv : map) {
      const std::string key = prefix + kv.first.Scalar();
      if (read_.count(key) != 0) continue;
      const auto below = read_.lower_bound(key + ".");
      const bool section = below != read_.end() && below->rfind(key + ".", 0) == 0;
      if (section && kv.second.IsMap()) {
        check_map(kv.second, key + ".");
      } else if (!(section && absent(kv.second))) {
        fail("{}: unknown key timing.{}", where(kv.first), key);
      }
    }
  }

  std::string where(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return file_;
    return fmt::format("{}:{}:{}", file_, mark.line + 1, mark.column + 1);
  }

  YAML::Node root_;
  const std::string& file_;
  std::set<std::string> read_;
};

// The same keys read through the machine-wide ConfigTree, which reports unknown keys itself.
class TreeReader {
 public:
  explicit TreeReader(ConfigTree& tree) : tree_(tree) {}

  u64 uint(const std::string& key, u64 def, u64 lo, u64 hi) {
    return tree_.get_uint(full(key), def, Range{lo, hi});
  }
  u64 size(const std::string& key, u64 def, u64 lo, u64 hi) {
    return tree_.get_size(full(key), def, Range{lo, hi});
  }
  bool flag(const std::string& key, bool def) { return tree_.get_bool(full(key), def); }
  std::string choice(const std::string& key, std::string_view def,
                     std::initializer_list<std::string_view> choices) {
    return tree_.get_enum(full(key), def, choices);
  }
  u32 pipe_mask(const std::string& key, u32 def, u32 num_pipes) {
    if (!tree_.contains(full(key))) {
      tree_.get_list(full(key), {});  // consumes an explicit null
      return def;
    }
    const std::vector<std::string> items = tree_.get_list(full(key), {});
    if (items.empty()) tree_.fail_at(full(key), "must be a non-empty list of pipe numbers");
    u32 mask = 0;
    for (const std::string& item : items) {
      const std::optional<u64> n = parse_uint(item);
      if (!n) tree_.fail_at(full(key), fmt::format("'{}' is not a pipe number", item));
      if (*n >= num_pipes) {
        tree_.fail_at(full(key), fmt::format("pipe {} does not exist (timing.core.num_pipes = {})",
                                             *n, num_pipes));
      }
      mask |= 1u << *n;
    }
    return mask;
  }
  [[noreturn]] void fail_at(const std::string& key, std::string_view message) {
    tree_.fail_at(full(key), message);
  }
  bool given(const std::string& key) const { return tree_.contains(full(key)); }
  std::string origin(const std::string& key) const {
    const std::string at = tree_.where(full(key));
    if (at != "default") return at;
    return tree_.source().empty() ? "default" : tree_.source() + " (default)";
  }

 private:
  static std::string full(const std::string& key) { return "timing." + key; }
  ConfigTree& tree_;
};

template <typename R>
u64 pow2(R& r, const std::string& key, u64 def, u64 lo, u64 hi, bool bytes = false) {
  const u64 v = bytes ? r.size(key, def, lo, hi) : r.uint(key, def, lo, hi);
  if (!std::has_single_bit(v)) r.fail_at(key, fmt::format("{} is not a power of two", v));
  return v;
}

// Two keys whose values cannot both mean what they say: the error names both, with where each
// value comes from (file:line, --set, or the default).
template <typename R>
[[noreturn]] void conflict(const R& r, const std::string& key, const std::string& value,
                           const std::string& other, const std::string& other_value,
                           std::string_view why) {
  fail("{}: timing.{} = {} contradicts timing.{} = {} ({}): {}", r.origin(key), key, value, other,
       other_value, r.origin(other), why);
}

std::string_view unit_name(Unit u) {
  return u == Unit::kIntDiv ? "int_div" : u == Unit::kFpDiv ? "fp_div" : "none";
}

template <typename R>
CacheConfig read_cache(R& r, const std::string& key, const CacheConfig& d) {
  CacheConfig c;
  c.enabled = r.flag(key + ".enabled", d.enabled);
  c.size = pow2(r, key + ".size", d.size, 256, u64{1} << 32, true);
  c.ways = static_cast<u32>(r.uint(key + ".ways", d.ways, 1, 64));
  c.line = static_cast<u32>(pow2(r, key + ".line", d.line, 8, 4096, true));
  c.latency = static_cast<u32>(r.uint(key + ".latency", d.latency, 0, 10000));
  const u64 sets = c.size / (u64{c.ways} * c.line);
  if (sets == 0 || c.size % (u64{c.ways} * c.line) != 0 || !std::has_single_bit(sets)) {
    r.fail_at(key + ".size",
              fmt::format("size {} / (ways {} * line {}) must be a whole power-of-two number of "
                          "sets",
                          c.size, c.ways, c.line));
  }
  return c;
}

template <typename R>
TlbConfig read_tlb(R& r, const std::string& key, const TlbConfig& d) {
  TlbConfig t;
  t.enabled = r.flag(key + ".enabled", d.enabled);
  t.entries = static_cast<u32>(r.uint(key + ".entries", d.entries, 1, 65536));
  t.ways = static_cast<u32>(r.uint(key + ".ways", d.ways, 1, 65536));
  if (t.ways > t.entries || t.entries % t.ways != 0 || !std::has_single_bit(t.entries / t.ways)) {
    r.fail_at(key + ".ways", fmt::format("entries {} / ways {} must be a whole power-of-two "
                                         "number of sets",
                                         t.entries, t.ways));
  }
  return t;
}

template <typename R>
ClassTiming read_class(R& r, const std::string& key, const ClassTiming& d, u32 num_pipes) {
  ClassTiming c;
  c.latency = static_cast<u32>(r.uint(key + ".latency", d.latency, 1, 10000));
  c.occupancy = static_cast<u32>(r.uint(key + ".occupancy", d.occupancy, 1, 10000));
  const std::string unit = r.choice(key + ".unit",
                                    d.unit == Unit::kIntDiv  ? "int_div"
                                    : d.unit == Unit::kFpDiv ? "fp_div"
                                                             : "none",
                                    {"none", "int_div", "fp_div"});
  c.unit = unit == "int_div" ? Unit::kIntDiv : unit == "fp_div" ? Unit::kFpDiv : Unit::kNone;
  // A class moved off its default unit does not keep the default's unit occupancy.
  const u32 unit_default = c.unit == d.unit ? d.unit_occupancy : 0;
  c.unit_occupancy = static_cast<u32>(r.uint(key + ".unit_occupancy", unit_default, 0, 10000));
  if (c.unit == Unit::kNone && c.unit_occupancy != 0) {
    conflict(r, key + ".unit_occupancy", std::to_string(c.unit_occupancy), key + ".unit", "none",
             "a class without a unit cannot hold one; name the unit (int_div or fp_div) or drop "
             "unit_occupancy");
  }
  if (c.unit != Unit::kNone && c.unit_occupancy == 0) {
    conflict(r, key + ".unit_occupancy", "0", key + ".unit", std::string(unit_name(c.unit)),
             "a unit held for 0 cycles is never busy; give unit_occupancy of at least 1 or set "
             "unit: none");
  }
  // Defaults written for more pipes than configured fall back to the pipes that exist.
  const u32 fallback =
      (d.pipes & ((1u << num_pipes) - 1)) != 0 ? d.pipes & ((1u << num_pipes) - 1) : 1u;
  c.pipes = r.pipe_mask(key + ".pipes", fallback, num_pipes);
  return c;
}

template <typename R>
TimingConfig read_timing(R& r) {
  const TimingConfig d;
  TimingConfig cfg;
  cfg.enabled = r.flag("enabled", d.enabled);
  cfg.warm_caches = r.flag("warm_caches", d.warm_caches);

  CoreConfig& c = cfg.core;
  c.issue_width = static_cast<u32>(r.uint("core.issue_width", d.core.issue_width, 1, 8));
  c.num_pipes = static_cast<u32>(r.uint("core.num_pipes", d.core.num_pipes, 1, 8));
  c.pipe_selection =
      r.choice("core.pipe_selection", "least_busy", {"least_busy", "round_robin"}) == "round_robin"
          ? PipeSelection::kRoundRobin
          : PipeSelection::kLeastBusy;
  if (c.issue_width > c.num_pipes) {
    conflict(r, "core.issue_width", std::to_string(c.issue_width), "core.num_pipes",
             std::to_string(c.num_pipes),
             "every instruction takes a pipe, so at most num_pipes instructions issue per cycle");
  }
  if (c.pipe_selection == PipeSelection::kRoundRobin && c.num_pipes == 1) {
    conflict(r, "core.pipe_selection", "round_robin", "core.num_pipes", "1",
             "with one pipe there is nothing to rotate among; use least_busy or more pipes");
  }
  c.in_order_writeback = r.flag("core.in_order_writeback", d.core.in_order_writeback);
  c.blocking_loads = r.flag("core.blocking_loads", d.core.blocking_loads);
  c.mispredict_penalty =
      static_cast<u32>(r.uint("core.mispredict_penalty", d.core.mispredict_penalty, 0, 1000));
  c.taken_bubble = static_cast<u32>(r.uint("core.taken_bubble", d.core.taken_bubble, 0, 1000));
  c.btb_miss_penalty =
      static_cast<u32>(r.uint("core.btb_miss_penalty", d.core.btb_miss_penalty, 0, 1000));
  c.refill_penalty =
      static_cast<u32>(r.uint("core.refill_penalty", d.core.refill_penalty, 0, 1000));
  for (std::size_t i = 0; i < kNumExecClasses; ++i) {
    c.classes[i] =
        read_class(r, "core.classes." + std::string(kClassKeys[i]), d.core.classes[i], c.num_pipes);
  }

  PredictorConfig& p = cfg.predictor;
  const std::string kind = r.choice("predictor.kind", "bimodal", {"static", "bimodal", "gshare"});
  p.kind = kind == "static"   ? PredictorKind::kStatic
           : kind == "gshare" ? PredictorKind::kGshare
                              : PredictorKind::kBimodal;
  p.table_entries =
      static_cast<u32>(pow2(r, "predictor.table_entries", d.predictor.table_entries, 1, 1u << 24));
  p.history_bits =
      static_cast<u32>(r.uint("predictor.history_bits", d.predictor.history_bits, 0, 24));
  if (p.kind == PredictorKind::kGshare) {
    const auto index_bits = static_cast<u32>(std::countr_zero(p.table_entries));
    if (p.history_bits == 0) {
      conflict(r, "predictor.history_bits", "0", "predictor.kind", "gshare",
               "gshare without global history is bimodal; give history_bits from 1 to " +
                   std::to_string(index_bits) + " (log2 of table_entries) or use kind bimodal");
    }
    if (p.history_bits > index_bits) {
      conflict(r, "predictor.history_bits", std::to_string(p.history_bits),
               "predictor.table_entries", std::to_string(p.table_entries),
               "gshare indexes its table with the history, so only log2(table_entries) = " +
                   std::to_string(index_bits) + " bits of it can count");
    }
  }
  p.btb_entries =
      static_cast<u32>(pow2(r, "predictor.btb_entries", d.predictor.btb_entries, 1, 1u << 20));
  p.ras_entries = static_cast<u32>(r.uint("predictor.ras_entries", d.predictor.ras_entries, 0, 64));

  MemoryConfig& m = cfg.memory;
  m.l1i = read_cache(r, "memory.l1i", d.memory.l1i);
  m.l1d = read_cache(r, "memory.l1d", d.memory.l1d);
  m.l2 = read_cache(r, "memory.l2", d.memory.l2);
  m.memory_latency =
      static_cast<u32>(r.uint("memory.memory_latency", d.memory.memory_latency, 0, 100000));
  m.mmio_latency =
      static_cast<u32>(r.uint("memory.mmio_latency", d.memory.mmio_latency, 0, 100000));
  m.next_line_prefetch = r.flag("memory.next_line_prefetch", d.memory.next_line_prefetch);
  m.itlb = read_tlb(r, "memory.itlb", d.memory.itlb);
  m.dtlb = read_tlb(r, "memory.dtlb", d.memory.dtlb);
  m.page_walk_latency =
      static_cast<u32>(r.uint("memory.page_walk_latency", d.memory.page_walk_latency, 0, 10000));
  m.coherence.enabled = r.choice("memory.coherence.protocol", "mesi", {"mesi", "none"}) == "mesi";
  m.coherence.transfer_latency = static_cast<u32>(
      r.uint("memory.coherence.transfer_latency", d.memory.coherence.transfer_latency, 0, 10000));
  m.coherence.upgrade_latency = static_cast<u32>(
      r.uint("memory.coherence.upgrade_latency", d.memory.coherence.upgrade_latency, 0, 10000));
  // The default protocol over an ideal L1D is simply off; only an explicit one contradicts it.
  if (m.coherence.enabled && !m.l1d.enabled && r.given("memory.coherence.protocol")) {
    conflict(r, "memory.coherence.protocol", "mesi", "memory.l1d.enabled", "false",
             "an ideal (disabled) L1D holds no lines to keep coherent; use protocol none");
  }
  for (const char* l1 : {"l1i", "l1d"}) {
    const u32 line = std::string_view(l1) == "l1i" ? m.l1i.line : m.l1d.line;
    if (line > m.l2.line) {
      conflict(r, std::string("memory.") + l1 + ".line", std::to_string(line), "memory.l2.line",
               std::to_string(m.l2.line), "an L1 line must not exceed the L2 line it fills from");
    }
  }
  if (m.next_line_prefetch && !m.l1d.enabled) {
    conflict(r, "memory.next_line_prefetch", "true", "memory.l1d.enabled", "false",
             "the prefetch fills the L1D, which is ideal (disabled) here");
  }
  SamplingConfig& s = cfg.sampling;
  constexpr u64 kMaxPeriod = u64{1} << 40;
  s.period = r.uint("sampling.period", d.sampling.period, 2, kMaxPeriod);
  s.window = r.uint("sampling.window", d.sampling.window, 1, kMaxPeriod);
  s.detailed_warmup = r.uint("sampling.detailed_warmup", d.sampling.detailed_warmup, 0, kMaxPeriod);
  s.functional_warming =
      r.uint("sampling.functional_warming", d.sampling.functional_warming, 0, kMaxPeriod);
  s.initial_warming = r.uint("sampling.initial_warming", d.sampling.initial_warming, 0, kMaxPeriod);
  if (s.window + s.detailed_warmup + s.functional_warming >= s.period) {
    conflict(r, "sampling.period", std::to_string(s.period), "sampling.window",
             std::to_string(s.window),
             fmt::format("window + detailed_warmup ({}) + functional_warming ({}) must leave part "
                         "of each period unobserved",
                         s.detailed_warmup, s.functional_warming));
  }
  return cfg;
}

}  // namespace

std::string_view exec_class_key(ExecClass c) { return kClassKeys[static_cast<std::size_t>(c)]; }

CoreConfig TimingConfig::default_core() {
  // A plain single-issue five-stage core in the spirit of gem5's MinorCPU defaults.
  CoreConfig core;
  auto set = [&](ExecClass c, u32 latency, u32 occupancy = 1, Unit unit = Unit::kNone,
                 u32 unit_occupancy = 0) {
    core.classes[static_cast<std::size_t>(c)] = {latency, 0x1, occupancy, unit, unit_occupancy};
  };
  set(ExecClass::kAlu, 1);
  set(ExecClass::kBranch, 1);
  set(ExecClass::kJump, 1);
  set(ExecClass::kLoad, 2);
  set(ExecClass::kStore, 1);
  set(ExecClass::kMul, 3);
  set(ExecClass::kDiv, 20, 1, Unit::kIntDiv, 20);
  set(ExecClass::kFpAdd, 4);
  set(ExecClass::kFpAddS, 4);
  set(ExecClass::kFpMisc, 2);
  set(ExecClass::kFpMul, 4);
  set(ExecClass::kFpMulS, 4);
  set(ExecClass::kFpFma, 5);
  set(ExecClass::kFpFmaS, 5);
  set(ExecClass::kFpDiv, 20, 1, Unit::kFpDiv, 20);
  set(ExecClass::kFpDivS, 12, 1, Unit::kFpDiv, 12);
  set(ExecClass::kFpSqrt, 25, 1, Unit::kFpDiv, 25);
  set(ExecClass::kFpSqrtS, 15, 1, Unit::kFpDiv, 15);
  set(ExecClass::kFpLoad, 2);
  set(ExecClass::kFpStore, 1);
  set(ExecClass::kCsr, 1);
  set(ExecClass::kAmo, 4);
  set(ExecClass::kLr, 2);
  set(ExecClass::kSc, 2);
  set(ExecClass::kFence, 1);
  set(ExecClass::kFenceI, 1);
  set(ExecClass::kSfenceVma, 1);
  set(ExecClass::kSystem, 1);
  set(ExecClass::kXret, 1);
  return core;
}

TimingConfig parse_timing_config(const YAML::Node& timing_section, const std::string& file) {
  YamlReader reader(timing_section, file);
  TimingConfig cfg = read_timing(reader);
  reader.finish();
  return cfg;
}

TimingConfig read_timing_config(ConfigTree& tree) {
  TreeReader reader(tree);
  return read_timing(reader);
}

TimingConfig load_timing_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("{}: cannot open timing config", path);
  std::ostringstream text;
  text << in.rdbuf();
  if (const std::optional<YamlTextProblem> problem = check_yaml_text(text.str())) {
    fail("{}:{}:{}: {}{}", path, problem->line, problem->column,
         problem->syntax ? "YAML syntax error: " : "", problem->message);
  }
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    fail("{}:{}:{}: YAML syntax error: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg);
  }
  if (root && !root.IsNull() && !root.IsMap()) fail("{}: top level must be a mapping", path);
  return parse_timing_config(root ? root["timing"] : YAML::Node(), path);
}

}  // namespace rvscope::timing
