// SeededRandom: xoshiro256** seeded through splitmix64, the deterministic byte source behind
// virtio-rng and the device tree's /chosen/rng-seed (the same seed gives the same bytes).
#pragma once

#include <array>
#include <cstring>

#include "sim/common/types.hpp"

namespace rvscope {

class SeededRandom {
 public:
  // Streams of one seed are independent: stream 0 feeds /chosen/rng-seed, stream 1 virtio-rng.
  static constexpr u64 kStreamDeviceTree = 0;
  static constexpr u64 kStreamVirtioRng = 1;

  explicit SeededRandom(u64 seed, u64 stream = 0) {
    // splitmix64 expands the seed into xoshiro's state, as xoshiro's authors recommend; a
    // stream starts 2^32 splitmix64 steps after the previous one.
    u64 x = seed + stream * (kGolden << 32);
    for (u64& word : s_) word = splitmix64(x);
  }
  // The raw state (tests compare with the reference outputs; snapshots save it).
  explicit SeededRandom(const std::array<u64, 4>& state) : s_(state) {}
  const std::array<u64, 4>& state() const { return s_; }

  // splitmix64 (Steele, Lea, Flood): advances x and returns the next output.
  static u64 splitmix64(u64& x) {
    u64 z = (x += kGolden);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  // xoshiro256** 1.0 (Blackman, Vigna).
  u64 next() {
    const u64 result = rotl(s_[1] * 5, 7) * 9;
    const u64 t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Little-endian bytes of successive next() values; a partial word's rest is dropped.
  void fill(u8* dst, u64 len) {
    while (len > 0) {
      const u64 word = next();
      const u64 n = len < 8 ? len : 8;
      std::memcpy(dst, &word, n);
      dst += n;
      len -= n;
    }
  }

 private:
  static constexpr u64 kGolden = 0x9e3779b97f4a7c15ull;
  static u64 rotl(u64 x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<u64, 4> s_{};
};

}  // namespace rvscope
