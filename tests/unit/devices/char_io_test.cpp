// Console streams: queue input, bounded string output, fd input from a pipe never blocks.
#include "sim/devices/char_io.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

TEST(QueueInput, ReadsWhatIsQueued) {
  QueueInput in;
  u8 buf[8];
  EXPECT_EQ(in.read(buf, 8), 0u);
  in.push("abc");
  EXPECT_EQ(in.read(buf, 2), 2u);
  EXPECT_EQ(buf[0], 'a');
  EXPECT_EQ(in.pending(), 1u);
}

TEST(StringOutput, DropsBeyondLimit) {
  StringOutput out(4);
  const std::string text = "abcdef";
  out.write(reinterpret_cast<const u8*>(text.data()), text.size());
  EXPECT_EQ(out.str(), "abcd");
  EXPECT_EQ(out.dropped(), 2u);
}

TEST(FdInput, PipeNeverBlocksAndReportsEof) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  FdInput in(fds[0]);
  u8 buf[16];
  EXPECT_EQ(in.read(buf, sizeof(buf)), 0u);  // empty pipe: returns at once
  EXPECT_FALSE(in.at_eof());
  ASSERT_EQ(write(fds[1], "xyz", 3), 3);
  EXPECT_EQ(in.read(buf, 2), 2u);
  EXPECT_EQ(in.read(buf, 16), 1u);
  EXPECT_EQ(buf[0], 'z');
  close(fds[1]);
  EXPECT_EQ(in.read(buf, 16), 0u);
  EXPECT_TRUE(in.at_eof());
  close(fds[0]);
}

TEST(FileOutput, WritesAndFailsWithContext) {
  const auto path = std::filesystem::path(RVSCOPE_BINARY_DIR) / "unit_devices_console.txt";
  {
    FileOutput out(path.string());
    out.put('o');
    out.put('k');
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), "ok");
  try {
    FileOutput bad("/nonexistent-dir/x");
    FAIL() << "expected SimError";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x"), std::string::npos);
  }
}

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The console file can be followed while the run goes: each line is there once printed.
TEST(FileOutput, EachLineIsInTheFileOncePrinted) {
  const auto path = std::filesystem::path(RVSCOPE_BINARY_DIR) / "unit_devices_console_live.txt";
  std::ofstream(path) << "previous run";
  FileOutput out(path.string());
  EXPECT_EQ(file_text(path), "");  // truncated, as QEMU's -serial file: does
  out.put('a');
  out.put('\n');
  EXPECT_EQ(file_text(path), "a\n");
  out.put('b');
  out.commit();
  EXPECT_EQ(file_text(path), "a\nb");
}

TEST(FileOutput, AWriteErrorIsReportedAtCommit) {
  FileOutput out("/dev/full");
  out.put('a');
  try {
    out.commit();
    FAIL() << "expected SimError";
  } catch (const SimError& e) {
    EXPECT_STREQ(e.what(),
                 "cannot write the console output to '/dev/full': No space left on device");
  }
}

}  // namespace
}  // namespace rvscope
