/* sigqueue and rt_(tg)sigqueueinfo: the sender's siginfo arrives; real-time signals queue, standard ones coalesce. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int order[64], values[64], codes[64], count;
static int self_pid;

static void handler(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  if (count < 64) {
    order[count] = sig;
    values[count] = si->si_value.sival_int;
    codes[count] = si->si_code;
    count++;
  }
  if (si->si_code == SI_QUEUE && si->si_pid != self_pid) printf("bad si_pid %d\n", si->si_pid);
  if (si->si_uid != getuid()) printf("bad si_uid %d\n", si->si_uid);
}

static void report(const char *what) {
  printf("%s:", what);
  for (int i = 0; i < count; i++) {
    if (order[i] == SIGUSR1) printf(" USR1");
    else printf(" RT%d", order[i] - SIGRTMIN);
    /* A kill's siginfo has no value (qemu shows a stale one): only queued ones print theirs. */
    if (codes[i] == SI_USER) printf("/kill");
    else printf("/%d/%d", values[i], codes[i]);
  }
  printf("\n");
  count = 0;
}

static int queue(pid_t pid, int sig, int value) {
  union sigval v = { .sival_int = value };
  return sigqueue(pid, sig, v);
}

static int raw_queueinfo(pid_t pid, int sig, int code) {
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = sig;
  si.si_code = code;
  si.si_pid = getpid();
  si.si_uid = getuid();
  si.si_value.sival_int = 77;
  return syscall(SYS_rt_sigqueueinfo, pid, sig, &si);
}

int main(void) {
  self_pid = getpid();
  struct sigaction sa = { 0 };
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, 0);
  sigaction(SIGRTMIN, &sa, 0);
  sigaction(SIGRTMIN + 1, &sa, 0);
  sigaction(SIGRTMIN + 2, &sa, 0);

  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGRTMIN);
  sigaddset(&set, SIGRTMIN + 1);
  sigaddset(&set, SIGRTMIN + 2);

  /* Blocked: real-time signals queue in sending order; SIGUSR1 coalesces (the first siginfo stays). Which of
     two real-time numbers comes first is rtorder.c's test: qemu maps them to host signals in another order. */
  sigprocmask(SIG_BLOCK, &set, &old);
  queue(getpid(), SIGRTMIN, 1);
  queue(getpid(), SIGRTMIN, 2);
  kill(getpid(), SIGRTMIN);
  queue(getpid(), SIGRTMIN, 4);
  sigset_t pending;
  sigpending(&pending);
  printf("pending: USR1 %d RT0 %d RT1 %d RT2 %d\n", sigismember(&pending, SIGUSR1), sigismember(&pending, SIGRTMIN),
         sigismember(&pending, SIGRTMIN + 1), sigismember(&pending, SIGRTMIN + 2));
  sigprocmask(SIG_SETMASK, &old, 0);
  report("delivered");

  sigprocmask(SIG_BLOCK, &set, &old);
  queue(getpid(), SIGUSR1, 5);
  kill(getpid(), SIGUSR1);
  queue(getpid(), SIGUSR1, 6);
  sigprocmask(SIG_SETMASK, &old, 0);
  report("coalesced");

  /* sigtimedwait takes them one at a time with their siginfo. */
  sigprocmask(SIG_BLOCK, &set, 0);
  queue(getpid(), SIGRTMIN + 2, 10);
  queue(getpid(), SIGRTMIN + 2, 11);
  queue(getpid(), SIGRTMIN + 2, 12);
  struct timespec zero = { 0, 0 };
  siginfo_t si;
  int sig;
  while ((sig = sigtimedwait(&set, &si, &zero)) > 0)
    printf("sigtimedwait: RT%d value %d code %d pid-ok %d\n", sig - SIGRTMIN, si.si_value.sival_int, si.si_code, si.si_pid == getpid());
  printf("sigtimedwait then: %d %s\n", sig, strerror(errno));

  /* A thread's own queue: rt_tgsigqueueinfo delivers to it. */
  siginfo_t ti;
  memset(&ti, 0, sizeof ti);
  ti.si_code = SI_QUEUE;
  ti.si_pid = getpid();
  ti.si_uid = getuid();
  ti.si_value.sival_int = 42;
  printf("tgsigqueueinfo: %ld\n", syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid), SIGRTMIN, &ti));
  printf("tgsigqueueinfo twice: %ld\n", syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid), SIGRTMIN, &ti));
  sigprocmask(SIG_UNBLOCK, &set, 0);
  report("thread");

  /* Permissions: SI_USER and SI_TKILL codes only to oneself; a negative code to another process is fine. */
  fflush(stdout);
  sigprocmask(SIG_BLOCK, &set, 0); /* the child starts with them blocked: none reaches its handler */
  pid_t child = fork();
  if (child == 0) {
    sigset_t wait_for;
    sigemptyset(&wait_for);
    sigaddset(&wait_for, SIGRTMIN);
    siginfo_t got;
    int n = 0;
    while (n < 2 && sigwaitinfo(&wait_for, &got) == SIGRTMIN) {
      printf("child got value %d code %d from-parent %d\n", got.si_value.sival_int, got.si_code, got.si_pid == getppid());
      n++;
    }
    fflush(stdout);
    _exit(0);
  }
  errno = 0;
  printf("SI_USER to child: %d %s\n", raw_queueinfo(child, SIGRTMIN, SI_USER), strerror(errno));
  errno = 0;
  printf("SI_KERNEL to child: %d %s\n", raw_queueinfo(child, SIGRTMIN, SI_KERNEL), strerror(errno));
  errno = 0;
  printf("SI_TKILL to child: %d %s\n", raw_queueinfo(child, SIGRTMIN, SI_TKILL), strerror(errno));
  errno = 0;
  printf("SI_QUEUE to child: %d %s\n", queue(child, SIGRTMIN, 100), strerror(errno));
  errno = 0;
  printf("SI_MESGQ to child: %d %s\n", raw_queueinfo(child, SIGRTMIN, SI_MESGQ), strerror(errno));
  int status;
  waitpid(child, &status, 0);
  printf("child status %d\n", status);

  /* SI_USER to oneself is allowed. */
  errno = 0;
  printf("SI_USER to self: %d %s\n", raw_queueinfo(getpid(), SIGRTMIN, SI_USER), strerror(errno));
  sigprocmask(SIG_UNBLOCK, &set, 0);
  report("self");

  /* Blocking every signal is a valid request (raise does it), and the old mask comes back. */
  sigset_t all, before, after;
  sigfillset(&all);
  errno = 0;
  int blocked = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, &before, 8);
  syscall(SYS_rt_sigprocmask, SIG_SETMASK, &before, &after, 8);
  printf("block all: %d %s, old had RT0 %d, all had USR1 %d\n", blocked, strerror(errno), sigismember(&before, SIGRTMIN),
         sigismember(&after, SIGUSR1));

  /* Error cases. */
  errno = 0;
  printf("bad signal: %d %s\n", queue(getpid(), 65, 0), strerror(errno));
  errno = 0;
  printf("no process: %d %s\n", queue(99999999, SIGRTMIN, 0), strerror(errno));
  errno = 0;
  printf("pid 0: %ld %s\n", syscall(SYS_rt_sigqueueinfo, 0, SIGRTMIN, &ti), strerror(errno));
  errno = 0;
  printf("bad pointer: %ld %s\n", syscall(SYS_rt_sigqueueinfo, getpid(), SIGRTMIN, (void *)8), strerror(errno));
  errno = 0;
  printf("signal 0: %d %s\n", queue(getpid(), 0, 0), strerror(errno));
  errno = 0;
  printf("tg bad tgid: %ld %s\n", syscall(SYS_rt_tgsigqueueinfo, 0, syscall(SYS_gettid), SIGRTMIN, &ti), strerror(errno));
  errno = 0;
  printf("tg wrong tgid: %ld %s\n", syscall(SYS_rt_tgsigqueueinfo, getpid() + 100000, syscall(SYS_gettid), SIGRTMIN, &ti), strerror(errno));
  return 0;
}
