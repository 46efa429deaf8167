// OutputFile: an output that replaces its file only when complete (a temporary file beside
// it, renamed on commit) and turns every write error into a SimError naming the path.
#pragma once

#include <ostream>
#include <streambuf>
#include <string>

namespace rvscope {

// A buffered stream over a file descriptor that remembers the first write error's errno.
class FdStreamBuf final : public std::streambuf {
 public:
  FdStreamBuf();
  ~FdStreamBuf() override;
  bool open(const std::string& path);  // false with errno set
  bool close();                        // flushes; false when any write failed
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override;
  int sync() override;

 private:
  bool drain();
  int fd_ = -1;
  int error_ = 0;
  char buffer_[1 << 16];
};

class OutputFile {
 public:
  // Opens a temporary file in `path`'s directory; `what` ("instruction trace") names the
  // output in messages. A path that exists and is not a regular file (/dev/stdout, a FIFO,
  // /dev/full) is written directly: there is nothing to replace atomically.
  OutputFile(std::string path, std::string what);
  // Not committed: the temporary file is removed and `path` keeps what it held.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream() { return stream_; }
  const std::string& path() const { return path_; }
  // Where the bytes go until commit (the temporary file, or `path` itself), for a writer
  // that opens files by name.
  const std::string& write_path() const { return temp_.empty() ? path_ : temp_; }
  // Flushes, checks that every write reached the file, and renames it over `path`.
  // SimError "cannot write the instruction trace to '/dev/full': No space left on device".
  // Committing twice is a no-op.
  void commit();

 private:
  [[noreturn]] void fail_write(int error);

  std::string path_;
  std::string what_;
  std::string temp_;  // "" when writing `path` directly
  FdStreamBuf buf_;
  std::ostream stream_{&buf_};
  bool committed_ = false;
};

// The file at `path` replaced by `bytes`, atomically, as OutputFile does.
void write_output_file(const std::string& path, const std::string& what, const void* bytes,
                       std::size_t size);

}  // namespace rvscope
