/* Delivery order of pending signals: lowest number first (standard before real-time), each real-time number in
   sending order; thread-directed ones before process-directed ones. Checked against the host kernel (qemu-user
   maps guest real-time signals to host ones in another order). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char log_text[1024];

static void handler(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  char item[32];
  if (sig == SIGUSR1 || sig == SIGUSR2) snprintf(item, sizeof item, " %s", sig == SIGUSR1 ? "USR1" : "USR2");
  else snprintf(item, sizeof item, " RT%d/%d", sig - SIGRTMIN, si->si_value.sival_int);
  strcat(log_text, item);
}

static void queue(int sig, int value) {
  union sigval v = { .sival_int = value };
  sigqueue(getpid(), sig, v);
}

static void tgqueue(int sig, int value) {
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_code = SI_QUEUE;
  si.si_pid = getpid();
  si.si_uid = getuid();
  si.si_value.sival_int = value;
  syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid), sig, &si);
}

int main(void) {
  struct sigaction sa = { 0 };
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigfillset(&sa.sa_mask); /* one handler at a time: the log shows the delivery order */
  int sigs[] = { SIGUSR1, SIGUSR2, SIGRTMIN, SIGRTMIN + 1, SIGRTMIN + 5 };
  sigset_t set, old;
  sigemptyset(&set);
  for (unsigned i = 0; i < sizeof sigs / sizeof *sigs; i++) {
    sigaction(sigs[i], &sa, 0);
    sigaddset(&set, sigs[i]);
  }

  sigprocmask(SIG_BLOCK, &set, &old);
  queue(SIGRTMIN + 5, 1);
  queue(SIGRTMIN + 1, 2);
  queue(SIGRTMIN, 3);
  queue(SIGRTMIN + 5, 4);
  queue(SIGRTMIN + 1, 5);
  kill(getpid(), SIGUSR2);
  queue(SIGRTMIN, 6);
  kill(getpid(), SIGUSR1);
  sigprocmask(SIG_SETMASK, &old, 0);
  printf("process-directed:%s\n", log_text);

  log_text[0] = 0;
  sigprocmask(SIG_BLOCK, &set, &old);
  queue(SIGRTMIN, 10);
  tgqueue(SIGRTMIN + 5, 11);
  queue(SIGRTMIN + 1, 12);
  tgqueue(SIGRTMIN + 1, 13);
  sigprocmask(SIG_SETMASK, &old, 0);
  printf("thread first:%s\n", log_text);
  return 0;
}
