// signalfd4: creation and update, flags and errors, records read from the thread's and the process's queues,
// poll/epoll readiness, blocking reads woken by another process's kill and by SIGCHLD, EINTR.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    if (r < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else printf("%s: %ld\n", what, r);
}

static long raw_signalfd(int fd, const void *mask, size_t size, int flags)
{
    return syscall(SYS_signalfd4, fd, mask, size, flags);
}

static void record(const char *what, const struct signalfd_siginfo *s)
{
    printf("%s: signo %u errno %d code %d pid-is-self %d uid-is-self %d int %d ptr %llu status %d\n", what,
           s->ssi_signo, s->ssi_errno, s->ssi_code, s->ssi_pid == (unsigned)getpid(), s->ssi_uid == getuid(),
           s->ssi_int, (unsigned long long)s->ssi_ptr, s->ssi_status);
}

static int readable(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, 0);
    return r > 0 ? p.revents : r;
}

static void on_alarm(int sig) { (void)sig; }

int main(void)
{
    int rtsig = SIGRTMIN + 2;
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGUSR2);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, rtsig);
    sigprocmask(SIG_BLOCK, &mask, NULL);

    // Errors, in Linux's order.
    int p[2];
    pipe(p);
    show("null mask", raw_signalfd(-1, NULL, 8, 0));
    show("bad flags", raw_signalfd(-1, &mask, 8, 1));
    show("not a signalfd", raw_signalfd(p[0], &mask, 8, 0));
    show("closed fd", raw_signalfd(900, &mask, 8, 0));
    show("fd -2", raw_signalfd(-2, &mask, 8, 0));

    int fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("created: %d\n", fd > 2);
    printf("cloexec %d nonblock %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    char link[64], path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(path, link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    printf("link %s\n", link);

    struct signalfd_siginfo s[4];
    show("read empty", read(fd, s, sizeof s));
    printf("poll empty %d\n", readable(fd));
    show("read short buffer", read(fd, s, 100));

    raise(SIGUSR1);
    printf("poll after raise %d\n", readable(fd));
    show("read short buffer pending", read(fd, s, 127));
    show("read", read(fd, s, sizeof s));
    record("raise", &s[0]);

    kill(getpid(), SIGUSR2);
    show("read", read(fd, s, sizeof s));
    record("kill", &s[0]);

    union sigval v = {.sival_int = 42};
    sigqueue(getpid(), rtsig, v);
    show("read", read(fd, s, sizeof s));
    record("sigqueue", &s[0]);
    printf("rt signo is rtmin+2 %d\n", s[0].ssi_signo == (unsigned)rtsig);

    // The thread's own queue first, then the process's; lowest number first in each.
    kill(getpid(), SIGUSR1);
    raise(SIGUSR2);
    show("read two", read(fd, s, sizeof s));
    printf("order %u %u\n", s[0].ssi_signo, s[1].ssi_signo);

    // Signals outside the mask stay pending; an update changes what the descriptor takes.
    sigset_t only1;
    sigemptyset(&only1);
    sigaddset(&only1, SIGUSR1);
    show("update", raw_signalfd(fd, &only1, 8, 0) == fd);
    kill(getpid(), SIGUSR2);
    show("read outside mask", read(fd, s, sizeof s));
    printf("poll outside mask %d\n", readable(fd));
    sigset_t pending;
    sigpending(&pending);
    printf("still pending %d\n", sigismember(&pending, SIGUSR2));
    sigset_t only2;
    sigemptyset(&only2);
    sigaddset(&only2, SIGUSR2);
    signalfd(fd, &only2, 0);
    printf("flags kept: nonblock %d\n", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    show("read after update", read(fd, s, sizeof s));
    printf("signo %u\n", s[0].ssi_signo);
    signalfd(fd, &mask, 0);

    // epoll readiness.
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7};
    show("epoll_ctl", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    show("epoll_wait empty", epoll_wait(ep, &ev, 1, 0));
    kill(getpid(), SIGUSR1);
    show("epoll_wait pending", epoll_wait(ep, &ev, 1, 1000));
    printf("event %u data %u\n", ev.events, ev.data.u32);
    read(fd, s, sizeof s);

    // A blocking descriptor waits: for a child's kill, then for the SIGCHLD of its exit.
    int bfd = signalfd(-1, &mask, 0);
    pid_t child = fork();
    if (child == 0)
    {
        usleep(20000);
        kill(getppid(), SIGUSR1);
        _exit(7);
    }
    show("blocking read", read(bfd, s, sizeof s[0]));
    printf("signo %u code %d from child %d\n", s[0].ssi_signo, s[0].ssi_code, s[0].ssi_pid == (unsigned)child);
    show("blocking read", read(bfd, s, sizeof s[0]));
    printf("signo %u code %d from child %d status %d\n", s[0].ssi_signo, s[0].ssi_code, s[0].ssi_pid == (unsigned)child, s[0].ssi_status);
    int status;
    waitpid(child, &status, 0);
    printf("child exit %d\n", WEXITSTATUS(status));

    // sigtimedwait for a blocked SIGCHLD at SIG_DFL: the child's exit while the parent waits is queued.
    child = fork();
    if (child == 0)
    {
        usleep(50000);
        _exit(3);
    }
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    siginfo_t si;
    struct timespec limit = {.tv_sec = 10};
    show("sigtimedwait SIGCHLD", sigtimedwait(&chld, &si, &limit));
    printf("code %d from child %d status %d\n", si.si_code, si.si_pid == child, si.si_status);
    waitpid(child, &status, 0);

    // A signal outside the mask that has a handler interrupts a blocking read.
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {.it_value = {.tv_usec = 30000}};
    setitimer(ITIMER_REAL, &it, NULL);
    show("interrupted read", read(bfd, s, sizeof s));

    close(bfd);
    close(fd);
    return 0;
}
