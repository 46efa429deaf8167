// The message a config text gets from loading it as the machine configuration (file "t.yaml"),
// or "" when it loads: for the tests of config errors.
#pragma once

#include <string>
#include <string_view>

#include "sim/config/config_tree.hpp"
#include "sim/config/machine_config.hpp"

namespace rvscope::test {

inline std::string config_error(std::string_view yaml) {
  try {
    ConfigTree tree = ConfigTree::from_string(yaml, "t.yaml");
    load_machine_config(tree);
  } catch (const SimError& e) {
    return e.what();
  }
  return "";
}

}  // namespace rvscope::test
