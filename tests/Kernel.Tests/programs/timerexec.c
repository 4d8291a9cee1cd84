/* POSIX timers are deleted by execve (Linux's exit_itimers in begin_new_exec): an armed periodic timer whose
   signal would kill the process (SIGUSR1, default action) stops with the old image; its id is unknown after. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct itimerspec cur;
    if (argc > 1)
    {
        int id = atoi(argv[1]);
        long r = syscall(SYS_timer_gettime, id, &cur);
        printf("after exec: gettime %s\n", r < 0 ? strerrorname_np(errno) : "ok");
        usleep(50000);
        printf("after exec: alive\n");
        return 0;
    }
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    int id;
    printf("create: %ld\n", syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id));
    struct itimerspec s = { .it_interval = { 0, 5000000 }, .it_value = { 0, 5000000 } };
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    printf("settime: %ld\n", syscall(SYS_timer_settime, id, 0, &s, NULL));
    usleep(20000);
    /* Take the pending signal, so the new image starts with none, and let the signal through again. */
    sigwaitinfo(&usr1, NULL);
    char arg[16];
    snprintf(arg, sizeof arg, "%d", id);
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    execl("/proc/self/exe", argv[0], arg, (char *)NULL);
    printf("exec failed: %s\n", strerror(errno));
    return 1;
}
