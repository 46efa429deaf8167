// OutputFile: complete-or-untouched outputs with every write error reported.
#include "sim/common/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "sim/common/error.hpp"

namespace rvscope {

FdStreamBuf::FdStreamBuf() { setp(buffer_, buffer_ + sizeof buffer_); }

FdStreamBuf::~FdStreamBuf() { close(); }

bool FdStreamBuf::open(const std::string& path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  return fd_ >= 0;
}

bool FdStreamBuf::drain() {
  const char* at = pbase();
  while (at < pptr() && error_ == 0) {
    const ssize_t n = ::write(fd_, at, static_cast<size_t>(pptr() - at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) error_ = n < 0 ? errno : EIO;
    if (n > 0) at += n;
  }
  setp(buffer_, buffer_ + sizeof buffer_);  // after an error the bytes are dropped
  return error_ == 0;
}

FdStreamBuf::int_type FdStreamBuf::overflow(int_type c) {
  if (!drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int FdStreamBuf::sync() { return drain() ? 0 : -1; }

bool FdStreamBuf::close() {
  if (fd_ < 0) return error_ == 0;
  drain();
  if (::close(fd_) != 0 && error_ == 0) error_ = errno;
  fd_ = -1;
  return error_ == 0;
}

OutputFile::OutputFile(std::string path, std::string what)
    : path_(std::move(path)), what_(std::move(what)) {
  if (path_.empty()) fail("the {} needs a file name, got ''", what_);
  struct stat st {};
  const bool special = ::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
  if (special && S_ISDIR(st.st_mode))
    fail("cannot write the {} to '{}': it is a directory", what_, path_);
  if (!special) {
    // The temporary name lives beside the output so that the rename stays in one file system.
    const std::filesystem::path target(path_);
    std::string pattern =
        (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) fail("cannot write the {} to '{}': {}", what_, path_, std::strerror(errno));
    ::close(fd);
    temp_ = pattern;
  }
  if (!buf_.open(temp_.empty() ? path_ : temp_)) {
    const int error = errno;
    if (!temp_.empty()) ::unlink(temp_.c_str());
    temp_.clear();
    fail("cannot write the {} to '{}': {}", what_, path_, std::strerror(error));
  }
}

OutputFile::~OutputFile() {
  if (!committed_ && !temp_.empty()) {
    buf_.close();
    ::unlink(temp_.c_str());
  }
}

void OutputFile::fail_write(int error) {
  committed_ = true;  // nothing left to do: the destructor's cleanup ran here
  buf_.close();
  if (!temp_.empty()) ::unlink(temp_.c_str());
  fail("cannot write the {} to '{}': {}", what_, path_,
       error != 0 ? std::strerror(error) : "write failed");
}

void OutputFile::commit() {
  if (committed_) return;
  stream_.flush();
  if (!buf_.close()) fail_write(buf_.error());
  if (!temp_.empty()) {
    // mkstemp made it 0600; an output is an ordinary file of the user's.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::chmod(temp_.c_str(), 0666 & ~mask);
    if (std::rename(temp_.c_str(), path_.c_str()) != 0) fail_write(errno);
  }
  committed_ = true;
}

void write_output_file(const std::string& path, const std::string& what, const void* bytes,
                       std::size_t size) {
  OutputFile file(path, what);
  file.stream().write(static_cast<const char*>(bytes), static_cast<std::streamsize>(size));
  file.commit();
}

}  // namespace rvscope
