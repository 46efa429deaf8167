// OutputFile: a file is replaced only by a complete output, and write errors name the path.
#include "sim/common/output_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string fresh_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "/" + name + "_" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

size_t files_in(const std::string& dir) {
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                           std::filesystem::directory_iterator()));
}

TEST(OutputFile, CommitReplacesTheFile) {
  const std::string dir = fresh_dir("output_commit");
  const std::string path = dir + "/trace.log";
  std::ofstream(path) << "old trace\n";
  {
    OutputFile out(path, "instruction trace");
    out.stream() << "new trace\n";
    EXPECT_EQ(read_all(path), "old trace\n");  // untouched until the output is complete
    out.commit();
  }
  EXPECT_EQ(read_all(path), "new trace\n");
  EXPECT_EQ(files_in(dir), 1u);  // no temporary file left
}

TEST(OutputFile, WithoutCommitTheOldFileStays) {
  const std::string dir = fresh_dir("output_abandon");
  const std::string path = dir + "/trace.log";
  std::ofstream(path) << "good trace\n";
  {
    OutputFile out(path, "instruction trace");
    out.stream() << std::string(1 << 20, 'x');  // more than the buffer: bytes reach the disk
  }
  EXPECT_EQ(read_all(path), "good trace\n");
  EXPECT_EQ(files_in(dir), 1u);
}

TEST(OutputFile, LargeOutputsArriveWhole) {
  const std::string dir = fresh_dir("output_large");
  const std::string path = dir + "/big";
  std::string bytes;
  for (int i = 0; i < 300000; ++i) bytes += static_cast<char>('a' + i % 26);
  OutputFile out(path, "timeline");
  out.stream() << bytes;
  out.commit();
  EXPECT_EQ(read_all(path), bytes);
}

TEST(OutputFile, WriteErrorsNameThePath) {
  OutputFile out("/dev/full", "instruction trace");
  out.stream() << "x";
  try {
    out.commit();
    FAIL() << "no error writing /dev/full";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("'/dev/full': No space left on device"), std::string::npos)
        << e.what();
  }
}

TEST(OutputFile, ADirectoryOrAMissingDirectoryIsAnError) {
  const std::string dir = fresh_dir("output_dir");
  EXPECT_THROW(OutputFile(dir, "timeline"), SimError);
  EXPECT_THROW(OutputFile(dir + "/no/such/dir/file", "timeline"), SimError);
  EXPECT_THROW(OutputFile("", "timeline"), SimError);
}

}  // namespace
}  // namespace rvscope
