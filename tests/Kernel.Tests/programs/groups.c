/* Supplementary groups: getgroups' size rules, and setgroups as Linux answers it: a privileged process sets the
   list (sorted; a fork inherits it; /proc/self/status shows it), others get EPERM; a bad list is EFAULT. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *what, long result) {
  printf("%s: %s\n", what, result >= 0 ? "ok" : strerror(errno));
}

static void print_groups(const char *when) {
  gid_t list[16];
  int n = getgroups(16, list);
  printf("%s: %d groups:", when, n);
  for (int i = 0; i < n; i++) printf(" %u", list[i]);
  printf("\n");
}

static void print_status_groups(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "Groups:", 7) == 0) printf("status %s", line);
  if (f) fclose(f);
}

int main(void) {
  int count = getgroups(0, NULL);
  gid_t one[1];
  report("getgroups with too small a list", count > 1 ? getgroups(1, one) : (errno = EINVAL, -1));
  report("getgroups negative size", syscall(SYS_getgroups, -1, one));
  if (getuid() != 0) {
    gid_t list[1] = {0};
    report("setgroups unprivileged", syscall(SYS_setgroups, 1, list));
    return 0;
  }
  gid_t list[3] = {7, 3, 5};
  report("setgroups", syscall(SYS_setgroups, 3, list));
  print_groups("after setgroups");
  print_status_groups();
  pid_t child = fork();
  if (child == 0) {
    print_groups("in the child");
    return 0;
  }
  waitpid(child, NULL, 0);
  report("setgroups bad list", syscall(SYS_setgroups, 2, (void *)8));
  report("setgroups too many", syscall(SYS_setgroups, 65537, list));
  report("setgroups empty", syscall(SYS_setgroups, 0, NULL));
  print_groups("after clearing");
  print_status_groups();
  return 0;
}
