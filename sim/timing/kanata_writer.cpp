// KanataWriter: each entry becomes its commands (I, L, S/E per stage and lane, R), held in
// cycle order and written once the frontier passes them.
#include "sim/timing/kanata_writer.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rvscope::timing {

KanataWriter::KanataWriter(std::ostream& out) : out_(&out) { *out_ << "Kanata\t0004\n"; }

void KanataWriter::add(const KanataEntry& given) {
  KanataEntry entry = given;
  for (std::string* text : {&entry.label, &entry.detail}) {  // a tab would end the column
    std::replace(text->begin(), text->end(), '\t', ' ');
  }
  // Moving a cycle up keeps the file valid; it never happens when the caller keeps its promise.
  u64 floor = frontier_;
  for (std::size_t i = 0; i < entry.num_stages; ++i) {
    entry.stage_start[i] = std::max(entry.stage_start[i], floor);
    floor = entry.stage_start[i];
  }
  entry.end = std::max(entry.end, floor);
  const u64 id = next_entry_++;
  u32 step = 0;
  auto at = [&](u64 cycle, Command c) { pending_.emplace(Key{cycle, id, step++}, c); };
  const u64 first = entry.num_stages != 0 ? entry.stage_start[0] : entry.end;
  at(first, {Op::kStart});
  for (std::size_t i = 0; i < entry.num_stages; ++i) {
    if (i != 0) at(entry.stage_start[i], {Op::kStageEnd, 0, entry.stage_name[i - 1]});
    at(entry.stage_start[i], {Op::kStageStart, 0, entry.stage_name[i]});
  }
  if (entry.stall_name != nullptr && entry.stall_end > entry.stall_start) {
    // Steps order commands of one cycle, so the overlay's go after the stages of its cycle.
    const u64 from = std::clamp(entry.stall_start, first, entry.end);
    const u64 to = std::clamp(entry.stall_end, from, entry.end);
    at(from, {Op::kStageStart, 1, entry.stall_name});
    at(to, {Op::kStageEnd, 1, entry.stall_name});
  }
  if (entry.num_stages != 0) {
    at(entry.end, {Op::kStageEnd, 0, entry.stage_name[entry.num_stages - 1]});
  }
  at(entry.end, {Op::kRetire});
  entries_.emplace(id, std::move(entry));
}

void KanataWriter::advance(u64 cycle) {
  if (cycle <= frontier_) return;
  frontier_ = cycle;
  write_until(cycle);
}

void KanataWriter::finish() {
  write_until(~u64{0});
  out_->flush();
}

void KanataWriter::write_until(u64 cycle) {
  while (!pending_.empty()) {
    auto it = pending_.begin();
    const auto [at, entry, step] = it->first;
    if (at >= cycle) break;
    const Command command = it->second;
    pending_.erase(it);
    write(at, entry, command);
  }
}

void KanataWriter::write(u64 cycle, u64 entry, const Command& command) {
  if (!started_) {
    *out_ << fmt::format("C=\t{}\n", cycle);
    started_ = true;
  } else if (cycle > cycle_) {
    *out_ << fmt::format("C\t{}\n", cycle - cycle_);
  }
  cycle_ = cycle;
  const KanataEntry& e = entries_.at(entry);
  switch (command.op) {
    case Op::kStart: {
      const u64 file_id = next_file_id_++;
      file_ids_[entry] = file_id;
      *out_ << fmt::format("I\t{}\t{}\t{}\n", file_id, e.sim_id, e.thread);
      *out_ << fmt::format("L\t{}\t0\t{}\n", file_id, e.label);
      if (!e.detail.empty()) *out_ << fmt::format("L\t{}\t1\t{}\n", file_id, e.detail);
      break;
    }
    case Op::kStageStart:
      *out_ << fmt::format("S\t{}\t{}\t{}\n", file_ids_.at(entry), command.lane, command.stage);
      break;
    case Op::kStageEnd:
      *out_ << fmt::format("E\t{}\t{}\t{}\n", file_ids_.at(entry), command.lane, command.stage);
      break;
    case Op::kRetire: {
      const u64 file_id = file_ids_.at(entry);
      // Retire ids count the retired instructions; a flushed one takes the next id unused.
      *out_ << fmt::format("R\t{}\t{}\t{}\n", file_id, next_retire_id_, e.flushed ? 1 : 0);
      if (!e.flushed) ++next_retire_id_;
      file_ids_.erase(entry);
      entries_.erase(entry);
      break;
    }
  }
}

}  // namespace rvscope::timing
