// PLIC driver for the supervisor context of the boot hart.
#include "drivers/plic.hpp"

namespace starlet {
namespace {
constexpr u64 kPlicBase = 0xc000000;
u32 g_context = 1;
}  // namespace

void plic_init_hart(u32 hart) {
  g_context = 2 * hart + 1;
  *mmio32(kPlicBase + 0x200000 + 0x1000 * g_context) = 0;  // threshold: accept all
}

void plic_enable(u32 source) {
  *mmio32(kPlicBase + 4 * source) = 1;  // priority
  volatile u32* en = mmio32(kPlicBase + 0x2000 + 0x80 * g_context + 4 * (source / 32));
  *en = *en | (1u << (source % 32));
}

u32 plic_claim() { return *mmio32(kPlicBase + 0x200004 + 0x1000 * g_context); }

void plic_complete(u32 source) { *mmio32(kPlicBase + 0x200004 + 0x1000 * g_context) = source; }

}  // namespace starlet
