// Tests for config number parsing: integers, sizes with binary units, frequencies.
#include "sim/config/units.hpp"

#include <gtest/gtest.h>

namespace rvscope {
namespace {

TEST(Units, Integers) {
  EXPECT_EQ(parse_uint("0"), 0u);
  EXPECT_EQ(parse_uint("42"), 42u);
  EXPECT_EQ(parse_uint("0x80000000"), 0x80000000u);
  EXPECT_EQ(parse_uint("0X8000_0000"), 0x80000000u);
  EXPECT_EQ(parse_uint("0b101"), 5u);
  EXPECT_EQ(parse_uint("1_000_000"), 1000000u);
  EXPECT_EQ(parse_uint("18446744073709551615"), ~u64{0});
  EXPECT_EQ(parse_uint("0xffffffffffffffff"), ~u64{0});
  for (const char* bad : {"", "-1", "+1", "18446744073709551616", "0x1_0000_0000_0000_0000", "1.5",
                          "nine", "0x", "_1", "1_", "1__0", "0xg", "1e9", "12 "}) {
    if (std::string_view(bad) == "12 ") continue;  // surrounding space is trimmed, see below
    EXPECT_FALSE(parse_uint(bad).has_value()) << bad;
  }
  EXPECT_EQ(parse_uint(" 12 "), 12u);
}

TEST(Units, Sizes) {
  EXPECT_EQ(parse_size("4096"), 4096u);
  EXPECT_EQ(parse_size("0x1000"), 4096u);
  EXPECT_EQ(parse_size("128MiB"), 128u << 20);
  EXPECT_EQ(parse_size("128 MiB"), 128u << 20);
  EXPECT_EQ(parse_size("2 GiB"), u64{2} << 30);
  EXPECT_EQ(parse_size("2gib"), u64{2} << 30);
  EXPECT_EQ(parse_size("64K"), 64u << 10);
  EXPECT_EQ(parse_size("16G"), u64{16} << 30);
  EXPECT_EQ(parse_size("1TiB"), u64{1} << 40);
  EXPECT_EQ(parse_size("512B"), 512u);
  EXPECT_EQ(parse_size("1.5GiB"), u64{3} << 29);
  EXPECT_EQ(parse_size("0.5KiB"), 512u);
  EXPECT_FALSE(parse_size("1.3B").has_value());  // not a whole number of bytes
  EXPECT_FALSE(parse_size("128MB").has_value());
  EXPECT_FALSE(parse_size("128 XiB").has_value());
  EXPECT_FALSE(parse_size("MiB").has_value());
  EXPECT_FALSE(parse_size("-1MiB").has_value());
  EXPECT_FALSE(parse_size("16777216TiB").has_value());  // 2^64: overflow
  EXPECT_FALSE(parse_size("1.MiB").has_value());
  EXPECT_TRUE(has_ambiguous_size_unit("128MB"));
  EXPECT_TRUE(has_ambiguous_size_unit("2 gb"));
  EXPECT_FALSE(has_ambiguous_size_unit("128MiB"));
}

TEST(Units, Frequencies) {
  EXPECT_EQ(parse_frequency("1000000000"), 1000000000u);
  EXPECT_EQ(parse_frequency("1GHz"), 1000000000u);
  EXPECT_EQ(parse_frequency("1.5 GHz"), 1500000000u);
  EXPECT_EQ(parse_frequency("10MHz"), 10000000u);
  EXPECT_EQ(parse_frequency("32.768kHz"), 32768u);
  EXPECT_EQ(parse_frequency("100 Hz"), 100u);
  EXPECT_FALSE(parse_frequency("1.0000000001GHz").has_value());
  EXPECT_FALSE(parse_frequency("1GiB").has_value());
  EXPECT_FALSE(parse_frequency("fast").has_value());
}

TEST(Units, Formatting) {
  EXPECT_EQ(format_size(128u << 20), "128MiB");
  EXPECT_EQ(format_size(u64{16} << 30), "16GiB");
  EXPECT_EQ(format_size(4096), "4KiB");
  EXPECT_EQ(format_size(1000), "1000B");
  EXPECT_EQ(format_size(0), "0B");
  EXPECT_EQ(format_frequency(1000000000), "1GHz");
  EXPECT_EQ(format_frequency(1500000000), "1500MHz");
  EXPECT_EQ(format_frequency(32768), "32768Hz");
}

}  // namespace
}  // namespace rvscope
