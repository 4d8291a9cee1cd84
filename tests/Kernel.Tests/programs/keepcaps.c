/* prctl PR_SET_KEEPCAPS / PR_GET_KEEPCAPS: a thread's own flag (Go's syscall.AllThreadsSyscall tests set it on every
   thread and read it back on each), copied to a new thread; a value above 1 is EINVAL. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static void *reader(void *arg) {
  printf("%s: %d\n", (const char *)arg, prctl(PR_GET_KEEPCAPS));
  prctl(PR_SET_KEEPCAPS, 0);
  return 0;
}

int main(void) {
  printf("at start: %d\n", prctl(PR_GET_KEEPCAPS));
  printf("set 1: %d\n", prctl(PR_SET_KEEPCAPS, 1));
  printf("now: %d\n", prctl(PR_GET_KEEPCAPS));
  pthread_t t;
  pthread_create(&t, 0, reader, "new thread");
  pthread_join(t, 0);
  printf("main thread after the other cleared its own: %d\n", prctl(PR_GET_KEEPCAPS));
  int r = prctl(PR_SET_KEEPCAPS, 2);
  printf("set 2: %d %s\n", r, r < 0 ? strerror(errno) : "");
  return 0;
}
