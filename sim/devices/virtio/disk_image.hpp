// DiskImage: a raw disk image file behind virtio-blk, read-only, with an in-memory
// copy-on-write overlay (the file is never opened for writing), or read-write with flush.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/common/state_stream.hpp"
#include "sim/common/types.hpp"
#include "sim/config/machine_config.hpp"

namespace rvscope {

class DiskImage {
 public:
  static constexpr u64 kSectorSize = 512;
  static constexpr u64 kPageSize = 4096;  // overlay granule

  // Opens `path` (read-only unless mode is kReadWrite); SimError naming `label` on failure.
  DiskImage(const std::string& path, DiskMode mode, const std::string& label);
  ~DiskImage();
  DiskImage(const DiskImage&) = delete;
  DiskImage& operator=(const DiskImage&) = delete;

  DiskMode mode() const { return mode_; }
  u64 size() const { return size_; }
  u64 sectors() const { return size_ / kSectorSize; }
  // Byte ranges inside [0, size()); false on a host I/O error (the caller checks bounds).
  bool read(u64 offset, void* dst, u64 len);
  // kOverlay: into the overlay; kReadWrite: into the file; kReadOnly: refused.
  bool write(u64 offset, const void* src, u64 len);
  // kReadWrite: fdatasync; otherwise nothing to do.
  bool flush();
  // Pages the overlay holds (kOverlay).
  std::size_t overlay_pages() const { return overlay_.size(); }
  // Snapshots hold the overlay; a read-write image's state is the file itself, which a
  // snapshot cannot hold, so save_state refuses it.
  bool save_state(StateWriter& out) const;
  void restore_state(StateReader& in);

 private:
  bool read_file(u64 offset, u8* dst, u64 len);

  int fd_ = -1;
  DiskMode mode_;
  u64 size_ = 0;
  std::map<u64, std::vector<u8>> overlay_;  // page number -> its current bytes
};

}  // namespace rvscope
