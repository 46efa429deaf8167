// Jumps into nowhere (TARGET): the null page, the top page, MMIO, past RAM. With NO_HANDLER
// mtvec points there too, so the fetch fault can never be handled.
#include "hostile.h"

GUEST_BEGIN
  li a0, TARGET
#ifdef NO_HANDLER
  csrw mtvec, a0
#endif
  la ra, back
  jr a0
back:
  jalr ra, a0, 2  // the same place, two bytes on
  GUEST_END
