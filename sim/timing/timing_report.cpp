// Renders a TimingReport as the end-of-run text summary and as the --stats JSON document.
#include "sim/timing/timing_report.hpp"

#include <fmt/format.h>

#include <fstream>

#include "sim/common/error.hpp"

namespace rvscope::timing {

namespace {
constexpr const char* kPrivNames[3] = {"user", "supervisor", "machine"};

std::string ratio(u64 num, u64 den, int digits = 3) {
  if (den == 0) return "0";
  return fmt::format("{:.{}f}", static_cast<double>(num) / static_cast<double>(den), digits);
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void text_level(std::string& out, const LevelReport& l) {
  out += fmt::format("    {:<5} accesses {:>12}  misses {:>10}  miss-rate {}", l.name, l.accesses,
                     l.misses, ratio(l.misses, l.accesses, 4));
  if (l.name.find("tlb") != std::string::npos) {
    out += fmt::format("  walks {}  walk-cycles {}\n", l.walks, l.walk_cycles);
  } else {
    out += fmt::format("  writebacks {}  prefetches {}\n", l.writebacks, l.prefetches);
  }
}

std::string json_level(const LevelReport& l) {
  return fmt::format(
      "{{\"accesses\": {}, \"misses\": {}, \"writebacks\": {}, \"prefetches\": {}, \"walks\": {}, "
      "\"walk_cycles\": {}}}",
      l.accesses, l.misses, l.writebacks, l.prefetches, l.walks, l.walk_cycles);
}
}  // namespace

std::string format_text(const TimingReport& r) {
  std::string out = "timing statistics\n";
  for (const HartReport& h : r.harts) {
    out += fmt::format("  hart {}\n", h.hart);
    if (h.sample) {
      const SampleEstimate& s = *h.sample;
      const double share = s.instructions != 0
                               ? 100.0 * static_cast<double>(s.measured_instructions) /
                                     static_cast<double>(s.instructions)
                               : 0.0;
      out += fmt::format(
          "    sampled: {} windows, {} instructions measured of {} ({:.3f}%)\n"
          "    estimated CPI {:.4f} +- {:.4f} (95% confidence, +-{:.2f}%)  estimated cycles {:.0f}"
          "\n    (the counts below are of the detailed instructions: windows and warmups)\n",
          s.samples, s.measured_instructions, s.instructions, share, s.cpi, s.cpi_half_width,
          s.cpi != 0 ? 100.0 * s.cpi_half_width / s.cpi : 0.0, s.cycles);
    }
    out += fmt::format("    cycles {}  instructions {}  IPC {}  CPI {}\n", h.cycles, h.instructions,
                       ratio(h.instructions, h.cycles), ratio(h.cycles, h.instructions));
    if (h.functional_instructions != 0) {
      out += fmt::format("    fast-forwarded instructions {}\n", h.functional_instructions);
    }
    for (std::size_t p = 0; p < 3; ++p) {
      out += fmt::format("    {:<10} cycles {:>12}  instructions {:>12}\n", kPrivNames[p],
                         h.cycles_by_priv[p], h.instructions_by_priv[p]);
    }
    out += fmt::format("    idle {}  traps {}  interrupts {}  mmio {}\n", h.idle_cycles, h.traps,
                       h.interrupts, h.mmio_accesses);
    out += fmt::format(
        "    branches {}  mispredicted {} ({})  jumps {}  mispredicted {}  btb-misses {}\n",
        h.branches, h.branch_mispredicts, ratio(h.branch_mispredicts, h.branches, 4), h.jumps,
        h.jump_mispredicts, h.btb_misses);
    out += "    stall cycles:";
    for (const auto& [name, cycles] : h.stall_cycles) out += fmt::format(" {} {}", name, cycles);
    out += "\n";
    for (const LevelReport& l : h.levels) text_level(out, l);
    if (r.harts.size() > 1) {
      out += fmt::format("    coherence transfers {}  upgrades {}  invalidations {}  cycles {}\n",
                         h.coherence_transfers, h.coherence_upgrades, h.coherence_invalidations,
                         h.coherence_cycles);
    }
  }
  out += "  shared\n";
  text_level(out, r.l2);
  out += fmt::format("    memory writebacks {}\n", r.memory_writebacks);
  if (!r.syscalls.empty()) {
    out += "  syscalls (cycles from the ecall to the return to user mode)\n";
    for (const SyscallReport& s : r.syscalls) {
      out += fmt::format("    {:<16} count {:>8}  cycles {:>12}  avg {:>10}  max {}\n",
                         s.name.empty() ? fmt::format("#{}", s.number) : s.name, s.count, s.cycles,
                         s.cycles / (s.count ? s.count : 1), s.max_cycles);
    }
  }
  if (!r.top_functions.empty()) {
    out += "  top functions by cycles\n";
    for (const FunctionReport& f : r.top_functions) {
      out += fmt::format("    {:>12} cycles {:>12} insns  {}\n", f.cycles, f.instructions, f.name);
    }
  }
  return out;
}

std::string format_json(const TimingReport& r) {
  std::string out = "{\n  \"harts\": [";
  for (std::size_t i = 0; i < r.harts.size(); ++i) {
    const HartReport& h = r.harts[i];
    out += i ? ",\n    {" : "\n    {";
    out += fmt::format(
        "\"hart\": {}, \"cycles\": {}, \"instructions\": {}, \"ipc\": {}, "
        "\"functional_instructions\": {}, \"idle_cycles\": {}, \"traps\": {}, "
        "\"interrupts\": {}, \"mmio_accesses\": {},\n     ",
        h.hart, h.cycles, h.instructions, ratio(h.instructions, h.cycles, 6),
        h.functional_instructions, h.idle_cycles, h.traps, h.interrupts, h.mmio_accesses);
    out += "\"by_privilege\": {";
    for (std::size_t p = 0; p < 3; ++p) {
      out += fmt::format("{}\"{}\": {{\"cycles\": {}, \"instructions\": {}}}", p ? ", " : "",
                         kPrivNames[p], h.cycles_by_priv[p], h.instructions_by_priv[p]);
    }
    out += fmt::format(
        "}},\n     \"branches\": {{\"conditional\": {}, \"conditional_mispredicts\": {}, "
        "\"jumps\": {}, \"jump_mispredicts\": {}, \"btb_misses\": {}}},\n     \"stall_cycles\": {{",
        h.branches, h.branch_mispredicts, h.jumps, h.jump_mispredicts, h.btb_misses);
    for (std::size_t s = 0; s < h.stall_cycles.size(); ++s) {
      out += fmt::format("{}\"{}\": {}", s ? ", " : "", h.stall_cycles[s].first,
                         h.stall_cycles[s].second);
    }
    out += "}";
    for (const LevelReport& l : h.levels) {
      out += fmt::format(",\n     \"{}\": {}", l.name, json_level(l));
    }
    if (r.harts.size() > 1) {
      out += fmt::format(
          ",\n     \"coherence\": {{\"transfers\": {}, \"upgrades\": {}, \"invalidations\": {}, "
          "\"cycles\": {}}}",
          h.coherence_transfers, h.coherence_upgrades, h.coherence_invalidations,
          h.coherence_cycles);
    }
    if (h.sample) {
      const SampleEstimate& s = *h.sample;
      out += fmt::format(
          ",\n     \"sample\": {{\"windows\": {}, \"measured_instructions\": {}, "
          "\"measured_cycles\": {}, \"instructions\": {}, \"idle_cycles\": {}, \"cpi\": {:.6f}, "
          "\"cpi_ci95\": {:.6f}, \"estimated_cycles\": {:.0f}}}",
          s.samples, s.measured_instructions, s.measured_cycles, s.instructions, s.idle_cycles,
          s.cpi, s.cpi_half_width, s.cycles);
    }
    out += "}";
  }
  out += fmt::format("\n  ],\n  \"l2\": {},\n  \"memory_writebacks\": {},\n  \"syscalls\": [",
                     json_level(r.l2), r.memory_writebacks);
  for (std::size_t i = 0; i < r.syscalls.size(); ++i) {
    const SyscallReport& s = r.syscalls[i];
    out += fmt::format(
        "{}\n    {{\"number\": {}, \"name\": {}, \"count\": {}, \"cycles\": {}, \"max_cycles\": "
        "{}}}",
        i ? "," : "", s.number, json_string(s.name), s.count, s.cycles, s.max_cycles);
  }
  out += r.syscalls.empty() ? "],\n  \"top_functions\": [" : "\n  ],\n  \"top_functions\": [";
  for (std::size_t i = 0; i < r.top_functions.size(); ++i) {
    const FunctionReport& f = r.top_functions[i];
    out += fmt::format("{}\n    {{\"name\": {}, \"cycles\": {}, \"instructions\": {}}}",
                       i ? "," : "", json_string(f.name), f.cycles, f.instructions);
  }
  out += r.top_functions.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

void write_json(const TimingReport& report, const std::string& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) fail("--stats {}: cannot open for writing", path);
  file << format_json(report);
  file.flush();
  if (!file) fail("--stats {}: write failed", path);
}

}  // namespace rvscope::timing
