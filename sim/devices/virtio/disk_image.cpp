// DiskImage: pread/pwrite on the image, pages copied into the overlay on first write.
#include "sim/devices/virtio/disk_image.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/common/error.hpp"

namespace rvscope {

DiskImage::DiskImage(const std::string& path, DiskMode mode, const std::string& label)
    : mode_(mode) {
  const int flags = (mode == DiskMode::kReadWrite ? O_RDWR : O_RDONLY) | O_CLOEXEC;
  fd_ = ::open(path.c_str(), flags);
  if (fd_ < 0) fail("{}: cannot open disk image '{}': {}", label, path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd_);
    fail("{}: disk image '{}' is not a regular file", label, path);
  }
  size_ = static_cast<u64>(st.st_size);
}

DiskImage::~DiskImage() {
  if (fd_ >= 0) ::close(fd_);
}

bool DiskImage::read_file(u64 offset, u8* dst, u64 len) {
  while (len > 0) {
    const ssize_t n = ::pread(fd_, dst, len, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    dst += n;
    offset += static_cast<u64>(n);
    len -= static_cast<u64>(n);
  }
  return true;
}

bool DiskImage::read(u64 offset, void* dst, u64 len) {
  auto* out = static_cast<u8*>(dst);
  if (mode_ != DiskMode::kOverlay) return read_file(offset, out, len);
  while (len > 0) {
    const u64 page = offset / kPageSize;
    const u64 in_page = offset % kPageSize;
    const u64 n = std::min(len, kPageSize - in_page);
    auto it = overlay_.find(page);
    if (it != overlay_.end()) {
      std::memcpy(out, it->second.data() + in_page, n);
    } else if (!read_file(offset, out, n)) {
      return false;
    }
    out += n;
    offset += n;
    len -= n;
  }
  return true;
}

bool DiskImage::write(u64 offset, const void* src, u64 len) {
  const auto* in = static_cast<const u8*>(src);
  if (mode_ == DiskMode::kReadOnly) return false;
  if (mode_ == DiskMode::kReadWrite) {
    while (len > 0) {
      const ssize_t n = ::pwrite(fd_, in, len, static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      in += n;
      offset += static_cast<u64>(n);
      len -= static_cast<u64>(n);
    }
    return true;
  }
  while (len > 0) {
    const u64 page = offset / kPageSize;
    const u64 in_page = offset % kPageSize;
    const u64 n = std::min(len, kPageSize - in_page);
    auto it = overlay_.find(page);
    if (it == overlay_.end()) {
      // Copy on write: the page's file bytes (a short last page reads what the file has).
      std::vector<u8> bytes(kPageSize, 0);
      const u64 start = page * kPageSize;
      if (!read_file(start, bytes.data(), std::min(kPageSize, size_ - start))) return false;
      it = overlay_.emplace(page, std::move(bytes)).first;
    }
    std::memcpy(it->second.data() + in_page, in, n);
    in += n;
    offset += n;
    len -= n;
  }
  return true;
}

bool DiskImage::flush() { return mode_ != DiskMode::kReadWrite || ::fdatasync(fd_) == 0; }

bool DiskImage::save_state(StateWriter& out) const {
  if (mode_ == DiskMode::kReadWrite) return false;
  out.put<u64>(overlay_.size());
  for (const auto& [page, bytes] : overlay_) {
    out.put(page);
    out.put_vector(bytes);
  }
  return true;
}

void DiskImage::restore_state(StateReader& in) {
  overlay_.clear();
  const u64 pages = in.get<u64>();
  const u64 image_pages = (size_ + kPageSize - 1) / kPageSize;
  if (pages > image_pages)
    fail("{}: {} overlay pages for a disk of {}", in.what(), pages, image_pages);
  for (u64 i = 0; i < pages; ++i) {
    const u64 page = in.get<u64>();
    if (page >= image_pages) fail("{}: overlay page {} outside the disk", in.what(), page);
    std::vector<u8> bytes(kPageSize);
    in.get_vector(bytes, "overlay page");
    overlay_[page] = std::move(bytes);
  }
}

}  // namespace rvscope
