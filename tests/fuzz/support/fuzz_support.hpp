// What the fuzz targets share: an invariant check that makes libFuzzer keep the input, and a
// per-process scratch file for the code paths that take a path rather than bytes.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace rvscope::fuzz {

// An invariant broke: abort so libFuzzer records the input as a crash.
inline void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

// A file in /tmp holding the input, removed when the process ends; one per process and tag
// (fuzzers run as parallel jobs).
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& tag)
      : path_("/tmp/rvscope-fuzz-" + tag + "-" + std::to_string(::getpid())) {}
  ~ScratchFile() { std::remove(path_.c_str()); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  const std::string& write(const uint8_t* data, size_t size) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path_;
  }
  const std::string& write(std::string_view text) {
    return write(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace rvscope::fuzz
