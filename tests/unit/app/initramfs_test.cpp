// cpio newc reading and writing for `rvscope run --guest`.
#include "sim/app/initramfs.hpp"

#include <gtest/gtest.h>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

TEST(Initramfs, RoundTripsEntries) {
  std::vector<CpioEntry> entries;
  cpio_put_file(entries, "/bin/prog", {1, 2, 3, 4, 5}, 0755);
  const auto bytes = write_cpio(entries);
  const auto back = read_cpio(bytes, "test");
  ASSERT_EQ(back.size(), 2u);  // bin/ was created, then bin/prog
  EXPECT_EQ(back[0].name, "bin");
  EXPECT_EQ(back[0].mode & 0170000, 0040000u);
  EXPECT_EQ(back[1].name, "bin/prog");
  EXPECT_EQ(back[1].mode, 0100755u);
  EXPECT_EQ(back[1].data, (std::vector<u8>{1, 2, 3, 4, 5}));
  EXPECT_EQ(bytes.size() % 4, 0u);
}

TEST(Initramfs, ReplacesAFileOfTheSameName) {
  std::vector<CpioEntry> entries;
  cpio_put_file(entries, "etc/motd", {'a'}, 0644);
  cpio_put_file(entries, "etc/motd", {'b', 'c'}, 0600);
  const auto back = read_cpio(write_cpio(entries), "test");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].data, (std::vector<u8>{'b', 'c'}));
}

TEST(Initramfs, MatchesCpioTool) {
  // GNU cpio must list what we write.
  std::vector<CpioEntry> entries;
  cpio_put_file(entries, "a/b/c.txt", {'h', 'i', '\n'}, 0644);
  const auto bytes = write_cpio(entries);
  const std::string path = ::testing::TempDir() + "/rvscope_test.cpio";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
  if (std::system("command -v cpio >/dev/null") != 0) GTEST_SKIP() << "cpio not installed";
  const std::string cmd = "cpio -it --quiet < " + path + " > " + path + ".list";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  FILE* list = std::fopen((path + ".list").c_str(), "r");
  char buf[256] = {};
  std::string listed;
  while (std::fgets(buf, sizeof buf, list)) listed += buf;
  std::fclose(list);
  EXPECT_EQ(listed, "a\na/b\na/b/c.txt\n");
}

TEST(Initramfs, RejectsGarbageWithTheSourceName) {
  const std::vector<u8> junk(200, 'x');
  try {
    read_cpio(junk, "junk.cpio");
    FAIL() << "no error";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("junk.cpio"), std::string::npos);
  }
  std::vector<CpioEntry> entries;
  cpio_put_file(entries, "x", {1}, 0644);
  auto bytes = write_cpio(entries);
  bytes.resize(bytes.size() - 40);  // cut into the trailer
  EXPECT_THROW(read_cpio(bytes, "cut.cpio"), SimError);
}

}  // namespace
}  // namespace rvscope
