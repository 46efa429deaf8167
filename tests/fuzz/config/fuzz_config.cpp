// Fuzz target: the YAML configuration as `rvscope run --config FILE --set K=V` reads it. The
// input is a YAML file; after a NUL byte come --set assignments, one per line. The file is read
// as run does (ConfigTree, load_machine_config, read_timing_config, check_unused) and as the
// timing tools do (load_timing_config). Every refusal must be a SimError; any other exception
// escaping is a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/common/error.hpp"
#include "sim/config/config_tree.hpp"
#include "sim/config/machine_config.hpp"
#include "sim/timing/timing_config.hpp"
#include "tests/fuzz/support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static rvscope::fuzz::ScratchFile file("config");
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  const std::string_view yaml = input.substr(0, nul);
  std::string_view overrides = nul == std::string_view::npos ? "" : input.substr(nul + 1);

  file.write(yaml);
  try {
    rvscope::ConfigTree tree = rvscope::ConfigTree::from_file(file.path());
    while (!overrides.empty()) {
      const auto end = overrides.find('\n');
      tree.set(overrides.substr(0, end));
      if (end == std::string_view::npos) break;
      overrides.remove_prefix(end + 1);
    }
    (void)rvscope::load_machine_config(tree);
    (void)rvscope::timing::read_timing_config(tree);
    tree.check_unused();
  } catch (const rvscope::SimError&) {
  }
  try {
    (void)rvscope::timing::load_timing_config(file.path());
  } catch (const rvscope::SimError&) {
  }
  return 0;
}
