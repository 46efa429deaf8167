// The rsp kind's target: every hart counts in a loop forever, so only gdb ends the run.
#include "hostile.h"

GUEST_BEGIN
  li a0, 0
1:addi a0, a0, 1
  sd a0, 0(sp)
  j 1b
  GUEST_END
