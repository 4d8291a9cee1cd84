/* popen and system(): the shell they start is the host's /bin/sh, run as a host process as under qemu-user. */
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  FILE *p = popen("echo from host sh; printf 'a\\nb\\n' | wc -l", "r");
  char line[128]; while (fgets(line, sizeof line, p)) printf("popen: %s", line);
  printf("pclose: %d\n", pclose(p));
  p = popen("cat > /dev/null; tr a-z A-Z", "w"); fputs("ignored\n", p); printf("pclose w: %d\n", pclose(p));
  printf("system: %d\n", system("echo system-out; exit 4"));
  fflush(stdout);
  return 0;
}
