// The Kanata 0004 log's rules, checked over a whole file: the pipeline-view tests' oracle.
#pragma once

#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace rvscope::test {

// What a well-formed pipeline view satisfies: the header, then C= once before anything else;
// cycles only advance (C with a positive count); file ids start at 0 and each appears in one
// I before any other command names it; lane-0 stages start in `stage_order` (a flushed
// instruction may stop early) and each E ends the stage open in its lane; every instruction
// ends with exactly one R, retire ids count the retired ones (type 0) from 0. Returns the
// first broken rule with its line number, or "" when the log keeps them all.
inline std::string kanata_violation(const std::string& log,
                                    const std::vector<std::string>& stage_order) {
  struct Live {
    std::size_t next_stage = 0;
    std::map<std::string, std::string> open;  // lane -> stage
  };
  std::istringstream in(log);
  std::string line;
  std::size_t n = 0;
  auto at = [&](const std::string& what) { return "line " + std::to_string(n) + ": " + what; };
  if (!std::getline(in, line) || line != "Kanata\t0004") return "line 1: not a Kanata 0004 header";
  n = 1;
  bool cycle_set = false;
  long long next_id = 0, next_retire = 0;
  std::map<long long, Live> live;
  std::map<long long, bool> ended;
  while (std::getline(in, line)) {
    ++n;
    std::vector<std::string> f;
    std::istringstream cols(line);
    for (std::string col; std::getline(cols, col, '\t');) f.push_back(col);
    if (f.empty()) return at("empty line");
    const std::string& cmd = f[0];
    if (cmd == "C=") {
      if (cycle_set || f.size() != 2) return at("C= must come once, first");
      cycle_set = true;
      continue;
    }
    if (!cycle_set) return at("command before C=");
    if (cmd == "C") {
      if (f.size() != 2 || std::stoll(f[1]) <= 0) return at("C must advance the cycle");
      continue;
    }
    if (f.size() < 2) return at("missing the instruction id");
    const long long id = std::stoll(f[1]);
    if (cmd == "I") {
      if (f.size() != 4) return at("I takes an id, a simulator id and a thread");
      if (id != next_id) return at("file ids must be sequential from 0");
      ++next_id;
      live[id] = {};
      continue;
    }
    auto it = live.find(id);
    if (it == live.end()) {
      return at(ended.count(id) ? "instruction " + f[1] + " used after its R"
                                : "instruction " + f[1] + " used before its I");
    }
    Live& insn = it->second;
    if (cmd == "L") {
      if (f.size() != 4 || (f[2] != "0" && f[2] != "1")) return at("L takes an id, 0|1, a text");
    } else if (cmd == "S" || cmd == "E") {
      if (f.size() != 4) return at(cmd + " takes an id, a lane and a stage");
      const std::string& lane = f[2];
      if (cmd == "S") {
        if (insn.open.count(lane)) return at("stage " + f[3] + " starts while one is open");
        if (lane == "0") {
          if (insn.next_stage >= stage_order.size() || stage_order[insn.next_stage] != f[3]) {
            return at("stage " + f[3] + " out of order");
          }
          ++insn.next_stage;
        }
        insn.open[lane] = f[3];
      } else {
        auto open = insn.open.find(lane);
        if (open == insn.open.end() || open->second != f[3]) return at("E of a stage not open");
        insn.open.erase(open);
      }
    } else if (cmd == "R") {
      if (f.size() != 4 || (f[3] != "0" && f[3] != "1"))
        return at("R takes an id, a retire id, 0|1");
      if (f[3] == "0") {
        if (std::stoll(f[2]) != next_retire) return at("retire ids must count from 0");
        if (insn.next_stage != stage_order.size()) return at("retired before its last stage");
        ++next_retire;
      }
      live.erase(it);
      ended[id] = true;
    } else if (cmd == "W") {
      if (f.size() != 4) return at("W takes a consumer, a producer and a type");
    } else {
      return at("unknown command " + cmd);
    }
  }
  if (!live.empty()) return "instruction " + std::to_string(live.begin()->first) + " never ends";
  return "";
}

}  // namespace rvscope::test
