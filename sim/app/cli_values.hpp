// Command-line values that CLI11's converters accept too freely: counts and listen hosts.
#pragma once

#include <string>
#include <string_view>

#include "sim/common/types.hpp"

namespace rvscope {

// A decimal count for `option`: digits only (no sign, no spaces), no overflow. SimError
// "--max-insns '-1': expected a count of instructions (0 = no limit)" otherwise.
u64 parse_count_option(std::string_view option, std::string_view text, std::string_view what);

// The gdb stub's listen host as an address, never resolved through DNS: an IPv4 or IPv6
// literal is kept, "localhost" becomes 127.0.0.1; anything else is a SimError.
std::string listen_address(std::string_view host);

}  // namespace rvscope
