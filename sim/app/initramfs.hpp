// Initramfs: reads and writes cpio "newc" archives, so `rvscope run --guest` can add a
// user's program to starlet's initramfs without any external tool.
#pragma once

#include <string>
#include <vector>

#include "sim/common/types.hpp"

namespace rvscope {

struct CpioEntry {
  std::string name;  // without a leading '/'
  u32 mode = 0;      // file type and permission bits
  std::vector<u8> data;
};

// Parses an archive (up to its TRAILER!!!); a malformed one is a SimError naming `source`.
std::vector<CpioEntry> read_cpio(const std::vector<u8>& bytes, const std::string& source);
std::vector<u8> write_cpio(const std::vector<CpioEntry>& entries);

// Adds or replaces a regular file, creating missing parent directories.
void cpio_put_file(std::vector<CpioEntry>& entries, std::string path, std::vector<u8> data,
                   u32 permissions);

}  // namespace rvscope
