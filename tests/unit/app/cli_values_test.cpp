// Command-line values: counts without sign or overflow, listen hosts without DNS.
#include "sim/app/cli_values.hpp"

#include <gtest/gtest.h>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

TEST(CliValues, CountsAreDecimalDigitsThatFit) {
  EXPECT_EQ(parse_count_option("--max-insns", "0", "a count"), 0u);
  EXPECT_EQ(parse_count_option("--max-insns", "1000", "a count"), 1000u);
  EXPECT_EQ(parse_count_option("--max-insns", "18446744073709551615", "a count"), ~u64{0});
  for (const char* bad : {"-1", "+5", "", " 5", "5 ", "1e6", "0x10", "18446744073709551616"}) {
    EXPECT_THROW(parse_count_option("--max-insns", bad, "a count"), SimError) << bad;
  }
}

TEST(CliValues, ListenHostsAreAddressesNeverNames) {
  EXPECT_EQ(listen_address("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(listen_address("0.0.0.0"), "0.0.0.0");
  EXPECT_EQ(listen_address("::1"), "::1");
  EXPECT_EQ(listen_address("localhost"), "127.0.0.1");
  for (const char* bad : {"example.com", "localhost.", "127.0.0.1.nip.io", "", "1.2.3"}) {
    EXPECT_THROW(listen_address(bad), SimError) << bad;
  }
}

}  // namespace
}  // namespace rvscope
