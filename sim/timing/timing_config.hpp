// TimingConfig: every knob of the timing model with its default, and the YAML parser for it.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "sim/common/types.hpp"

namespace YAML {
class Node;
}
namespace rvscope {
class ConfigTree;
}

namespace rvscope::timing {

// What the pipeline charges an instruction. Finer than the event's TimingClass: single and
// double precision FP differ on real cores, as do FP moves/compares versus FP adds.
enum class ExecClass : u8 {
  kAlu,
  kBranch,
  kJump,
  kLoad,
  kStore,
  kMul,
  kDiv,
  kFpAdd,   // double add/sub
  kFpAddS,  // single add/sub
  kFpMisc,  // sign-injection, min/max, compare, convert, move, classify
  kFpMul,
  kFpMulS,
  kFpFma,
  kFpFmaS,
  kFpDiv,
  kFpDivS,
  kFpSqrt,
  kFpSqrtS,
  kFpLoad,
  kFpStore,
  kCsr,
  kAmo,
  kLr,
  kSc,
  kFence,
  kFenceI,
  kSfenceVma,
  kSystem,
  kXret,
  kCount,
};
inline constexpr std::size_t kNumExecClasses = static_cast<std::size_t>(ExecClass::kCount);

// The YAML key under timing.core.classes for each ExecClass, in enum order.
std::string_view exec_class_key(ExecClass c);

// Long-latency units that are not pipelined; an instruction may hold one besides its pipe.
enum class Unit : u8 { kNone, kIntDiv, kFpDiv };

struct ClassTiming {
  u32 latency = 1;    // issue to result available for a dependent instruction
  u32 pipes = 0x1;    // bit mask of the issue pipes that can take it
  u32 occupancy = 1;  // cycles the chosen pipe stays busy (1 = fully pipelined)
  Unit unit = Unit::kNone;
  u32 unit_occupancy = 0;  // cycles the unit stays busy
};

struct CacheConfig {
  bool enabled = true;   // false: an ideal level, every access hits (e.g. perfect fetch)
  u64 size = 32 * 1024;  // bytes
  u32 ways = 4;
  u32 line = 64;    // bytes
  u32 latency = 0;  // extra cycles a request that reaches this level costs
};

struct TlbConfig {
  bool enabled = true;  // false: translation is free
  u32 entries = 32;
  u32 ways = 32;  // entries == ways: fully associative
};

enum class PredictorKind : u8 { kStatic, kBimodal, kGshare };

struct PredictorConfig {
  PredictorKind kind = PredictorKind::kBimodal;
  u32 table_entries = 1024;  // 2-bit counters (bimodal, gshare)
  u32 history_bits = 10;     // gshare global history length
  u32 btb_entries = 32;      // direct-mapped branch target buffer
  u32 ras_entries = 4;       // return-address stack
};

// How an instruction that may take several pipes picks one.
enum class PipeSelection : u8 {
  kLeastBusy,   // the pipe that frees first; the lowest-numbered one on a tie
  kRoundRobin,  // llvm-mca's ResourceManager: rotate among the pipes free this cycle
};

struct CoreConfig {
  u32 issue_width = 1;
  u32 num_pipes = 1;
  PipeSelection pipe_selection = PipeSelection::kLeastBusy;
  bool in_order_writeback = false;  // results retire in program order (llvm-mca's in-order model)
  bool blocking_loads = true;       // a cache miss holds the memory pipe until it is served
  u32 mispredict_penalty = 3;       // cycles from the branch's issue to the right fetch
  u32 taken_bubble = 0;             // fetch bubble after a correctly predicted taken control flow
  u32 btb_miss_penalty = 0;         // bubble when a taken direct branch/jump misses the BTB
  u32 refill_penalty = 5;           // traps, xRET, fence.i, sfence.vma flush the pipeline
  std::array<ClassTiming, kNumExecClasses> classes{};
};

// MESI over the per-hart L1 data caches (snooped at the shared L2); none: incoherent L1s
// that charge nothing for sharing. Only a run with more than one hart pays anything.
struct CoherenceConfig {
  bool enabled = true;        // protocol: mesi (true) or none
  u32 transfer_latency = 20;  // a miss served from another hart's modified line
  u32 upgrade_latency = 10;   // a write to a shared line: invalidate the other copies
};

struct MemoryConfig {
  CacheConfig l1i{true, 32 * 1024, 4, 64, 0};
  CacheConfig l1d{true, 32 * 1024, 4, 64, 0};
  CacheConfig l2{true, 512 * 1024, 8, 64, 10};
  u32 memory_latency = 100;         // cycles past an L2 miss
  u32 mmio_latency = 20;            // cycles for a device access (never cached)
  bool next_line_prefetch = false;  // on an L1D miss also fetch the next line
  TlbConfig itlb{true, 32, 32};
  TlbConfig dtlb{true, 32, 32};
  u32 page_walk_latency = 2;  // cycles per level of the walker itself, besides its memory accesses
  CoherenceConfig coherence;
};

// --sample (SMARTS-style systematic sampling): the last `window` instructions of every `period`
// are measured in detail, behind `detailed_warmup` detailed instructions that fill the pipeline
// and `functional_warming` instructions that only train caches, TLBs and predictors; the rest
// runs in the plain loop, unobserved.
struct SamplingConfig {
  u64 period = 1'000'000;
  u64 window = 3000;
  u64 detailed_warmup = 1000;
  u64 functional_warming = 100'000;
  // The run's first instructions warm too, whatever the schedule says: lines and branches the
  // caches and predictors never saw would otherwise make the first windows miss.
  u64 initial_warming = 2'000'000;
};

struct TimingConfig {
  bool enabled = false;     // off: one cycle per instruction, no model at all
  bool warm_caches = true;  // update caches/TLBs/predictors during a fast-forward phase
  CoreConfig core = default_core();
  PredictorConfig predictor;
  MemoryConfig memory;
  SamplingConfig sampling;

  static CoreConfig default_core();
};

// Parses the `timing:` section. Unknown keys and bad values are SimErrors naming
// file:line:column and the full key (e.g. "timing.memory.l1d.ways").
TimingConfig parse_timing_config(const YAML::Node& timing_section, const std::string& file);

// The same keys from the machine-wide ConfigTree (so --set timing.memory.l2.latency=30 works);
// the tree reports keys nobody read. Errors are the tree's "FILE:LINE: key: ..." SimErrors.
TimingConfig read_timing_config(ConfigTree& tree);

// Loads a whole YAML file and parses its top-level `timing:` key (defaults when absent).
TimingConfig load_timing_config(const std::string& path);

}  // namespace rvscope::timing
