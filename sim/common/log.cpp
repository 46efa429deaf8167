// Logging setup: maps --log-level names onto spdlog levels.
#include "sim/common/log.hpp"

#include "sim/common/error.hpp"

namespace rvscope {

void set_log_level(std::string_view level) {
  const auto parsed = spdlog::level::from_str(std::string(level));
  if (parsed == spdlog::level::off && level != "off") {
    fail("unknown log level '{}' (expected trace, debug, info, warn, error, critical or off)",
         level);
  }
  spdlog::set_level(parsed);
  spdlog::set_pattern("rvscope: %^%l%$: %v");
}

}  // namespace rvscope
