/* Real-time signals sent to a busy thread are each delivered: a thread raises one real-time signal many
   times while the main thread sends it another that forks in its handler (each child finishes the loop).
   Half the kills come before the thread's loop runs, half while it runs. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { Raises = 500, Kills = 50 };
static volatile int raised, forks, child;

static void on_raise(int sig) { (void)sig; raised++; }

static void on_kill(int sig) {
  (void)sig;
  forks++;
  if (fork() == 0) child = 1;
}

static void *start(void *arg) {
  (void)arg;
  int failures = 0;
  /* glibc's raise is gettid(), getpid(), tgkill(pid, tid): a child forked by a handler that ran between them
     would send its signal to its parent's thread id (ESRCH, or the parent's thread gets it). Linux does that too
     when a kill lands there, so the kills are held back while raise runs and come between raises. */
  sigset_t kill_set;
  sigemptyset(&kill_set);
  sigaddset(&kill_set, SIGRTMIN + 1);
  for (int i = 0; i < Raises; i++) {
    pthread_sigmask(SIG_BLOCK, &kill_set, 0);
    if (raise(SIGRTMIN)) failures++;
    pthread_sigmask(SIG_UNBLOCK, &kill_set, 0);
  }
  /* Every pthread_kill is delivered: the count reaches Kills (a bound instead of a hang if not). A child forked
     after the loop (a late kill) has nothing left to do. */
  time_t give_up = time(0) + 30;
  while (!child && forks < Kills && time(0) < give_up) sched_yield();
  if (child) _exit(raised == Raises && failures == 0 ? 0 : 1);
  int good = 0, status;
  for (int i = 0; i < forks; i++)
    if (wait(&status) > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) good++;
  printf("raised %d of %d, handled %d kills of %d, children good %d\n", raised, Raises, forks, Kills, good);
  return 0;
}

int main(void) {
  signal(SIGRTMIN, on_raise);
  signal(SIGRTMIN + 1, on_kill);
  pthread_t t;
  pthread_create(&t, 0, start, 0);
  for (int i = 0; i < Kills / 2; i++) pthread_kill(t, SIGRTMIN + 1);
  /* The rest once the thread is raising again (or done). */
  while (forks < Kills / 2) sched_yield();
  for (int r = raised; raised < r + 3 && raised < Raises;) sched_yield();
  for (int i = Kills / 2; i < Kills; i++) pthread_kill(t, SIGRTMIN + 1);
  pthread_join(t, 0);
  return 0;
}
