/* /proc/net holds the host's network tables, as under qemu-user (the guest's sockets are host sockets): the
   loopback interface in dev, a header line in tcp and unix, multicast groups in igmp (Go's net package reads it). */
#include <stdio.h>
#include <string.h>

static void table(const char *path, const char *needle) {
  FILE *f = fopen(path, "r");
  if (!f) { printf("%s: cannot open\n", path); return; }
  char line[512];
  int lines = 0, found = 0;
  while (fgets(line, sizeof line, f)) {
    lines++;
    if (strstr(line, needle)) found = 1;
  }
  fclose(f);
  printf("%s: has lines: %s, mentions %s: %s\n", path, lines > 0 ? "yes" : "no", needle, found ? "yes" : "no");
}

int main(void) {
  table("/proc/net/dev", "lo:");
  table("/proc/net/tcp", "local_address");
  table("/proc/net/unix", "Inode");
  table("/proc/net/igmp", "Idx");
  return 0;
}
