/* console_input: reads the console (UART input through the PLIC) until end of file (^D)
 * and reports what arrived, upper-cased, line by line. */
#include <ctype.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  char buf[256];
  size_t total = 0;
  ssize_t n;
  while (total < sizeof buf - 1 && (n = read(0, buf + total, sizeof buf - 1 - total)) > 0) total += (size_t)n;
  buf[total] = 0;
  printf("\nconsole_input: input ended\n");
  for (size_t i = 0; i < total; i++) buf[i] = (char)toupper((unsigned char)buf[i]);
  printf("%s", buf);
  return total ? 0 : 1;
}
