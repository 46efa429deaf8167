// Logging setup: spdlog to stderr, quiet (warnings only) unless --log-level says otherwise.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace rvscope {

// Accepts trace, debug, info, warn, error, critical, off; throws SimError otherwise.
void set_log_level(std::string_view level);

}  // namespace rvscope
