// Decoded calls against golden lines printed by strace 6.1 (strace -f) on the host for the
// same call (x86-64 Linux 6.1; struct clone_args and mremap's flags are the same there).
#include <gtest/gtest.h>

#include <array>

#include "tests/unit/trace/decoded_call_fixture.hpp"

namespace rvscope::trace {
namespace {

class StraceGolden : public testing::DecodedCallTest {
 protected:
  // struct clone_args at 0x20000, `words` 8-byte fields long (the rest of the page zero).
  void clone_args(std::initializer_list<std::pair<unsigned, u64>> fields, unsigned words = 11) {
    std::array<u64, 512> a{};
    for (auto [index, value] : fields) a[index] = value;
    guest.map(0x20000, a.data(), 8 * words);
  }
  static constexpr u64 kEinval = static_cast<u64>(-22);
  static constexpr u64 kE2big = static_cast<u64>(-7);
};

TEST_F(StraceGolden, Clone3ExitSignalIsUnsigned) {
  clone_args({{4, ~u64{0}}});
  EXPECT_EQ(whole({435, {0x20000, 88}}, kEinval),
            "clone3({flags=0, exit_signal=18446744073709551615, stack=NULL, stack_size=0}, 88) = "
            "-1 EINVAL (Invalid argument)");
  clone_args({{4, (u64{1} << 32) | 17}});
  EXPECT_EQ(whole({435, {0x20000, 88}}, kEinval),
            "clone3({flags=0, exit_signal=4294967313, stack=NULL, stack_size=0}, 88) = -1 EINVAL "
            "(Invalid argument)");
}

TEST_F(StraceGolden, Clone3UnknownFlagsAreMarkedOnlyWhenNoneHasAName) {
  clone_args({{0, 0x11}, {4, 17}});
  EXPECT_EQ(whole({435, {0x20000, 88}}, kEinval),
            "clone3({flags=0x11 /* CLONE_??? */, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, "
            "88) = -1 EINVAL (Invalid argument)");
  clone_args({{0, 0x100 | (u64{1} << 40)}, {4, 17}});
  EXPECT_EQ(whole({435, {0x20000, 88}}, kEinval),
            "clone3({flags=CLONE_VM|0x10000000000, exit_signal=SIGCHLD, stack=NULL, "
            "stack_size=0}, 88) = -1 EINVAL (Invalid argument)");
}

TEST_F(StraceGolden, Clone3TailPastTheKernelsStructIsShownWhenNotZero) {
  clone_args({{4, 17}, {12, 0x4142}}, 13);
  EXPECT_EQ(whole({435, {0x20000, 104}}, kE2big),
            "clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0, /* bytes 88..103 */ "
            "\"\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x42\\x41\\x00\\x00\\x00\\x00\\x00\\x00\"},"
            " 104) = "
            "-1 E2BIG (Argument list too long)");
  // A page with its last byte set: 32 bytes, then "...".
  clone_args({{4, 17}, {511, u64{0x99} << 56}}, 512);
  std::string zeros;
  for (int i = 0; i < 32; ++i) zeros += "\\x00";
  EXPECT_EQ(whole({435, {0x20000, 4096}}, kE2big),
            "clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0, /* bytes 88..4095 */ "
            "\"" +
                zeros + "\"...}, 4096) = -1 E2BIG (Argument list too long)");
  // An all-zero tail is accepted by the kernel and not shown.
  clone_args({{4, 17}}, 25);
  EXPECT_EQ(whole({435, {0x20000, 200}}, 7),
            "clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 200) = 7");
}

TEST_F(StraceGolden, MremapFlagsAreSymbolicAndNewAddressOnlyWithFixed) {
  constexpr u64 kOld = 0x7f15fe20a000, kQ = 0x7f15fe206000;
  EXPECT_EQ(whole({216, {kOld, 8192, 4096, 0, 0x1234}}, kOld),
            "mremap(0x7f15fe20a000, 8192, 4096, 0) = 0x7f15fe20a000");
  EXPECT_EQ(whole({216, {kOld, 4096, 8192, 1, 0x1234}}, kOld),
            "mremap(0x7f15fe20a000, 4096, 8192, MREMAP_MAYMOVE) = 0x7f15fe20a000");
  EXPECT_EQ(whole({216, {kQ, 4096, 4096, 3, 0x7f15fe208000}}, 0x7f15fe208000),
            "mremap(0x7f15fe206000, 4096, 4096, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f15fe208000) = "
            "0x7f15fe208000");
  EXPECT_EQ(whole({216, {kQ, 4096, 4096, 0x10, 0x1234}}, kEinval),
            "mremap(0x7f15fe206000, 4096, 4096, 0x10 /* MREMAP_??? */) = -1 EINVAL (Invalid "
            "argument)");
  EXPECT_EQ(whole({216, {kQ, 4096, 4096, 5, 0x5000}}, static_cast<u64>(-14)),
            "mremap(0x7f15fe206000, 4096, 4096, MREMAP_MAYMOVE|MREMAP_DONTUNMAP) = -1 EFAULT (Bad "
            "address)");
}

}  // namespace
}  // namespace rvscope::trace
