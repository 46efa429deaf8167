// KanataWriter: instructions' pipeline stages as a Kanata 0004 log, the format the Konata
// pipeline viewer reads.
#pragma once

#include <array>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <unordered_map>

#include "sim/common/types.hpp"

namespace rvscope::timing {

// One instruction (or one discarded fetch) as the view shows it. Stage i runs from
// stage_start[i] to the next stage's start (the last one to `end`); starts never decrease.
struct KanataEntry {
  static constexpr std::size_t kMaxStages = 5;
  u64 sim_id = 0;       // the simulator's id for it (the hart's instret)
  unsigned thread = 0;  // the hart
  std::string label;    // the viewer's left pane: pc and disassembly
  std::string detail;   // shown on mouse-over
  std::array<const char*, kMaxStages> stage_name{};
  std::array<u64, kMaxStages> stage_start{};
  std::size_t num_stages = 0;
  u64 end = 0;  // the cycle it retires or is flushed in
  bool flushed = false;
  // Lane 1 (the viewer's stall overlay): [stall_start, stall_end) named stall_name, if set.
  const char* stall_name = nullptr;
  u64 stall_start = 0;
  u64 stall_end = 0;
};

// The format's cycles only go forward, but an instruction's later stages are known before an
// earlier-fetched one's end: entries are held until advance() says no later entry can start
// before their cycles, then written in cycle order.
class KanataWriter {
 public:
  explicit KanataWriter(std::ostream& out);
  // Every cycle of `entry` must be at or after frontier(); earlier ones are moved up to it.
  void add(const KanataEntry& entry);
  // No entry added later has a cycle before `cycle`: writes everything before it.
  void advance(u64 cycle);
  void finish();  // writes everything still held
  u64 frontier() const { return frontier_; }
  u64 entries_written() const { return next_file_id_; }

 private:
  enum class Op : u8 { kStart, kStageStart, kStageEnd, kRetire };
  struct Command {
    Op op;
    u8 lane = 0;
    const char* stage = nullptr;
  };
  // Ordered by cycle, then by entry (in the order added), then by the entry's own step order.
  using Key = std::tuple<u64, u64, u32>;
  void write_until(u64 cycle);  // writes the commands with cycle < `cycle`
  void write(u64 cycle, u64 entry, const Command& command);

  std::ostream* out_;
  std::map<Key, Command> pending_;
  std::unordered_map<u64, KanataEntry> entries_;  // by add order, until retired
  std::unordered_map<u64, u64> file_ids_;         // add order -> the file's id
  u64 next_entry_ = 0;
  u64 next_file_id_ = 0;
  u64 next_retire_id_ = 0;
  u64 frontier_ = 0;
  bool started_ = false;  // C= written
  u64 cycle_ = 0;         // of the latest command written
};

}  // namespace rvscope::timing
