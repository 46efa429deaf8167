// Helper reads of guest memory through a GuestView.
#include "sim/trace/guest_view.hpp"

namespace rvscope::trace {

std::optional<std::string> GuestMemory::read_cstring(u64 vaddr, std::size_t max,
                                                     bool* terminated) const {
  std::string out;
  *terminated = false;
  for (std::size_t i = 0; i < max; ++i) {
    char c = 0;
    if (!read(vaddr + i, &c, 1)) {
      if (i == 0) return std::nullopt;
      return out;  // a string running into an unmapped page ends there
    }
    if (c == '\0') {
      *terminated = true;
      return out;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace rvscope::trace
