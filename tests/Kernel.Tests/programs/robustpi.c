/* Robust mutexes whose owner dies holding them: the robust list marks them FUTEX_OWNER_DIED and wakes a
   waiter, for priority-inheritance and plain mutexes. Checked against the host kernel: qemu-user does not
   implement set_robust_list. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t robust_lock;
static volatile int robust_taken, robust_tried;
static const char *kind;

static void *die_holding(void *arg) {
  (void)arg;
  pthread_mutex_lock(&robust_lock);
  robust_taken = 1;
  /* Alive until the main thread has tried the lock, then a moment for it to block on it. */
  while (!robust_tried) sched_yield();
  struct timespec pause = { 0, 30000000 };
  nanosleep(&pause, 0);
  return 0; /* ends owning the lock */
}

static void check(int protocol, const char *name) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setprotocol(&attr, protocol);
  kind = name;
  robust_taken = 0;
  robust_tried = 0;
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&robust_lock, &attr);
  pthread_t holder;
  pthread_create(&holder, 0, die_holding, 0);
  while (!robust_taken) sched_yield();
  int tried = pthread_mutex_trylock(&robust_lock);
  robust_tried = 1;
  printf("%s trylock held: %s\n", kind, strerrorname_np(tried));
  /* Blocks in the kernel until the holder's exit marks the lock owner-died (or finds it so marked). */
  int r = pthread_mutex_lock(&robust_lock);
  printf("%s lock after owner died: %s\n", kind, r ? strerrorname_np(r) : "ok");
  printf("%s consistent: %d\n", kind, pthread_mutex_consistent(&robust_lock));
  printf("%s unlock: %d\n", kind, pthread_mutex_unlock(&robust_lock));
  pthread_join(holder, 0);
  printf("%s relock: %d\n", kind, pthread_mutex_lock(&robust_lock));
  pthread_mutex_unlock(&robust_lock);
}

/* A process-shared robust mutex whose owner process exits (exit_group) while holding it. */
static void check_process(int protocol, const char *name) {
  pthread_mutex_t *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setprotocol(&attr, protocol);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(m, &attr);
  volatile int *taken = (volatile int *)(m + 1);
  *taken = 0;
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    pthread_mutex_lock(m);
    *taken = 1;
    struct timespec pause = { 0, 30000000 };
    nanosleep(&pause, 0);
    exit(0);
  }
  while (!*taken) sched_yield();
  int r = pthread_mutex_lock(m);
  printf("%s process lock after owner died: %s\n", name, r ? strerrorname_np(r) : "ok");
  pthread_mutex_consistent(m);
  pthread_mutex_unlock(m);
  waitpid(child, 0, 0);
  munmap(m, 4096);
}

int main(void) {
  check(PTHREAD_PRIO_INHERIT, "inherit");
  check(PTHREAD_PRIO_NONE, "none");
  check_process(PTHREAD_PRIO_INHERIT, "inherit");
  check_process(PTHREAD_PRIO_NONE, "none");
  return 0;
}
