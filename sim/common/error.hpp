// SimError: the one exception type for host-side failures (bad ELF, bad config, I/O); the
// message always says what failed, where, and with which value. Guest faults are traps.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace rvscope {

class SimError : public std::runtime_error {
 public:
  explicit SimError(const std::string& what) : std::runtime_error(what) {}
};

template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) {
  throw SimError(fmt::format(format, std::forward<Args>(args)...));
}

// Process exit codes of rvscope itself, when the guest did not choose one.
enum ExitCode : int {
  kExitSimError = 120,    // bad input: ELF, config, command line
  kExitGuestStuck = 121,  // guest stopped making progress (e.g. jumped into nowhere in bare mode)
  kExitInsnLimit = 122,   // --max-insns reached before the guest exited
};

}  // namespace rvscope
