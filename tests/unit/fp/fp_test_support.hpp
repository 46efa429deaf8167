// Shared by the fp unit tests: deterministic operand generators biased toward edge cases.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "sim/common/types.hpp"
#include "sim/cpu/fp/softfp.hpp"

namespace rvscope::fp::fptest {

class Rng {
 public:
  explicit Rng(u64 seed) : s_(seed) {}
  u64 next() {
    u64 z = (s_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  int range(int lo, int hi) {
    return lo + static_cast<int>(next() % static_cast<u64>(hi - lo + 1));
  }

 private:
  u64 s_;
};

template <typename Bits>
struct Traits;
template <>
struct Traits<u32> {
  static constexpr int kFrac = 23, kMaxExp = 255, kBias = 127;
};
template <>
struct Traits<u64> {
  static constexpr int kFrac = 52, kMaxExp = 2047, kBias = 1023;
};

template <typename Bits>
Bits compose(bool sign, int exp, u64 frac) {
  using T = Traits<Bits>;
  if (exp < 0) exp = 0;
  if (exp > T::kMaxExp) exp = T::kMaxExp;
  return static_cast<Bits>((static_cast<u64>(sign) << (sizeof(Bits) * 8 - 1)) |
                           (static_cast<u64>(exp) << T::kFrac) |
                           (frac & ((u64{1} << T::kFrac) - 1)));
}

// Fractions with structure: few bits, runs of ones at either end, or random.
template <typename Bits>
u64 random_frac(Rng& rng) {
  using T = Traits<Bits>;
  const u64 r = rng.next();
  const u64 all = (u64{1} << T::kFrac) - 1;
  switch (rng.next() % 8) {
    case 0:
      return 0;
    case 1:
      return all;
    case 2:
      return r & ((u64{1} << rng.range(0, 6)) - 1);  // a few low bits
    case 3:
      return all ^ (r & ((u64{1} << rng.range(0, 6)) - 1));  // ones, low noise
    case 4:
      return (r << rng.range(0, T::kFrac)) & all;  // high part only
    case 5:
      return u64{1} << rng.range(0, T::kFrac - 1);  // one bit
    default:
      return r & all;
  }
}

// An exponent biased toward the edges: subnormal/min-normal, max, around 1.0, or uniform.
template <typename Bits>
int random_exp(Rng& rng) {
  using T = Traits<Bits>;
  switch (rng.next() % 8) {
    case 0:
      return rng.range(0, 2);
    case 1:
      return rng.range(T::kMaxExp - 3, T::kMaxExp);
    case 2:
    case 3:
      return rng.range(T::kBias - 4, T::kBias + 4);
    default:
      return rng.range(0, T::kMaxExp);
  }
}

template <typename Bits>
Bits random_operand(Rng& rng) {
  return compose<Bits>(rng.next() & 1, random_exp<Bits>(rng), random_frac<Bits>(rng));
}

// A partner whose exponent is placed relative to `a`'s so results land near cancellation,
// the underflow threshold or the overflow threshold (target = a_exp*k + offset).
template <typename Bits>
inline Bits partner(Rng& rng, Bits a, int k, int offset) {
  using T = Traits<Bits>;
  const int ea = static_cast<int>((a >> T::kFrac) & T::kMaxExp);
  if (rng.next() % 3 == 0) return random_operand<Bits>(rng);
  const int e = ea * k + offset + rng.range(-3, 3);
  return compose<Bits>(rng.next() & 1, e, random_frac<Bits>(rng));
}

// Deep runs: RVSCOPE_FP_SCALE=N multiplies the randomized sample counts (default 1), and
// RVSCOPE_FP_SEED changes the seeds, for manual soak testing beyond the unit-test budget.
inline long sample_scale() {
  const char* s = std::getenv("RVSCOPE_FP_SCALE");
  const long v = s != nullptr ? std::strtol(s, nullptr, 10) : 1;
  return v > 0 ? v : 1;
}
inline u64 seed_offset() {
  const char* s = std::getenv("RVSCOPE_FP_SEED");
  return s != nullptr ? std::strtoull(s, nullptr, 0) : 0;
}

inline std::string hex(u64 v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}

template <typename Bits>
bool host_is_nan(Bits v) {
  using T = Traits<Bits>;
  return ((v >> T::kFrac) & T::kMaxExp) == static_cast<u64>(T::kMaxExp) &&
         (v & ((Bits{1} << T::kFrac) - 1)) != 0;
}

// Same value bits, or both NaN with ours canonical.
template <typename Bits>
bool same_value(Bits ours, Bits host) {
  if (host_is_nan(host)) {
    return ours == (sizeof(Bits) == 4 ? static_cast<Bits>(kCanonicalNan32)
                                      : static_cast<Bits>(kCanonicalNan64));
  }
  return ours == host;
}

}  // namespace rvscope::fp::fptest
