// Manual tool: checks every binary32 input of the unary operations against x86 SSE/AVX-512,
// in the four host rounding modes (too slow for the unit run: minutes per operation).
// Build: g++ -std=c++20 -O2 -I. tests/unit/fp/tools/exhaustive_f32.cpp sim/cpu/fp/*.cpp
// Run:   ./a.out [stride]   (stride 1 = all 2^32 inputs; default 1)
#include <bit>
#include <cfenv>
#include <cstdio>
#include <cstdlib>

#include "sim/cpu/fp/softfp.hpp"
#include "tests/unit/fp/x86_host_ops.hpp"

using namespace rvscope;
using namespace rvscope::fp;

namespace {

using namespace rvscope::fp::x86;

bool is_nan32(u32 v) { return (v & 0x7fffffff) > 0x7f800000; }
bool is_nan64(u64 v) { return (v & ~(u64{1} << 63)) > 0x7ff0000000000000; }

}  // namespace

int main(int argc, char** argv) {
  const u64 stride = argc > 1 ? std::strtoull(argv[1], nullptr, 0) : 1;
  const struct {
    Rounding rm;
    int host;
  } modes[] = {{Rounding::kNearestEven, FE_TONEAREST},
               {Rounding::kTowardZero, FE_TOWARDZERO},
               {Rounding::kDown, FE_DOWNWARD},
               {Rounding::kUp, FE_UPWARD}};
  long bad = 0;
  for (const auto& m : modes) {
    for (u64 i = 0; i < (u64{1} << 32); i += stride) {
      const u32 a = static_cast<u32>(i);
      const float fa = std::bit_cast<float>(a);
      std::fesetround(m.host);
      std::feclearexcept(FE_ALL_EXCEPT);
      const u32 hs = std::bit_cast<u32>(h_sqrt32(fa));
      const u8 fs = host_flags();
      std::feclearexcept(FE_ALL_EXCEPT);
      const i32 hi = h_f32_to_i32(fa);
      const u8 fi = host_flags();
      std::feclearexcept(FE_ALL_EXCEPT);
      const u32 hu = h_f32_to_u32(fa);
      const u8 fu = host_flags();
      std::feclearexcept(FE_ALL_EXCEPT);
      const i64 hl = h_f32_to_i64(fa);
      const u8 fl = host_flags();
      std::feclearexcept(FE_ALL_EXCEPT);
      const u64 hd = std::bit_cast<u64>(h_f32_to_f64(fa));
      const u8 fd = host_flags();
      std::fesetround(FE_TONEAREST);
      const auto os = f32_sqrt(a, m.rm);
      const auto oi = f32_to_i32(a, m.rm);
      const auto ou = f32_to_u32(a, m.rm);
      const auto ol = f32_to_i64(a, m.rm);
      const auto od = f32_to_f64(a);
      const bool ok_s =
          (is_nan32(hs) ? os.value == kCanonicalNan32 : os.value == hs) && os.flags == fs;
      // On invalid x86 returns the integer indefinite; only the flag is comparable.
      const bool ok_i = (fi & kInvalid) ? oi.flags == kInvalid : (oi.value == hi && oi.flags == fi);
      const bool ok_u = (fu & kInvalid) ? ou.flags == kInvalid : (ou.value == hu && ou.flags == fu);
      const bool ok_l = (fl & kInvalid) ? ol.flags == kInvalid : (ol.value == hl && ol.flags == fl);
      const bool ok_d =
          (is_nan64(hd) ? od.value == kCanonicalNan64 : od.value == hd) && od.flags == fd;
      if (!(ok_s && ok_i && ok_u && ok_l && ok_d)) {
        if (++bad <= 20) {
          std::printf("mode %d a=%08x sqrt %d cvt.w %d cvt.wu %d cvt.l %d cvt.d %d\n",
                      static_cast<int>(m.rm), a, ok_s, ok_i, ok_u, ok_l, ok_d);
        }
      }
    }
    std::printf("mode %d done, %ld mismatches so far\n", static_cast<int>(m.rm), bad);
    std::fflush(stdout);
  }
  return bad == 0 ? 0 : 1;
}
