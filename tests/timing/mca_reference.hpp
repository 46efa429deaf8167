// llvm-mca's cycles for the kernels of tests/timing/kernels (kernels/mca_reference.txt), read
// by both agreement tests: the synthetic one (tests/unit/timing) and the programs one.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/common/types.hpp"

namespace rvscope::test {

inline const std::string kMcaKernels = std::string(RVSCOPE_SOURCE_DIR) + "/tests/timing/kernels/";

struct McaReference {
  std::string kernel;
  u64 c100 = 0, c200 = 0;  // total cycles of 100 and of 200 iterations
  double per_iteration() const { return static_cast<double>(c200 - c100) / 100.0; }
};

inline std::vector<McaReference> mca_references() {
  std::ifstream in(kMcaKernels + "mca_reference.txt");
  std::vector<McaReference> refs;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream s(line);
    McaReference r;
    s >> r.kernel >> r.c100 >> r.c200;
    refs.push_back(r);
  }
  return refs;
}

}  // namespace rvscope::test
