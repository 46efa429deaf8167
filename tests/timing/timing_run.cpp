// Stand-in for `rvscope run --timing-from ... --stats ...` until the CLI carries the timing
// model: runs a machine with the model attached and prints MIPS and the statistics.
// Usage: timing_run PROFILE.yaml|none [trigger=SPEC] [stats=FILE.json] [key=value ...]
//   e.g. timing_run configs/u74.yaml trigger=syscall:clone3 boot.kernel=starlet.elf
//        boot.initrd=initramfs.cpio
// key=value pairs are machine config overrides (as --set). Host time is read only to report
// this program's own speed.
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <unordered_map>

#include "sim/config/config_tree.hpp"
#include "sim/config/machine_config.hpp"
#include "sim/machine/machine.hpp"
#include "sim/timing/timing_model.hpp"

using namespace rvscope;
using namespace rvscope::timing;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: timing_run PROFILE.yaml|none [trigger=SPEC] [stats=FILE] "
                 "[key=value ...]\n");
    return 2;
  }
  try {
    const std::string profile = argv[1];
    std::string trigger;
    std::string stats;
    ConfigTree tree;
    for (int i = 2; i < argc; ++i) {
      const std::string a = argv[i];
      if (a.rfind("trigger=", 0) == 0) {
        trigger = a.substr(8);
      } else if (a.rfind("stats=", 0) == 0) {
        stats = a.substr(6);
      } else {
        tree.set(a);
      }
    }
    const MachineConfig config = load_machine_config(tree);
    Machine machine(config);
    machine.load();
    std::unordered_map<std::string, u64> sizes;
    for (const auto& s : machine.symbols().symbols()) sizes[s.name] = s.size;
    std::unique_ptr<TimingModel> model;
    if (profile != "none") {
      model = std::make_unique<TimingModel>(load_timing_config(profile), machine.num_harts());
      if (!trigger.empty()) model->set_trigger(parse_timing_trigger(trigger));
      model->set_symbol_lookup([&](u64 pc) -> std::optional<SymbolInfo> {
        const auto at = machine.symbols().symbolize(pc);
        if (!at) return std::nullopt;
        std::string name(at->name);
        const u64 size = sizes[name];
        return SymbolInfo{std::move(name), pc - at->offset, size};
      });
      machine.add_observer(model.get());
    }
    const std::clock_t start = std::clock();
    const RunResult result = machine.run();
    const double cpu = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    const u64 insns = machine.total_executed();
    std::fprintf(stderr, "timing_run: %s: exit %d%s%s, %llu instructions, %.2f s CPU = %.1f MIPS\n",
                 profile.c_str(), result.exit_code, result.message.empty() ? "" : ": ",
                 result.message.c_str(), static_cast<unsigned long long>(insns), cpu,
                 cpu > 0 ? static_cast<double>(insns) / cpu / 1e6 : 0.0);
    if (model) {
      std::fprintf(stderr, "%s", format_text(model->report()).c_str());
      if (!stats.empty()) write_json(model->report(), stats);
    }
    return result.exit_code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "timing_run: %s\n", e.what());
    return 120;
  }
}
