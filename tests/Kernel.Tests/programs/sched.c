/* The scheduling calls keep what they set and check their arguments as Linux: policies and their priority ranges,
   sched_getparam, sched_rr_get_interval, SCHED_RESET_ON_FORK, the affinity mask (read back, inherited by a child,
   an empty one refused), and nice values through setpriority and getpriority. Python 3.13's test_posix (test_sched_*,
   test_get_and_set_scheduler_and_param) and test_os (test_set_get_priority, process_cpu_count) showed them. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void report(const char *what, long r) {
  if (r >= 0) printf("%s: %ld\n", what, r);
  else printf("%s: %s\n", what, strerror(errno));
}

int main(void) {
  struct sched_param param = {0};
  report("getscheduler", sched_getscheduler(0));
  report("getscheduler -1", sched_getscheduler(-1));
  report("getscheduler missing", sched_getscheduler(0x3ffffff0));
  report("getscheduler of the parent", sched_getscheduler(getppid()));
  report("priority max FIFO", sched_get_priority_max(SCHED_FIFO));
  report("priority min RR", sched_get_priority_min(SCHED_RR));
  report("priority max OTHER", sched_get_priority_max(SCHED_OTHER));
  report("priority min IDLE", sched_get_priority_min(SCHED_IDLE));
  report("priority min -23", sched_get_priority_min(-23));
  report("priority max 4", sched_get_priority_max(4));
  report("getparam NULL", syscall(SYS_sched_getparam, 0, NULL));
  report("getparam -1", sched_getparam(-1, &param));
  report("setscheduler OTHER prio 1", sched_setscheduler(0, SCHED_OTHER, &(struct sched_param){1}));
  report("setscheduler bad policy", sched_setscheduler(0, 17, &param));
  report("setscheduler DEADLINE", sched_setscheduler(0, SCHED_DEADLINE, &param));
  report("setscheduler NULL", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL));
  report("setscheduler BATCH", sched_setscheduler(0, SCHED_BATCH, &param));
  report("getscheduler after", sched_getscheduler(0));
  report("setparam 5 under BATCH", sched_setparam(0, &(struct sched_param){5}));
  report("setscheduler IDLE|RESET_ON_FORK", sched_setscheduler(0, SCHED_IDLE | SCHED_RESET_ON_FORK, &param));
  report("getscheduler after", sched_getscheduler(0));
  report("back to OTHER", sched_setscheduler(0, SCHED_OTHER | SCHED_RESET_ON_FORK, &param));
  struct timespec ts = {7, 7};
  report("rr_get_interval", sched_rr_get_interval(0, &ts));
  printf("interval under a second: %s\n", ts.tv_sec == 0 && ts.tv_nsec < 1000000000 ? "yes" : "no");
  report("rr_get_interval -1", sched_rr_get_interval(-1, &ts));
  report("rr_get_interval bad pointer", sched_rr_get_interval(0, (struct timespec *)8));

  cpu_set_t set;
  CPU_ZERO(&set);
  report("getaffinity", sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_ISSET(0, &set) : -1);
  report("getaffinity -1", sched_getaffinity(-1, sizeof set, &set));
  report("getaffinity 3 bytes", syscall(SYS_sched_getaffinity, 0, 3, &set));
  CPU_ZERO(&set);
  report("setaffinity empty", sched_setaffinity(0, sizeof set, &set));
  CPU_SET(0, &set);
  report("setaffinity cpu 0", sched_setaffinity(0, sizeof set, &set));
  report("setaffinity -1", sched_setaffinity(-1, sizeof set, &set));
  report("setaffinity bad pointer", sched_setaffinity(0, sizeof set, (cpu_set_t *)8));
  CPU_ZERO(&set);
  sched_getaffinity(0, sizeof set, &set);
  report("cpus after", CPU_COUNT(&set));
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    CPU_ZERO(&set);
    sched_getaffinity(0, sizeof set, &set);
    printf("child cpus: %d, cpu 0: %d\n", CPU_COUNT(&set), CPU_ISSET(0, &set));
    printf("child getscheduler: %d\n", sched_getscheduler(0));
    fflush(stdout);
    _exit(0);
  }
  waitpid(child, NULL, 0);

  errno = 0;
  report("getpriority", getpriority(PRIO_PROCESS, 0));
  report("setpriority +3", setpriority(PRIO_PROCESS, 0, 3));
  errno = 0;
  report("getpriority after", getpriority(PRIO_PROCESS, 0));
  report("setpriority 40 (clamped)", setpriority(PRIO_PROCESS, 0, 40));
  errno = 0;
  report("getpriority after", getpriority(PRIO_PROCESS, getpid()));
  report("setpriority bad which", setpriority(7, 0, 1));
  report("setpriority missing", setpriority(PRIO_PROCESS, 0x3ffffff0, 1));
  /* No PRIO_PGRP read: under qemu-user the group holds qemu's own helper thread (nice 0). */
  report("setpriority back to 0", setpriority(PRIO_PROCESS, 0, 0));
  errno = 0;
  report("getpriority after", getpriority(PRIO_PROCESS, 0));
  return 0;
}
