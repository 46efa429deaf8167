// Micro-benchmark (not a test): how many retire events per second the timing model consumes.
// Usage: timing_speed [profile.yaml] [million-events]. Prints events/s; host time is read only
// to measure this program's own speed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "kernel_program.hpp"
#include "sim/timing/timing_model.hpp"

using namespace rvscope;
using namespace rvscope::timing;

int main(int argc, char** argv) {
  const std::string src = RVSCOPE_SOURCE_DIR;
  const std::string profile = argc > 1 ? argv[1] : src + "/configs/u74.yaml";
  const double millions = argc > 2 ? std::atof(argv[2]) : 50.0;
  try {
    // A mix of the llvm-mca kernels (ALU, mul/div, FP, loads/stores, branches). The templates
    // stay small, as the events a hart fills one at a time stay in the host's L1; each pass
    // slides code and data so that the modelled caches and TLBs keep working.
    std::vector<RetireEvent> events;
    const char* kernels[] = {"int_alu_chain", "int_alu_indep", "mul_chain", "load_use",
                             "fp_fma",        "branch_mix",    "copy_loop", "mixed_int",
                             "load_chain",    "fp_add_chain"};
    for (const char* k : kernels) {
      const auto prog = test::parse_kernel(src + "/tests/timing/kernels/" + k + ".S");
      for (const RetireEvent& e : test::kernel_events(prog, 4)) events.push_back(e);
    }
    TimingModel model(load_timing_config(profile), 1);
    const u64 target = static_cast<u64>(millions * 1e6);
    u64 done = 0;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    const u64 step = 0x1040;  // per pass: code wraps in 64 KiB, data in 1 MiB
    u64 slide = 0;
    while (done < target) {
      const bool wrap = slide + step >= (1u << 20);
      const u64 data_delta = wrap ? 0 - slide : step;
      const u64 code_delta = (slide + (wrap ? 0 - slide : step)) % 0x10000 - slide % 0x10000;
      slide = wrap ? 0 : slide + step;
      for (RetireEvent& e : events) {
        e.pc += code_delta;
        e.next_pc += code_delta;
        for (unsigned a = 0; a < e.num_mem; ++a) {
          e.mem[a].paddr += data_delta;
          e.mem[a].vaddr += data_delta;
        }
        model.on_retire(e);
      }
      done += events.size();
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    std::printf(
        "%s: %llu events, %.3f s wall = %.1f M events/s, %.3f s CPU = %.1f M events/s per "
        "CPU second (modelled IPC %.3f)\n",
        profile.c_str(), static_cast<unsigned long long>(done), secs, done / secs / 1e6, cpu,
        done / cpu / 1e6, static_cast<double>(done) / static_cast<double>(model.cycles(0)));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "timing_speed: %s\n", e.what());
    return 1;
  }
  return 0;
}
