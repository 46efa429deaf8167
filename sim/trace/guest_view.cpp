// Helper reads of guest memory through a GuestView.
#include "sim/trace/guest_view.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace rvscope::trace {

std::optional<std::string> GuestMemory::read_cstring(u64 vaddr, std::size_t max,
                                                     bool* terminated) const {
  constexpr u64 kPage = 4096;
  constexpr std::size_t kChunk = 64;
  std::string out;
  *terminated = false;
  std::array<char, kChunk> chunk{};
  while (out.size() < max) {
    const u64 at = vaddr + out.size();
    // Chunks never cross a page, so a mapped page is read whole even if the next is not.
    const std::size_t want = std::min<u64>({kChunk, max - out.size(), kPage - (at & (kPage - 1))});
    if (!read(at, chunk.data(), want)) {
      // Some byte of this chunk is unmapped: the string ends at the last readable byte.
      for (std::size_t i = 0; i < want; ++i) {
        char c = 0;
        if (!read(at + i, &c, 1)) return out.empty() ? std::nullopt : std::optional(out);
        if (c == '\0') {
          *terminated = true;
          return out;
        }
        out.push_back(c);
      }
      continue;
    }
    const auto* nul = static_cast<const char*>(std::memchr(chunk.data(), '\0', want));
    if (nul != nullptr) {
      out.append(chunk.data(), static_cast<std::size_t>(nul - chunk.data()));
      *terminated = true;
      return out;
    }
    out.append(chunk.data(), want);
  }
  return out;
}

}  // namespace rvscope::trace
