// Host and in-memory byte streams for console devices.
#include "sim/devices/char_io.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/common/error.hpp"

namespace rvscope {

static_assert(sizeof(termios) <= 128, "saved_termios_ too small");

FdInput::FdInput(int fd, bool raw) : fd_(fd) {
  termios tio{};
  if (raw && isatty(fd_) && tcgetattr(fd_, &tio) == 0) {
    std::memcpy(saved_termios_, &tio, sizeof(tio));
    tio.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    if (tcsetattr(fd_, TCSANOW, &tio) == 0) restore_termios_ = true;
  }
}

FdInput::~FdInput() {
  if (restore_termios_) {
    termios tio{};
    std::memcpy(&tio, saved_termios_, sizeof(tio));
    tcsetattr(fd_, TCSANOW, &tio);
  }
}

std::size_t FdInput::read(u8* buf, std::size_t max) {
  if (eof_ || max == 0) return 0;
  pollfd pfd{fd_, POLLIN, 0};
  if (::poll(&pfd, 1, 0) <= 0) return 0;
  if ((pfd.revents & (POLLIN | POLLHUP)) == 0) {
    if (pfd.revents & (POLLERR | POLLNVAL)) eof_ = true;
    return 0;
  }
  const ssize_t n = ::read(fd_, buf, max);
  if (n > 0) return static_cast<std::size_t>(n);
  if (n == 0 || (errno != EAGAIN && errno != EINTR && errno != EWOULDBLOCK)) eof_ = true;
  return 0;
}

std::size_t QueueInput::read(u8* buf, std::size_t max) {
  std::size_t n = 0;
  while (n < max && !queue_.empty()) {
    buf[n++] = queue_.front();
    queue_.pop_front();
  }
  return n;
}

FdOutput::~FdOutput() { flush(); }

void FdOutput::write(const u8* data, std::size_t len) {
  for (std::size_t i = 0; i < len; ++i) {
    buf_[used_++] = data[i];
    if (used_ == kBufSize || data[i] == '\n') flush();
  }
}

void FdOutput::flush() {
  std::size_t done = 0;
  while (done < used_) {
    const ssize_t n = ::write(fd_, buf_ + done, used_ - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // A closed console must not stop the simulation: drop the bytes (a file reports it).
      if (write_error_ == 0) write_error_ = n < 0 ? errno : ENOSPC;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  used_ = 0;
}

FileOutput::FileOutput(const std::string& path)
    : FdOutput(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)), path_(path) {
  if (fd_ < 0) {
    fail("cannot write the console output to '{}': {}", path, std::strerror(errno));
  }
}

FileOutput::~FileOutput() {
  if (fd_ >= 0) {
    flush();
    ::close(fd_);
  }
}

void FileOutput::commit() {
  flush();
  if (write_error_ != 0) {
    fail("cannot write the console output to '{}': {}", path_, std::strerror(write_error_));
  }
}

void StringOutput::write(const u8* data, std::size_t len) {
  const std::size_t room = limit_ > text_.size() ? limit_ - text_.size() : 0;
  const std::size_t take = len < room ? len : room;
  text_.append(reinterpret_cast<const char*>(data), take);
  dropped_ += len - take;
}

}  // namespace rvscope
