// PLIC at 0xc000000: enable a source for hart 0's S-mode context (2*hart+1), claim, complete.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

void plic_init_hart(u32 hart);
void plic_enable(u32 source);
u32 plic_claim();
void plic_complete(u32 source);

}  // namespace starlet
