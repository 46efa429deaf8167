// run_outputs and check_run_files: no file a run writes may be one of the files it reads.
#include "sim/app/run_checks.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

TEST(RunChecks, SnapshotOverTheProgramIsRefused) {
  const std::string dir =
      ::testing::TempDir() + "/run_checks_snapshot_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const std::string program = dir + "/prog.elf";
  std::ofstream(program) << "an ELF, in spirit";
  MachineConfig config;
  config.boot.mode = BootMode::kDirect;
  config.boot.kernel = program;
  RunOptions options;
  options.save_at = {"insn:100", program};
  try {
    check_run_files(run_inputs(config, options), run_outputs(config, options));
    ADD_FAILURE() << "--save-at over the program was accepted";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("the snapshot '" + program + "' is the program"),
              std::string::npos)
        << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rvscope
