/* bigbss: a static program whose data segment has a 1 GiB memsz (almost all bss) loads fast
 * (exec maps it as one demand-paged area) and reads as zeroes except where written. */
#include <stdio.h>

static char big[1 << 30];

int main(void) {
  volatile char* b = big; /* every access really touches the page */
  b[0] = 1;
  b[sizeof big - 1] = 2;
  if (b[sizeof big / 2] != 0 || b[0] != 1 || b[sizeof big - 1] != 2) {
    printf("bigbss: FAIL\n");
    return 1;
  }
  printf("bigbss: 1 GiB bss mapped, ends at %p\n", (void*)(big + sizeof big));
  return 0;
}
