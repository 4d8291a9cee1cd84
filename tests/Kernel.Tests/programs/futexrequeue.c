/* FUTEX_WAIT_REQUEUE_PI and FUTEX_CMP_REQUEUE_PI: a condition word's waiter is handed a PI lock, at once when
   it is free or through FUTEX_UNLOCK_PI when it is held; and their error cases. */
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

static uint32_t cond, lock;

static long futex(uint32_t *a, int op, uint32_t val, long val2, uint32_t *a2, uint32_t val3) {
  return syscall(SYS_futex, a, op, val, val2, a2, val3);
}
static const char *result(long r) { return r >= 0 ? "ok" : strerrorname_np(errno); }
static pid_t tid(void) { return syscall(SYS_gettid); }

static void *waiter(void *arg) {
  (void)arg;
  long r = futex(&cond, FUTEX_WAIT_REQUEUE_PI, 0, 0, &lock, 0);
  printf("waiter: %s, owns lock %d, waiters bit %d\n", result(r), (lock & FUTEX_TID_MASK) == (uint32_t)tid(), (lock & FUTEX_WAITERS) != 0);
  if (r == 0) futex(&lock, FUTEX_UNLOCK_PI, 0, 0, 0, 0);
  return 0;
}

/* Requeues until the waiter has arrived (it may not be waiting yet). */
static long requeue(int count) {
  long r = 0;
  for (int i = 0; i < 4000 && r == 0; i++) {
    r = futex(&cond, FUTEX_CMP_REQUEUE_PI, 1, count, &lock, 0);
    if (r == 0) usleep(1000);
  }
  return r;
}

int main(void) {
  pthread_t t;
  /* The lock is free: the waiter gets it at once. */
  pthread_create(&t, 0, waiter, 0);
  long r = requeue(0);
  pthread_join(t, 0);
  printf("requeue free lock: %ld\n", r);
  printf("lock after: %u\n", lock);

  /* The lock is held: the waiter moves to the lock and gets it at unlock. */
  futex(&lock, FUTEX_TRYLOCK_PI, 0, 0, 0, 0);
  pthread_create(&t, 0, waiter, 0);
  r = requeue(1);
  int waiters = (lock & FUTEX_WAITERS) != 0;
  const char *unlocked = result(futex(&lock, FUTEX_UNLOCK_PI, 0, 0, 0, 0));
  pthread_join(t, 0);
  printf("requeue held lock: %ld, waiters bit %d, unlock: %s\n", r, waiters, unlocked);
  printf("lock after: %u\n", lock);

  /* Held, nr_requeue 0: the one waiter Linux wakes (nr_wake 1) cannot take the lock, so it is moved onto it. */
  futex(&lock, FUTEX_TRYLOCK_PI, 0, 0, 0, 0);
  pthread_create(&t, 0, waiter, 0);
  r = requeue(0);
  waiters = (lock & FUTEX_WAITERS) != 0;
  unlocked = result(futex(&lock, FUTEX_UNLOCK_PI, 0, 0, 0, 0));
  pthread_join(t, 0);
  printf("requeue none held lock: %ld, waiters bit %d, unlock: %s\n", r, waiters, unlocked);

  /* Free, nr_requeue 1: the waiter takes it, with FUTEX_WAITERS set for the waiters to come. */
  pthread_create(&t, 0, waiter, 0);
  r = requeue(1);
  pthread_join(t, 0);
  printf("requeue one free lock: %ld\n", r);
  printf("lock after: %u\n", lock);

  errno = 0;
  printf("wait wrong value: %s\n", result(futex(&cond, FUTEX_WAIT_REQUEUE_PI, 1, 0, &lock, 0)));
  printf("wait same words: %s\n", result(futex(&cond, FUTEX_WAIT_REQUEUE_PI, 0, 0, &cond, 0)));
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  now.tv_nsec += 20000000;
  if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
  printf("wait timeout: %s\n", result(futex(&cond, FUTEX_WAIT_REQUEUE_PI, 0, (long)&now, &lock, 0)));
  printf("requeue wake two: %s\n", result(futex(&cond, FUTEX_CMP_REQUEUE_PI, 2, 0, &lock, 0)));
  printf("requeue wrong value: %s\n", result(futex(&cond, FUTEX_CMP_REQUEUE_PI, 1, 0, &lock, 5)));
  printf("requeue same words: %s\n", result(futex(&cond, FUTEX_CMP_REQUEUE_PI, 1, 0, &cond, 0)));
  printf("requeue nobody: %ld\n", futex(&cond, FUTEX_CMP_REQUEUE_PI, 1, 0, &lock, 0));
  return 0;
}
