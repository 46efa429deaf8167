// MachineState: a machine's state as named sections of bytes, in memory (reverse execution
// keeps several) or in a snapshot file (snapshot_file.hpp adds the header and checks).
#pragma once

#include <string>
#include <vector>

#include "sim/common/types.hpp"

namespace rvscope {

struct StateSection {
  std::string tag;  // four characters: "MACH", "HART", "DEVS", "RAM "
  std::vector<u8> data;
};

struct MachineState {
  std::vector<StateSection> sections;
  // Where it came from, for errors: "snapshot 'clone3.snap'" or "history".
  std::string origin = "snapshot";
  u64 executed = 0;  // Machine::total_executed() when it was taken
};

}  // namespace rvscope
