// Kernel heap: power-of-two size classes carved from pages, big blocks as page runs.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

void* kmalloc(size_t size);  // zeroed, nullptr when out of memory
void kfree(void* p);

template <typename T>
T* knew() {
  void* p = kmalloc(sizeof(T));
  return p ? new (p) T() : nullptr;
}
template <typename T>
void kdelete(T* p) {
  if (p) {
    p->~T();
    kfree(p);
  }
}

}  // namespace starlet

inline void* operator new(size_t, void* p) noexcept { return p; }
