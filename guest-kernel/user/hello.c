/* hello: printf, malloc and stdio buffering on a static-pie glibc binary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  printf("hello from starlet userland\n");
  printf("argc=%d", argc);
  for (int i = 1; i < argc; i++) printf(" argv[%d]=%s", i, argv[i]);
  printf("\n");
  /* malloc: small blocks from brk, a large one from mmap. */
  size_t total = 0;
  for (int i = 1; i <= 200; i++) {
    char* p = malloc(i * 37);
    if (!p) return 2;
    memset(p, i, i * 37);
    total += p[i * 37 - 1];
    if (i % 3) free(p);
  }
  char* big = malloc(8 << 20);
  if (!big) return 3;
  memset(big, 7, 8 << 20);
  printf("malloc checksum %zu, big block %d\n", total, big[(8 << 20) - 1]);
  free(big);
  /* stdio buffering: a full buffer flushed once, then an unbuffered write in between. */
  setvbuf(stdout, NULL, _IOFBF, 4096);
  printf("buffered line 1\n");
  printf("buffered line 2\n");
  fflush(stdout);
  write(1, "direct write\n", 13);
  fprintf(stderr, "to stderr\n");
  printf("float %.3f\n", 3.14159 * argc);
  return 0;
}
