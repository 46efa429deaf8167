// A ticket spinlock: harts are served in the order they arrive, whatever the interleaving.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

struct TicketLock {
  u32 next = 0;     // the ticket the next arriving hart takes
  u32 serving = 0;  // the ticket that holds the lock

  void lock() {
    u32 mine = __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED);
    while (__atomic_load_n(&serving, __ATOMIC_ACQUIRE) != mine) {
    }
  }
  void unlock() { __atomic_store_n(&serving, serving + 1, __ATOMIC_RELEASE); }
};

}  // namespace starlet
