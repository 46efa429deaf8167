// Command-line values that CLI11's converters accept too freely: counts and listen hosts.
#include "sim/app/cli_values.hpp"

#include <arpa/inet.h>

#include <charconv>

#include "sim/common/error.hpp"

namespace rvscope {

u64 parse_count_option(std::string_view option, std::string_view text, std::string_view what) {
  u64 value = 0;
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == text.npos;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!digits || ec != std::errc() || end != text.data() + text.size()) {
    fail("{} '{}': expected {} (a decimal number up to {})", option, text, what, ~u64{0});
  }
  return value;
}

std::string listen_address(std::string_view host) {
  if (host == "localhost") return "127.0.0.1";
  const std::string text(host);
  unsigned char buffer[16];
  if (::inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
      ::inet_pton(AF_INET6, text.c_str(), buffer) == 1) {
    return text;
  }
  fail(
      "gdb listen host '{}': expected an IP address (127.0.0.1, ::1) or localhost; host names "
      "are not looked up",
      host);
}

}  // namespace rvscope
