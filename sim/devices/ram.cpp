// Ram: zero-initialised guest memory with little-endian access of any width.
#include "sim/devices/ram.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/common/error.hpp"

namespace rvscope {

// An anonymous mapping: the host hands out zero pages lazily, so a large guest RAM costs
// nothing until the guest touches it, and building or dropping a machine never writes its RAM
// (a sanitizer's allocator fills every calloc'd and freed byte). An inaccessible page on
// each side turns any host access past the guest's RAM into a fault at once.
Ram::Ram(u64 base, u64 size) : base_(base), size_(size) {
  const u64 page = static_cast<u64>(::sysconf(_SC_PAGESIZE));
  const u64 rounded = (size + page - 1) / page * page;
  if (size == 0 || rounded < size) fail("cannot allocate {} bytes of guest RAM", size);
  mapping_size_ = rounded + 2 * page;
  void* mapping =
      ::mmap(nullptr, mapping_size_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapping == MAP_FAILED) {
    fail("cannot allocate {} bytes of guest RAM: {}", size, std::strerror(errno));
  }
  mapping_ = static_cast<u8*>(mapping);
  data_ = mapping_ + page;
  if (::mprotect(data_, rounded, PROT_READ | PROT_WRITE) != 0) {
    const int error = errno;
    ::munmap(mapping_, mapping_size_);
    fail("cannot allocate {} bytes of guest RAM: {}", size, std::strerror(error));
  }
  // A kernel touches all of its RAM while it boots (Linux initialises every struct page):
  // huge pages make that a few hundred host faults instead of one per 4 KiB. Advice only.
  ::madvise(data_, rounded, MADV_HUGEPAGE);
}

Ram::~Ram() { ::munmap(mapping_, mapping_size_); }

bool Ram::read(u64 offset, unsigned size, u64& value) {
  if (offset > size_ || size > size_ - offset) return false;
  value = 0;
  std::memcpy(&value, data_ + offset, size);
  return true;
}

bool Ram::write(u64 offset, unsigned size, u64 value) {
  if (offset > size_ || size > size_ - offset) return false;
  std::memcpy(data_ + offset, &value, size);
  return true;
}

}  // namespace rvscope
