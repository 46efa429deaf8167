// Whole-file reads of the user's inputs (kernels, initrds, images, snapshots) in one sized
// read, with errors that name what the file is for and why it could not be read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/common/types.hpp"

namespace rvscope {

// An open regular file of known size, read whole into memory the caller owns (a guest's
// RAM, say, so a 10 MiB kernel is not copied twice).
class InputFile {
 public:
  // Throws SimError "cannot read WHAT 'PATH': REASON" (missing, a directory, unreadable).
  InputFile(const std::string& path, std::string_view what);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  u64 size() const { return size_; }
  // Whether the file's first bytes are `magic` (an ELF's "\x7f" "ELF", say).
  bool starts_with(std::string_view magic) const;
  // Reads the whole file into dst[0, size()); throws on a read error or a file that shrank.
  void read_into(u8* dst);

 private:
  std::string path_;
  std::string what_;
  int fd_ = -1;
  u64 size_ = 0;
};

// The file's bytes; throws as InputFile does.
std::vector<u8> read_input_file(const std::string& path, std::string_view what);

// The same without the error: nullopt when the file cannot be read.
std::optional<std::vector<u8>> try_read_input_file(const std::string& path);

}  // namespace rvscope
