/* A process-directed signal that the main thread blocks and whose action is to ignore it is queued for the
   process and wakes another thread's read; with no handler to run, the read goes on (Linux restarts it)
   instead of failing with EINTR. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fds[2];

static void *reader(void *arg) {
  (void)arg;
  sigset_t none;
  sigemptyset(&none);
  pthread_sigmask(SIG_SETMASK, &none, 0);
  char c;
  ssize_t n = read(fds[0], &c, 1);
  if (n == 1) printf("read %c\n", c);
  else printf("read: %s\n", strerror(errno));
  return 0;
}

int main(void) {
  sigset_t winch;
  sigemptyset(&winch);
  sigaddset(&winch, SIGWINCH);
  pthread_sigmask(SIG_BLOCK, &winch, 0);
  if (pipe(fds)) return 1;
  pthread_t t;
  pthread_create(&t, 0, reader, 0);
  struct timespec pause = {0, 100 * 1000 * 1000};
  nanosleep(&pause, 0);
  kill(getpid(), SIGWINCH);
  nanosleep(&pause, 0);
  if (write(fds[1], "x", 1) != 1) return 1;
  pthread_join(t, 0);
  return 0;
}
