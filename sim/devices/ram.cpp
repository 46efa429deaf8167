// Ram: zero-initialised guest memory with little-endian access of any width.
#include "sim/devices/ram.hpp"

#include <cstdlib>
#include <cstring>

#include "sim/common/error.hpp"

namespace rvscope {

// calloc lets the host hand out zero pages lazily, so a large guest RAM costs nothing until
// the guest touches it.
Ram::Ram(u64 base, u64 size)
    : base_(base), size_(size), data_(static_cast<u8*>(std::calloc(size, 1))) {
  if (data_ == nullptr) fail("cannot allocate {} bytes of guest RAM", size);
}

bool Ram::read(u64 offset, unsigned size, u64& value) {
  if (offset > size_ || size > size_ - offset) return false;
  value = 0;
  std::memcpy(&value, data_.get() + offset, size);
  return true;
}

bool Ram::write(u64 offset, unsigned size, u64 value) {
  if (offset > size_ || size > size_ - offset) return false;
  std::memcpy(data_.get() + offset, &value, size);
  return true;
}

}  // namespace rvscope
