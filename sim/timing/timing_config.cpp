// Defaults of the timing model and the YAML reader that validates every key against them.
#include "sim/timing/timing_config.hpp"

#include <yaml-cpp/yaml.h>

#include <bit>
#include <initializer_list>
#include <limits>
#include <optional>
#include <vector>

#include "sim/common/error.hpp"
#include "sim/config/units.hpp"

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

std::string where(const YAML::Node& node, const std::string& file) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return file;
  return fmt::format("{}:{}:{}", file, mark.line + 1, mark.column + 1);
}

// Reads one mapping level: typed getters that know the full key path, and a final check that
// no key was misspelt.
class Section {
 public:
  Section(const YAML::Node& node, std::string path, const std::string& file)
      : node_(node), path_(std::move(path)), file_(file) {
    if (node_ && !node_.IsNull() && !node_.IsMap()) {
      fail("{}: {} must be a mapping", where(node_, file_), path_);
    }
  }

  bool present() const { return node_ && node_.IsMap(); }

  u64 get_u64(const char* key, u64 fallback, u64 lo, u64 hi, bool size = false) {
    seen(key);
    const YAML::Node v = child(key);
    if (absent(v)) return fallback;
    const std::string text = v.IsScalar() ? v.Scalar() : std::string("<non-scalar>");
    const std::optional<u64> value = size ? parse_size(text) : parse_uint(text);
    if (!value) {
      fail("{}: {}.{}: expected {}, got '{}'", where(v, file_), path_, key,
           size ? "a byte size (e.g. 32KiB)" : "an unsigned integer", text);
    }
    if (*value < lo || *value > hi) {
      fail("{}: {}.{} = {} is out of range [{}, {}]", where(v, file_), path_, key, *value, lo, hi);
    }
    return *value;
  }

  u32 get_u32(const char* key, u32 fallback, u32 lo, u32 hi) {
    return static_cast<u32>(get_u64(key, fallback, lo, hi));
  }

  u64 get_pow2(const char* key, u64 fallback, u64 lo, u64 hi, bool size = false) {
    const u64 v = get_u64(key, fallback, lo, hi, size);
    if (!std::has_single_bit(v)) {
      fail("{}: {}.{} = {} must be a power of two", where(child_or_self(key), file_), path_, key,
           v);
    }
    return v;
  }

  bool get_bool(const char* key, bool fallback) {
    seen(key);
    const YAML::Node v = child(key);
    if (absent(v)) return fallback;
    try {
      return v.as<bool>();
    } catch (const YAML::Exception&) {
      fail("{}: {}.{}: expected true or false, got '{}'", where(v, file_), path_, key,
           v.IsScalar() ? v.Scalar() : std::string("<non-scalar>"));
    }
  }

  std::string get_choice(const char* key, const std::string& fallback,
                         std::initializer_list<const char*> choices) {
    seen(key);
    const YAML::Node v = child(key);
    if (absent(v)) return fallback;
    const std::string text = v.IsScalar() ? v.Scalar() : std::string("<non-scalar>");
    for (const char* c : choices) {
      if (text == c) return text;
    }
    std::string list;
    for (const char* c : choices) list += std::string(list.empty() ? "" : ", ") + c;
    fail("{}: {}.{} = '{}' is not one of: {}", where(v, file_), path_, key, text, list);
  }

  Section sub(const char* key) {
    seen(key);
    return Section(child(key), path_ + "." + key, file_);
  }

  YAML::Node raw(const char* key) {
    seen(key);
    return child(key);
  }

  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }

  // Every key must be one the reader asked for: a typo is an error, not a silent default.
  void reject_unknown() const {
    if (!present()) return;
    for (const auto& kv : node_) {
      const std::string key = kv.first.Scalar();
      bool known = false;
      for (const auto& s : seen_) known = known || s == key;
      if (!known) fail("{}: unknown key {}.{}", where(kv.first, file_), path_, key);
    }
  }

 private:
  YAML::Node child(const char* key) const {
    if (!present()) return YAML::Node();
    return node_[key];
  }
  YAML::Node child_or_self(const char* key) const {
    YAML::Node c = child(key);
    return c ? c : node_;
  }
  void seen(const char* key) { seen_.emplace_back(key); }

  YAML::Node node_;
  std::string path_;
  const std::string& file_;
  std::vector<std::string> seen_;
};

CacheConfig parse_cache(Section s, const CacheConfig& d) {
  CacheConfig c;
  c.enabled = s.get_bool("enabled", d.enabled);
  c.size = s.get_pow2("size", d.size, 256, u64{1} << 32, true);
  c.ways = s.get_u32("ways", d.ways, 1, 64);
  c.line = static_cast<u32>(s.get_pow2("line", d.line, 8, 4096, true));
  c.latency = s.get_u32("latency", d.latency, 0, 10000);
  s.reject_unknown();
  const u64 sets = c.size / (u64{c.ways} * c.line);
  if (sets == 0 || c.size % (u64{c.ways} * c.line) != 0 || !std::has_single_bit(sets)) {
    fail("{}: {}: size {} / (ways {} * line {}) must be a whole power-of-two number of sets",
         s.file(), s.path(), c.size, c.ways, c.line);
  }
  return c;
}

TlbConfig parse_tlb(Section s, const TlbConfig& d) {
  TlbConfig t;
  t.enabled = s.get_bool("enabled", d.enabled);
  t.entries = s.get_u32("entries", d.entries, 1, 65536);
  t.ways = s.get_u32("ways", d.ways, 1, 65536);
  s.reject_unknown();
  if (t.ways > t.entries || t.entries % t.ways != 0 || !std::has_single_bit(t.entries / t.ways)) {
    fail("{}: {}: entries {} / ways {} must be a whole power-of-two number of sets", s.file(),
         s.path(), t.entries, t.ways);
  }
  return t;
}

ClassTiming parse_class(Section s, const ClassTiming& d, u32 num_pipes) {
  ClassTiming c;
  c.latency = s.get_u32("latency", d.latency, 1, 10000);
  c.occupancy = s.get_u32("occupancy", d.occupancy, 1, 10000);
  const std::string unit = s.get_choice("unit",
                                        d.unit == Unit::kIntDiv  ? "int_div"
                                        : d.unit == Unit::kFpDiv ? "fp_div"
                                                                 : "none",
                                        {"none", "int_div", "fp_div"});
  c.unit = unit == "int_div" ? Unit::kIntDiv : unit == "fp_div" ? Unit::kFpDiv : Unit::kNone;
  c.unit_occupancy = s.get_u32("unit_occupancy", d.unit_occupancy, 0, 10000);
  const YAML::Node pipes = s.raw("pipes");
  c.pipes = d.pipes;
  if (pipes && !pipes.IsNull()) {
    if (!pipes.IsSequence() || pipes.size() == 0) {
      fail("{}: {}.pipes must be a non-empty list of pipe numbers", where(pipes, s.file()),
           s.path());
    }
    c.pipes = 0;
    for (const auto& p : pipes) {
      unsigned n = 0;
      try {
        n = p.as<unsigned>();
      } catch (const YAML::Exception&) {
        fail("{}: {}.pipes: '{}' is not a pipe number", where(p, s.file()), s.path(),
             p.IsScalar() ? p.Scalar() : std::string("<non-scalar>"));
      }
      if (n >= num_pipes) {
        fail("{}: {}.pipes: pipe {} does not exist (timing.core.num_pipes = {})",
             where(p, s.file()), s.path(), n, num_pipes);
      }
      c.pipes |= 1u << n;
    }
  }
  // Defaults written for more pipes than configured fall back to what exists.
  c.pipes &= (1u << num_pipes) - 1;
  if (c.pipes == 0) c.pipes = 1;
  s.reject_unknown();
  return c;
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
  const TimingConfig d;
  TimingConfig cfg;
  Section top(timing_section, "timing", file);
  cfg.enabled = top.get_bool("enabled", d.enabled);
  cfg.warm_caches = top.get_bool("warm_caches", d.warm_caches);

  Section core = top.sub("core");
  CoreConfig& c = cfg.core;
  c.issue_width = core.get_u32("issue_width", d.core.issue_width, 1, 8);
  c.num_pipes = core.get_u32("num_pipes", d.core.num_pipes, 1, 8);
  c.in_order_writeback = core.get_bool("in_order_writeback", d.core.in_order_writeback);
  c.blocking_loads = core.get_bool("blocking_loads", d.core.blocking_loads);
  c.mispredict_penalty = core.get_u32("mispredict_penalty", d.core.mispredict_penalty, 0, 1000);
  c.taken_bubble = core.get_u32("taken_bubble", d.core.taken_bubble, 0, 1000);
  c.btb_miss_penalty = core.get_u32("btb_miss_penalty", d.core.btb_miss_penalty, 0, 1000);
  c.refill_penalty = core.get_u32("refill_penalty", d.core.refill_penalty, 0, 1000);
  Section classes = core.sub("classes");
  for (std::size_t i = 0; i < kNumExecClasses; ++i) {
    const std::string key(kClassKeys[i]);
    c.classes[i] = parse_class(classes.sub(key.c_str()), d.core.classes[i], c.num_pipes);
  }
  classes.reject_unknown();
  core.reject_unknown();

  Section pred = top.sub("predictor");
  PredictorConfig& p = cfg.predictor;
  const std::string kind = pred.get_choice("kind",
                                           d.predictor.kind == PredictorKind::kStatic   ? "static"
                                           : d.predictor.kind == PredictorKind::kGshare ? "gshare"
                                                                                        : "bimodal",
                                           {"static", "bimodal", "gshare"});
  p.kind = kind == "static"   ? PredictorKind::kStatic
           : kind == "gshare" ? PredictorKind::kGshare
                              : PredictorKind::kBimodal;
  p.table_entries =
      static_cast<u32>(pred.get_pow2("table_entries", d.predictor.table_entries, 1, 1u << 24));
  p.history_bits = pred.get_u32("history_bits", d.predictor.history_bits, 0, 24);
  p.btb_entries =
      static_cast<u32>(pred.get_pow2("btb_entries", d.predictor.btb_entries, 1, 1u << 20));
  p.ras_entries = pred.get_u32("ras_entries", d.predictor.ras_entries, 0, 64);
  pred.reject_unknown();

  Section mem = top.sub("memory");
  MemoryConfig& m = cfg.memory;
  m.l1i = parse_cache(mem.sub("l1i"), d.memory.l1i);
  m.l1d = parse_cache(mem.sub("l1d"), d.memory.l1d);
  m.l2 = parse_cache(mem.sub("l2"), d.memory.l2);
  m.memory_latency = mem.get_u32("memory_latency", d.memory.memory_latency, 0, 100000);
  m.mmio_latency = mem.get_u32("mmio_latency", d.memory.mmio_latency, 0, 100000);
  m.next_line_prefetch = mem.get_bool("next_line_prefetch", d.memory.next_line_prefetch);
  m.itlb = parse_tlb(mem.sub("itlb"), d.memory.itlb);
  m.dtlb = parse_tlb(mem.sub("dtlb"), d.memory.dtlb);
  m.page_walk_latency = mem.get_u32("page_walk_latency", d.memory.page_walk_latency, 0, 10000);
  mem.reject_unknown();
  if (m.l1i.line > m.l2.line || m.l1d.line > m.l2.line) {
    fail("{}: timing.memory: L1 line sizes ({}, {}) must not exceed the L2 line ({})", file,
         m.l1i.line, m.l1d.line, m.l2.line);
  }
  top.reject_unknown();
  return cfg;
}

TimingConfig load_timing_config(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    fail("{}: cannot open timing config", path);
  } catch (const YAML::Exception& e) {
    fail("{}:{}:{}: YAML syntax error: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg);
  }
  if (root && !root.IsNull() && !root.IsMap()) fail("{}: top level must be a mapping", path);
  return parse_timing_config(root ? root["timing"] : YAML::Node(), path);
}

}  // namespace rvscope::timing
