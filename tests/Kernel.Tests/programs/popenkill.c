/* A host /bin/sh started by popen signals its guest parent, by the pid the guest sees (getpid) and by $PPID.
   Exit status 0 only when both signals arrived. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t usr1, usr2;
static void on_usr1(int sig) { (void)sig; usr1++; }
static void on_usr2(int sig) { (void)sig; usr2++; }

int main(void) {
  signal(SIGUSR1, on_usr1);
  signal(SIGUSR2, on_usr2);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "read a; test \"x$a\" = xhello && kill -USR1 %d", (int)getpid());
  FILE *f = popen(cmd, "w");
  fputs("hello\n", f);
  printf("pclose by pid: %d\n", pclose(f));
  printf("SIGUSR1 received: %d\n", (int)usr1);
  f = popen("kill -USR2 $PPID && echo sent", "r");
  char line[64];
  while (fgets(line, sizeof line, f)) printf("sh: %s", line);
  printf("pclose by $PPID: %d\n", pclose(f));
  printf("SIGUSR2 received: %d\n", (int)usr2);
  return usr1 == 1 && usr2 == 1 ? 0 : 1; /* a test runner's verdict */
}
