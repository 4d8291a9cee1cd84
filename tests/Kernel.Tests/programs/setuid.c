/* setuid and its relatives change a process's real, effective and saved ids by Linux's rules: root may set any, a
   process that dropped root only to ids it still holds; a child inherits them, the parent keeps its own. Python 3.13's
   test_subprocess test_user and test_group (a child's setreuid to 65534) showed EPERM or no change. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void ids(const char *what) {
  uid_t r, e, s;
  gid_t gr, ge, gs;
  getresuid(&r, &e, &s);
  getresgid(&gr, &ge, &gs);
  printf("%s: uid %u %u %u gid %u %u %u (getuid %u geteuid %u)\n", what, r, e, s, gr, ge, gs, getuid(), geteuid());
}

static void report(const char *what, long r) { printf("  %s: %s\n", what, r == 0 ? "ok" : strerror(errno)); }

static void child(int which) {
  fflush(stdout);
  if (fork() != 0) { wait(NULL); return; }
  switch (which) {
  case 0:
    report("setgroups none", setgroups(0, NULL));
    report("setgid 65534", setgid(65534));
    report("setuid 65534", setuid(65534));
    ids("after dropping root");
    report("setuid 0", setuid(0));
    report("setgid 0", setgid(0));
    report("setgroups", setgroups(0, NULL));
    report("setreuid -1 65534", setreuid(-1, 65534));
    break;
  case 1:
    report("setresuid -1 65534 -1", setresuid(-1, 65534, -1));
    ids("effective only");
    report("setresuid 65534 -1 -1", setresuid(65534, -1, -1));
    ids("real too");
    report("setuid 0 (the saved id)", setuid(0));
    ids("back");
    break;
  case 2:
    report("setreuid 65534 65534", setreuid(65534, 65534));
    report("setregid 65534 65534", setregid(65534, 65534));
    ids("setre*id");
    report("setreuid 0 -1", setreuid(0, -1));
    report("setuid -1", setuid(-1));
    break;
  }
  fflush(stdout);
  _exit(0);
}

int main(void) {
  ids("start");
  if (geteuid() != 0) { printf("not root\n"); return 0; }
  for (int i = 0; i < 3; i++) child(i);
  ids("parent after");
  return 0;
}
