/* A guest that never ends on its own: the signal tests stop it from outside. */
#include <unistd.h>

int main(void) {
  write(1, "spinning\n", 9);
  for (volatile unsigned long i = 0;; ++i) {
  }
}
