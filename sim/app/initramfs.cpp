// Initramfs: the cpio newc format (6-byte magic 070701, thirteen 8-digit hex fields, the
// name, then the data, each padded to 4 bytes).
#include "sim/app/initramfs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

constexpr size_t kHeaderSize = 110;
constexpr u32 kDirMode = 0040755;
constexpr u32 kFileType = 0100000;

size_t pad4(size_t n) { return (n + 3) & ~size_t{3}; }

u32 hex_field(const std::vector<u8>& bytes, size_t at, const std::string& source) {
  u32 value = 0;
  for (size_t i = 0; i < 8; ++i) {
    const char c = static_cast<char>(bytes[at + i]);
    u32 digit;
    if (c >= '0' && c <= '9')
      digit = static_cast<u32>(c - '0');
    else if (c >= 'a' && c <= 'f')
      digit = static_cast<u32>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      digit = static_cast<u32>(c - 'A' + 10);
    else
      fail("{}: bad cpio header field at offset {}", source, at);
    value = value * 16 + digit;
  }
  return value;
}

void append_entry(std::vector<u8>& out, u32 ino, const std::string& name, u32 mode,
                  const std::vector<u8>& data) {
  const std::string header = fmt::format(
      "070701{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}", ino,
      mode, 0, 0, (mode & 0170000) == 0040000 ? 2 : 1, 0, data.size(), 0, 0, 0, 0, name.size() + 1,
      0);
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), name.begin(), name.end());
  out.push_back(0);
  out.resize(pad4(out.size()), 0);
  out.insert(out.end(), data.begin(), data.end());
  out.resize(pad4(out.size()), 0);
}

}  // namespace

std::vector<CpioEntry> read_cpio(const std::vector<u8>& bytes, const std::string& source) {
  std::vector<CpioEntry> entries;
  size_t at = 0;
  for (;;) {
    if (at + kHeaderSize > bytes.size()) fail("{}: truncated cpio archive (no TRAILER!!!)", source);
    if (std::memcmp(bytes.data() + at, "070701", 6) != 0) {
      fail("{}: not a cpio newc archive (bad magic at offset {})", source, at);
    }
    const u32 mode = hex_field(bytes, at + 14, source);
    const u32 size = hex_field(bytes, at + 54, source);
    const u32 name_size = hex_field(bytes, at + 94, source);
    const size_t name_at = at + kHeaderSize;
    if (name_size == 0 || name_at + name_size > bytes.size())
      fail("{}: truncated cpio name", source);
    std::string name(reinterpret_cast<const char*>(bytes.data() + name_at), name_size - 1);
    const size_t data_at = pad4(name_at + name_size);
    if (data_at + size > bytes.size()) fail("{}: truncated cpio data of '{}'", source, name);
    if (name == "TRAILER!!!") break;
    entries.push_back({name,
                       mode,
                       {bytes.begin() + static_cast<std::ptrdiff_t>(data_at),
                        bytes.begin() + static_cast<std::ptrdiff_t>(data_at + size)}});
    at = pad4(data_at + size);
  }
  return entries;
}

std::vector<u8> write_cpio(const std::vector<CpioEntry>& entries) {
  std::vector<u8> out;
  u32 ino = 1;
  for (const CpioEntry& entry : entries)
    append_entry(out, ino++, entry.name, entry.mode, entry.data);
  append_entry(out, 0, "TRAILER!!!", 0, {});
  return out;
}

void cpio_put_file(std::vector<CpioEntry>& entries, std::string path, std::vector<u8> data,
                   u32 permissions) {
  while (!path.empty() && path.front() == '/') path.erase(path.begin());
  for (size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string dir = path.substr(0, slash);
    const bool present = std::any_of(entries.begin(), entries.end(),
                                     [&](const CpioEntry& e) { return e.name == dir; });
    if (!present) entries.push_back({dir, kDirMode, {}});
  }
  std::erase_if(entries, [&](const CpioEntry& e) { return e.name == path; });
  entries.push_back({path, kFileType | (permissions & 07777), std::move(data)});
}

}  // namespace rvscope
