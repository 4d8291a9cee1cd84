/* Futex wake-ups across a copy-on-write break. A thread waits on a word; another thread forks (the word's
   page becomes shared with the child, read-only) and then stores to the word, which gives the parent a new
   copy of the page, and wakes the waiter. Linux keys a futex in private memory by (address space, virtual
   address), so the wake-up finds the waiter whatever frame now backs the page; a key by physical address
   loses it (the waiter sleeps on the child's frame). Checked for FUTEX_WAIT with and without
   FUTEX_PRIVATE_FLAG, and for CLONE_CHILD_CLEARTID (pthread_join of a thread that forked and then exited),
   which is musl libc-test's raise-race. Each wait is bounded, so a lost wake-up prints instead of hanging. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint32_t word;
static int private_flag;

static void *waiter(void *arg) {
  (void)arg;
  struct timespec limit = {10, 0};
  long r = syscall(SYS_futex, &word, FUTEX_WAIT | private_flag, 0, &limit, 0, 0);
  /* Woken (0) or the store came first (EAGAIN): both are a wake-up that was not lost. */
  return (void *)(intptr_t)(r == 0 || errno == EAGAIN ? 0 : errno);
}

/* Forks a child that keeps the page shared until told to go; returns the pipe to tell it. */
static int fork_holder(pid_t *pid) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  *pid = fork();
  if (*pid == 0) {
    char c;
    close(fds[1]);
    (void)!read(fds[0], &c, 1);
    _exit(0);
  }
  close(fds[0]);
  return fds[1];
}

static void wake_after_cow(const char *name, int flag) {
  pthread_t t;
  pid_t pid = -1;
  void *result;
  word = 0;
  private_flag = flag;
  pthread_create(&t, 0, waiter, 0);
  usleep(200000);
  int holder = fork_holder(&pid);
  word = 1; /* the copy-on-write break: this process now has its own copy of the page */
  syscall(SYS_futex, &word, FUTEX_WAKE | flag, 1, 0, 0, 0);
  pthread_join(t, &result);
  close(holder);
  waitpid(pid, 0, 0);
  printf("%s: %s\n", name, result == 0 ? "woken" : strerror((int)(intptr_t)result));
}

/* A thread id word and a neighbour in one page of its own. */
static struct {
  uint32_t tid, neighbour;
} __attribute__((aligned(4096))) tid_page;
static int release[2];
static long holder_pid;

/* A raw thread (clone without a TLS of its own): only raw system calls, nothing that touches errno or TLS. */
static int forker(void *arg) {
  (void)arg;
  struct timespec pause = {0, 200000000};
  syscall(SYS_nanosleep, &pause, 0); /* the joiner is waiting by now */
  long pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  if (pid == 0) {
    char c;
    syscall(SYS_close, release[1]);
    syscall(SYS_read, release[0], &c, 1);
    syscall(SYS_exit_group, 0);
  }
  holder_pid = pid;
  tid_page.neighbour = 1; /* this process copies the page; the kernel's store of 0 at exit goes to the copy */
  syscall(SYS_exit, 0);
  return 0;
}

static void join_after_cow(void) {
  static char stack[65536] __attribute__((aligned(16)));
  if (pipe(release) != 0) return;
  int tid = clone(forker, stack + sizeof stack,
                  CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                      CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
                  0, &tid_page.tid, 0, &tid_page.tid);
  struct timespec limit = {10, 0};
  long r = 0;
  if (__atomic_load_n(&tid_page.tid, __ATOMIC_ACQUIRE) == (uint32_t)tid)
    r = syscall(SYS_futex, &tid_page.tid, FUTEX_WAIT, tid, &limit, 0, 0);
  int timed_out = r != 0 && errno == ETIMEDOUT;
  close(release[1]);
  while (__atomic_load_n(&holder_pid, __ATOMIC_ACQUIRE) == 0) usleep(1000);
  waitpid((pid_t)holder_pid, 0, 0);
  printf("CLONE_CHILD_CLEARTID of a thread that forked: %s, word %u\n", timed_out ? "lost" : "woken",
         __atomic_load_n(&tid_page.tid, __ATOMIC_ACQUIRE));
}

int main(void) {
  wake_after_cow("private futex", FUTEX_PRIVATE_FLAG);
  wake_after_cow("shared futex in private memory", 0);
  join_after_cow();
  return 0;
}
