// Whole-file reads: fstat for the size, then read(2) until it is all in.
#include "sim/common/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/common/error.hpp"

namespace rvscope {

InputFile::InputFile(const std::string& path, std::string_view what) : path_(path), what_(what) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) fail("cannot read {} '{}': {}", what_, path_, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    ::close(fd_);
    fail("cannot read {} '{}': {}", what_, path_, std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd_);
    fail("cannot read {} '{}': not a regular file", what_, path_);
  }
  size_ = static_cast<u64>(st.st_size);
}

InputFile::~InputFile() { ::close(fd_); }

bool InputFile::starts_with(std::string_view magic) const {
  if (magic.size() > size_) return false;
  std::string head(magic.size(), '\0');
  return ::pread(fd_, head.data(), head.size(), 0) == static_cast<ssize_t>(head.size()) &&
         head == magic;
}

void InputFile::read_into(u8* dst) {
  u64 done = 0;
  while (done < size_) {
    const ssize_t n = ::pread(fd_, dst + done, size_ - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot read {} '{}': {}", what_, path_, std::strerror(errno));
    if (n == 0) fail("cannot read {} '{}': the file shrank while being read", what_, path_);
    done += static_cast<u64>(n);
  }
}

std::vector<u8> read_input_file(const std::string& path, std::string_view what) {
  InputFile file(path, what);
  std::vector<u8> bytes(file.size());
  file.read_into(bytes.data());
  return bytes;
}

std::optional<std::vector<u8>> try_read_input_file(const std::string& path) {
  try {
    return read_input_file(path, "file");
  } catch (const SimError&) {
    return std::nullopt;
  }
}

}  // namespace rvscope
