/* Polls and sleeps that a signal no handler takes interrupts go on, as Linux restarts them: a process-directed
   SIGWINCH that the main thread blocks and whose action is to ignore it wakes another thread's ppoll, select,
   nanosleep or clock_nanosleep, which must not fail with EINTR (a relative sleep still lasts its whole time).
   A handler, even with SA_RESTART, ends them with EINTR. select writes the time left back into its timeout. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static const long SleepMs = 300;

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void unblock_all(void) {
  sigset_t none;
  sigemptyset(&none);
  pthread_sigmask(SIG_SETMASK, &none, 0);
}

static const char *result(int r) { return r < 0 ? strerror(errno) : r == 0 ? "0" : "ready"; }

static void *poll_pipe(void *arg) {
  (void)arg;
  unblock_all();
  struct pollfd p = {fds[0], POLLIN, 0};
  struct timespec timeout = {5, 0};
  int r = ppoll(&p, 1, &timeout, 0);
  printf("ppoll: %s\n", result(r));
  return 0;
}

static void *select_pipe(void *arg) {
  (void)arg;
  unblock_all();
  fd_set in;
  FD_ZERO(&in);
  FD_SET(fds[0], &in);
  struct timeval timeout = {5, 0};
  int r = select(fds[0] + 1, &in, 0, 0, &timeout);
  printf("select: %s, time left below 5 s: %s\n", result(r), timeout.tv_sec < 5 ? "yes" : "no");
  return 0;
}

static void *poll_timeout(void *arg) {
  (void)arg;
  unblock_all();
  long start = now_ms();
  int r = poll(0, 0, SleepMs);
  printf("poll timeout: %s, whole time: %s\n", result(r), now_ms() - start >= SleepMs - 1 ? "yes" : "no");
  return 0;
}

static void *relative_sleep(void *arg) {
  (void)arg;
  unblock_all();
  long start = now_ms();
  struct timespec t = {0, SleepMs * 1000000}, left = {0, 0};
  int r = nanosleep(&t, &left);
  printf("nanosleep: %s, whole time: %s\n", result(r), now_ms() - start >= SleepMs - 1 ? "yes" : "no");
  return 0;
}

static void *absolute_sleep(void *arg) {
  (void)arg;
  unblock_all();
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  long start = now_ms();
  until.tv_nsec += SleepMs * 1000000;
  if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
  int r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, 0);
  printf("clock_nanosleep absolute: %s, whole time: %s\n", r ? strerror(r) : "0", now_ms() - start >= SleepMs - 1 ? "yes" : "no");
  return 0;
}

static void pause_ms(long ms) {
  struct timespec t = {0, ms * 1000000};
  nanosleep(&t, 0);
}

/* One waiter at a time, so the one signal wakes that one. */
static void ignored_signal_during(void *(*waiter)(void *), int write_pipe) {
  pthread_t t;
  pthread_create(&t, 0, waiter, 0);
  pause_ms(80);
  kill(getpid(), SIGWINCH);
  pause_ms(80);
  char c;
  if (write_pipe && write(fds[1], "x", 1) != 1) printf("write failed\n");
  pthread_join(t, 0);
  if (write_pipe && read(fds[0], &c, 1) != 1) printf("read failed\n");
}

static void on_usr1(int sig) { (void)sig; }

static void *handled_sleep(void *arg) {
  (void)arg;
  struct timespec t = {2, 0}, left = {0, 0};
  int r = nanosleep(&t, &left);
  printf("nanosleep with a handler: %s, time left written: %s\n", result(r), left.tv_sec == 1 ? "yes" : "no");
  struct pollfd p = {fds[0], POLLIN, 0};
  r = poll(&p, 1, 2000);
  printf("poll with a handler: %s\n", result(r));
  return 0;
}

int main(void) {
  setvbuf(stdout, 0, _IONBF, 0);
  if (pipe(fds)) return 1;
  sigset_t winch;
  sigemptyset(&winch);
  sigaddset(&winch, SIGWINCH);
  pthread_sigmask(SIG_BLOCK, &winch, 0);

  ignored_signal_during(poll_pipe, 1);
  ignored_signal_during(select_pipe, 1);
  ignored_signal_during(poll_timeout, 0);
  ignored_signal_during(relative_sleep, 0);
  ignored_signal_during(absolute_sleep, 0);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, 0);
  pthread_t t;
  pthread_create(&t, 0, handled_sleep, 0);
  pause_ms(200);
  pthread_kill(t, SIGUSR1);
  pause_ms(200);
  pthread_kill(t, SIGUSR1);
  pthread_join(t, 0);
  return 0;
}
