/* The resource limits the program was started with (a shell's ulimit) are its own, as under qemu-user: open
   files and processes, soft and hard. */
#include <stdio.h>
#include <sys/resource.h>

static void show(const char *name, int resource) {
  struct rlimit r;
  getrlimit(resource, &r);
  printf("%s: soft %llu, hard %llu\n", name, (unsigned long long)r.rlim_cur, (unsigned long long)r.rlim_max);
}

int main(void) {
  show("RLIMIT_NOFILE", RLIMIT_NOFILE);
  show("RLIMIT_NPROC", RLIMIT_NPROC);
  show("RLIMIT_CORE", RLIMIT_CORE);
  return 0;
}
