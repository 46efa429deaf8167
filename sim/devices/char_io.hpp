// Byte streams between console devices (UART, HTIF) and the host: abstract input and output
// plus the host (fd, file) and in-memory implementations.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

#include "sim/common/types.hpp"

namespace rvscope {

// Non-blocking source of input bytes. read() returns what is available now (maybe nothing).
class CharInput {
 public:
  virtual ~CharInput() = default;
  virtual std::size_t read(u8* buf, std::size_t max) = 0;
  // True once the source can never produce another byte (pipe closed, file consumed).
  virtual bool at_eof() const { return false; }
};

class CharOutput {
 public:
  virtual ~CharOutput() = default;
  virtual void write(const u8* data, std::size_t len) = 0;
  void put(u8 c) { write(&c, 1); }
  virtual void flush() {}
  // The output is complete: flushed and, for a file, checked (SimError naming it when a write
  // failed).
  virtual void commit() { flush(); }
};

// A host file descriptor (stdin by default): polled with a zero timeout and read only when
// poll says so, so a terminal or a pipe never blocks the simulator. The descriptor's flags
// are left alone (O_NONBLOCK would leak to the shell sharing the terminal). With raw = true
// and a terminal, line buffering and echo are turned off until destruction.
class FdInput final : public CharInput {
 public:
  explicit FdInput(int fd = 0, bool raw = false);
  ~FdInput() override;
  FdInput(const FdInput&) = delete;
  FdInput& operator=(const FdInput&) = delete;
  std::size_t read(u8* buf, std::size_t max) override;
  bool at_eof() const override { return eof_; }

 private:
  int fd_;
  bool eof_ = false;
  bool restore_termios_ = false;
  unsigned char saved_termios_[128] = {};  // struct termios, kept opaque to callers
};

// Bytes queued by a test (or a script) ahead of time.
class QueueInput final : public CharInput {
 public:
  void push(std::string_view bytes) { queue_.insert(queue_.end(), bytes.begin(), bytes.end()); }
  std::size_t read(u8* buf, std::size_t max) override;
  std::size_t pending() const { return queue_.size(); }

 private:
  std::deque<u8> queue_;
};

// Writes to a host descriptor (stdout by default) through a fixed buffer, flushed when full,
// at a newline, and on flush()/destruction, so a flooding guest costs bounded memory.
class FdOutput : public CharOutput {
 public:
  explicit FdOutput(int fd = 1) : fd_(fd) {}
  ~FdOutput() override;
  FdOutput(const FdOutput&) = delete;
  FdOutput& operator=(const FdOutput&) = delete;
  void write(const u8* data, std::size_t len) override;
  void flush() override;

 protected:
  int fd_;
  int write_error_ = 0;  // the first failed write's errno (its bytes were dropped)

 private:
  static constexpr std::size_t kBufSize = 4096;
  u8 buf_[kBufSize];
  std::size_t used_ = 0;
};

// A console file: truncated at construction and written as the guest prints (flushed at each
// newline, as QEMU's -serial file: does), so it can be followed while the run goes; SimError if
// it cannot be opened, and from commit() if any write failed ("cannot write the console output
// to '/dev/full': No space left on device").
class FileOutput final : public FdOutput {
 public:
  explicit FileOutput(const std::string& path);
  ~FileOutput() override;
  void commit() override;

 private:
  std::string path_;
};

// Collects output in memory up to `limit` bytes; the rest is counted and dropped.
class StringOutput final : public CharOutput {
 public:
  explicit StringOutput(std::size_t limit = 1 << 20) : limit_(limit) {}
  void write(const u8* data, std::size_t len) override;
  const std::string& str() const { return text_; }
  std::size_t dropped() const { return dropped_; }
  void clear() { text_.clear(); }

 private:
  std::size_t limit_;
  std::string text_;
  std::size_t dropped_ = 0;
};

}  // namespace rvscope
