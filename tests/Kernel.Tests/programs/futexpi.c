/* Priority-inheritance futexes: the raw operations with their errors, and PI mutexes under contention
   (robust ones are robustpi.c: qemu-user has no robust lists). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint32_t word;
static volatile int step;

static long futex(uint32_t *address, int op, const struct timespec *timeout) {
  return syscall(SYS_futex, address, op, 0, timeout, 0, 0);
}

static const char *result(long r) { return r == 0 ? "ok" : strerrorname_np(errno); }
static pid_t tid(void) { return syscall(SYS_gettid); }

static void *other_thread(void *arg) {
  (void)arg;
  errno = 0;
  printf("other unlock: %s\n", result(futex(&word, FUTEX_UNLOCK_PI, 0)));
  printf("other trylock: %s\n", result(futex(&word, FUTEX_TRYLOCK_PI, 0)));
  printf("word has waiters bit: %d\n", (word & FUTEX_WAITERS) != 0);
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_nsec += 30000000;
  if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
  printf("other lock with timeout: %s\n", result(futex(&word, FUTEX_LOCK_PI, &deadline)));
  /* Blocks until the main thread unlocks, then owns the word. */
  step = 1;
  long r = futex(&word, FUTEX_LOCK_PI, 0);
  printf("other lock: %s, owner is me %d\n", result(r), (word & FUTEX_TID_MASK) == (uint32_t)tid());
  printf("other unlock own: %s, word %u\n", result(futex(&word, FUTEX_UNLOCK_PI, 0)), word);
  return 0;
}

static void raw_operations(void) {
  printf("trylock free: %s, owner is me %d\n", result(futex(&word, FUTEX_TRYLOCK_PI, 0)), word == (uint32_t)tid());
  printf("trylock own: %s\n", result(futex(&word, FUTEX_TRYLOCK_PI, 0)));
  printf("lock own: %s\n", result(futex(&word, FUTEX_LOCK_PI, 0)));
  pthread_t t;
  pthread_create(&t, 0, other_thread, 0);
  while (!step) sched_yield();
  /* Give the other thread time to block in the kernel. */
  struct timespec pause = { 0, 50000000 };
  nanosleep(&pause, 0);
  const char *unlocked = result(futex(&word, FUTEX_UNLOCK_PI, 0));
  /* Printed after the join: the woken thread prints at once, and which line comes first is up to the scheduler. */
  pthread_join(t, 0);
  printf("main unlock with waiter: %s\n", unlocked);

  printf("unlock free: %s\n", result(futex(&word, FUTEX_UNLOCK_PI, 0)));
  word = 0x3ffffff0;
  printf("lock owned by no thread: %s, word 0x%x\n", result(futex(&word, FUTEX_LOCK_PI, 0)), word);
  word = FUTEX_OWNER_DIED;
  printf("lock owner died: %s, died bit kept %d\n", result(futex(&word, FUTEX_LOCK_PI, 0)), (word & FUTEX_OWNER_DIED) != 0);
  printf("unlock after died: %s, word %u\n", result(futex(&word, FUTEX_UNLOCK_PI, 0)), word);
  printf("lock misaligned: %s\n", result(futex((uint32_t *)((char *)&word + 1), FUTEX_LOCK_PI, 0)));
  printf("lock bad address: %s\n", result(futex((uint32_t *)16, FUTEX_LOCK_PI, 0)));
  struct timespec bad = { 0, 1000000000 };
  printf("lock bad timeout: %s\n", result(futex(&word, FUTEX_LOCK_PI, &bad)));
  printf("lock realtime flag: %s\n", result(futex(&word, FUTEX_LOCK_PI | FUTEX_CLOCK_REALTIME, 0)));
  printf("private trylock: %s\n", result(futex(&word, FUTEX_TRYLOCK_PI_PRIVATE, 0)));
  printf("private unlock: %s, word %u\n", result(futex(&word, FUTEX_UNLOCK_PI_PRIVATE, 0)), word);
}

enum { Threads = 4, Rounds = 20000 };
static pthread_mutex_t counter_lock;
static long counter;

static void *count(void *arg) {
  (void)arg;
  for (int i = 0; i < Rounds; i++) {
    pthread_mutex_lock(&counter_lock);
    long v = counter;
    if (i % 1000 == 0) sched_yield(); /* holders get preempted: contention reaches the kernel */
    counter = v + 1;
    pthread_mutex_unlock(&counter_lock);
  }
  return 0;
}

static void mutexes(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  printf("setprotocol inherit: %d\n", pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT));
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&counter_lock, &attr);
  pthread_t t[Threads];
  for (int i = 0; i < Threads; i++) pthread_create(&t[i], 0, count, 0);
  for (int i = 0; i < Threads; i++) pthread_join(t[i], 0);
  printf("counter: %ld of %d\n", counter, Threads * Rounds);
  pthread_mutex_lock(&counter_lock);
  printf("errorcheck relock: %s\n", strerrorname_np(pthread_mutex_lock(&counter_lock)));
  pthread_mutex_unlock(&counter_lock);
  printf("unlock unowned: %s\n", strerrorname_np(pthread_mutex_unlock(&counter_lock)));

}

int main(void) {
  raw_operations();
  mutexes();
  return 0;
}
