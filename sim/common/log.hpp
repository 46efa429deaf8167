// Logging setup: spdlog to stderr, quiet (warnings only) unless --log-level says otherwise.
#pragma once

#include <string_view>

#include <spdlog/spdlog.h>

namespace rvscope {

// Accepts trace, debug, info, warn, error, critical, off; throws SimError otherwise.
void set_log_level(std::string_view level);

}  // namespace rvscope
