// Tracing: option plumbing from TraceConfig to trace::TraceSession.
#include "sim/app/tracing.hpp"

#include <fmt/format.h>

#include <iostream>

#include "sim/common/error.hpp"
#include "sim/cpu/disasm.hpp"
#include "sim/elf/elf_file.hpp"
#include "sim/elf/source_lines.hpp"
#include "sim/trace/trace_window.hpp"

namespace rvscope {
namespace {

// Replaced atomically on finish(): a run that fails leaves the previous file in place.
std::unique_ptr<OutputFile> open_output(const std::string& path, std::string_view what) {
  return std::make_unique<OutputFile>(path, std::string(what));
}

// Source lines from the kernel ELF and the --symbols files, first match wins.
class ElfLines final : public trace::LineLookup {
 public:
  void add(const std::string& path) { files_.push_back(SourceLines::open(path)); }
  std::optional<trace::SourceLine> find(u64 pc) const override {
    for (const SourceLines& file : files_) {
      if (auto where = file.find(pc)) {
        return trace::SourceLine{where->file, where->line, where->inlined};
      }
    }
    return std::nullopt;
  }

 private:
  std::vector<SourceLines> files_;
};

std::string join(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items) joined += (joined.empty() ? "" : ",") + item;
  return joined;
}

}  // namespace

Tracing::Tracing(Machine& machine, const TraceConfig& config)
    : machine_(machine), view_(machine), symbols_(machine.symbols()) {
  for (const std::string& path : config.symbols) {
    machine.add_symbols(ElfFile::load(path).symbols());
  }
  trace::TraceOptions options;
  if (config.strace) {
    if (config.strace_output.empty()) {
      options.strace_out = &std::cerr;
    } else {
      strace_file_ = open_output(config.strace_output, "syscall trace");
      options.strace_out = &strace_file_->stream();
    }
    options.strace_filter = join(config.strace_filter);
    options.strace_filter_origin = config.strace_filter_from;
    options.strace_cycles = config.strace_cycles;
  }
  if (config.why) {
    auto lines = std::make_unique<ElfLines>();
    if (!machine.config().boot.kernel.empty()) lines->add(machine.config().boot.kernel);
    for (const std::string& path : config.symbols) lines->add(path);
    lines_ = std::move(lines);
    options.why = true;
    options.why_filter = config.why_filter;
    options.lines = lines_.get();
  }
  if (!config.windows.empty()) {
    // A bad window or symbol is reported before any file is created.
    trace::parse_trace_windows(join(config.windows), &symbols_, config.windows_from);
    trace_path_ = config.output;
    trace_file_ = open_output(config.output, "instruction trace");
    options.commit_out = &trace_file_->stream();
    options.commit_format = config.format == TraceFormat::kSpike ? "spike" : "annotated";
    options.windows = join(config.windows);
    options.windows_origin = config.windows_from;
  }
  if (!config.timeline.empty()) {
    timeline_path_ = config.timeline;
    timeline_file_ = open_output(config.timeline, "timeline");
    options.timeline_out = &timeline_file_->stream();
    options.core_hz = static_cast<double>(machine.config().machine.core_hz);
  }
  if (!options.strace_out && !options.commit_out && !options.timeline_out) return;
  session_ = std::make_unique<trace::TraceSession>(
      view_, &symbols_, [](u32 bits, u64 pc) { return disassemble(bits, pc); }, options);
  trace::TraceSession* session = session_.get();
  machine.add_observer(session, [session] {
    switch (session->demand()) {
      case trace::EventDemand::kNone:
        return ObserveLevel::kNone;
      case trace::EventDemand::kTrapsAndXret:
        return ObserveLevel::kTrapsAndXret;
      case trace::EventDemand::kAll:
        return ObserveLevel::kEveryInstruction;
    }
    return ObserveLevel::kEveryInstruction;
  });
}

Tracing::~Tracing() {
  if (session_) machine_.remove_observer(session_.get());
}

void Tracing::restore_threads(std::span<const u8> strace_state, const std::string& what) {
  if (session_) session_->restore_threads(strace_state, what, machine_.num_harts());
}

std::optional<u64> Tracing::strace_lines() const {
  return session_ ? session_->strace_lines() : std::nullopt;
}

void Tracing::finish() {
  if (!session_) return;
  session_->finish();
  for (auto* file : {strace_file_.get(), trace_file_.get(), timeline_file_.get()}) {
    if (file != nullptr) file->commit();
  }
  std::cerr.flush();
}

std::string Tracing::summary() const {
  std::string text;
  if (!trace_path_.empty()) text += fmt::format("instruction trace written to {}\n", trace_path_);
  if (!timeline_path_.empty()) text += fmt::format("timeline written to {}\n", timeline_path_);
  return text;
}

}  // namespace rvscope
