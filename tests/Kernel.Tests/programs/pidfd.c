// pidfd_open, pidfd_send_signal, pidfd_getfd, waitid(P_PIDFD) and clone(CLONE_PIDFD): a process descriptor that
// polls readable once its process has exited, signals it, waits for it and copies its descriptors; argument errors.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#define PIDFD_NONBLOCK O_NONBLOCK

static void show(const char *what, long r)
{
    if (r < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else printf("%s: %ld\n", what, r);
}

static long pidfd_open_(int pid, unsigned flags) { return syscall(SYS_pidfd_open, pid, flags); }
static long pidfd_send_signal_(int fd, int sig, siginfo_t *info, unsigned flags) { return syscall(SYS_pidfd_send_signal, fd, sig, info, flags); }
static long pidfd_getfd_(int fd, int target, unsigned flags) { return syscall(SYS_pidfd_getfd, fd, target, flags); }

static int readable(int fd, int timeout)
{
    struct pollfd p = { fd, POLLIN, 0 };
    int r = poll(&p, 1, timeout);
    return r < 0 ? -1 : r == 0 ? 0 : p.revents;
}

static volatile int queued_value = -1, queued_code = 99;
static void on_usr1(int sig, siginfo_t *info, void *context)
{
    (void)sig; (void)context;
    queued_code = info->si_code;
    queued_value = info->si_value.sival_int;
}

static volatile pid_t thread_tid;
static void *idle_thread(void *arg) { (void)arg; thread_tid = gettid(); pause(); return NULL; }

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    // Argument errors.
    show("open pid -1", pidfd_open_(-1, 0));
    show("open pid 0", pidfd_open_(0, 0));
    show("open bad flags", pidfd_open_(getpid(), 1));
    show("open missing pid", pidfd_open_(4000000, 0));
    show("send to stdin", pidfd_send_signal_(0, 0, NULL, 0));
    show("send to bad fd", pidfd_send_signal_(999, 0, NULL, 0));
    show("getfd from stdin", pidfd_getfd_(0, 1, 0));

    // A thread that is not its process's leader has no pidfd (before PIDFD_THREAD).
    pthread_t th;
    pthread_create(&th, NULL, idle_thread, NULL);
    while (thread_tid == 0) usleep(1000);
    show("open non-leader thread", pidfd_open_(thread_tid, 0));

    int self = (int)pidfd_open_(getpid(), 0);
    show("open self", self >= 0 ? 0 : -1);
    show("self cloexec", fcntl(self, F_GETFD));
    show("self flags", fcntl(self, F_GETFL) & (O_ACCMODE | O_NONBLOCK));
    show("self readable", readable(self, 0));
    char link[64] = {0}, path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", self);
    show("readlink", readlink(path, link, sizeof link - 1));
    printf("link %s\n", link);
    char buf[8];
    show("read pidfd", read(self, buf, sizeof buf));
    show("send 0 to self", pidfd_send_signal_(self, 0, NULL, 0));
    show("send bad flags", pidfd_send_signal_(self, 0, NULL, 8));
    show("send bad signal", pidfd_send_signal_(self, 65, NULL, 0));

    struct sigaction sa = {0};
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    show("send USR1 to self", pidfd_send_signal_(self, SIGUSR1, NULL, 0));
    printf("handler code %d value-untouched %d\n", queued_code, queued_value == -1);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = 4242;
    show("send queued info", pidfd_send_signal_(self, SIGUSR1, &si, 0));
    printf("handler code %d value %d\n", queued_code, queued_value);
    si.si_signo = SIGUSR2;
    show("send mismatched signo", pidfd_send_signal_(self, SIGUSR1, &si, 0));
    show("send bad info", pidfd_send_signal_(self, SIGUSR1, (siginfo_t *)8, 0));

    // pidfd_getfd: a copy of one of our own descriptors, close-on-exec.
    int pipefd[2];
    pipe(pipefd);
    int copy = (int)pidfd_getfd_(self, pipefd[1], 0);
    show("getfd", copy >= 0 ? 0 : -1);
    show("getfd cloexec", fcntl(copy, F_GETFD));
    write(copy, "hey", 3);
    char got[4] = {0};
    read(pipefd[0], got, 3);
    printf("through copy: %s\n", got);
    show("getfd bad flags", pidfd_getfd_(self, pipefd[1], 1));
    show("getfd bad target", pidfd_getfd_(self, 777, 0));

    // A child: signalled and waited for through its pidfd.
    int ready[2];
    pipe(ready);
    pid_t child = fork();
    if (child == 0)
    {
        close(ready[0]);
        int fd = open("/dev/null", O_RDONLY);
        char c = (char)fd;
        write(ready[1], &c, 1);
        pause();
        _exit(3);
    }
    close(ready[1]);
    char childfd;
    read(ready[0], &childfd, 1);
    int pfd = (int)pidfd_open_(child, 0);
    show("open child", pfd >= 0 ? 0 : -1);
    show("child readable before", readable(pfd, 0));
    int remote = (int)pidfd_getfd_(pfd, childfd, 0);
    show("getfd from child", remote >= 0 ? 0 : -1);
    struct stat a, b;
    fstat(remote, &a);
    stat("/dev/null", &b);
    printf("remote is /dev/null: %d\n", a.st_rdev == b.st_rdev);
    int epfd = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 7 };
    show("epoll add", epoll_ctl(epfd, EPOLL_CTL_ADD, pfd, &ev));
    show("epoll before", epoll_wait(epfd, &ev, 1, 0));
    int nb = (int)pidfd_open_(child, PIDFD_NONBLOCK);
    show("nonblock flags", fcntl(nb, F_GETFL) & O_NONBLOCK ? 1 : 0);
    siginfo_t info;
    memset(&info, 0, sizeof info);
    show("waitid nonblock", waitid(P_PIDFD, nb, &info, WEXITED));
    show("waitid WNOHANG", waitid(P_PIDFD, pfd, &info, WEXITED | WNOHANG));
    printf("nohang pid zero %d\n", info.si_pid == 0);
    si.si_signo = SIGTERM;
    si.si_code = SI_USER;
    show("send kill-coded info to child", pidfd_send_signal_(pfd, SIGTERM, &si, 0));
    show("send TERM to child", pidfd_send_signal_(pfd, SIGTERM, NULL, 0));
    show("child readable after", readable(pfd, 2000));
    memset(&ev, 0, sizeof ev);
    show("epoll after", epoll_wait(epfd, &ev, 1, 1000));
    printf("epoll data %u events %x\n", ev.data.u32, ev.events);
    show("send 0 to zombie", pidfd_send_signal_(pfd, 0, NULL, 0));
    show("getfd from zombie", pidfd_getfd_(pfd, childfd, 0));
    memset(&info, 0, sizeof info);
    show("waitid pidfd", waitid(P_PIDFD, pfd, &info, WEXITED));
    printf("pid match %d code %d status %d\n", info.si_pid == child, info.si_code, info.si_status);
    show("send after reap", pidfd_send_signal_(pfd, 0, NULL, 0));
    show("waitid after reap", waitid(P_PIDFD, pfd, &info, WEXITED));
    show("waitid on pipe", waitid(P_PIDFD, pipefd[0], &info, WEXITED));
    show("open reaped", pidfd_open_(child, 0));
    show("waitid on self pidfd", waitid(P_PIDFD, self, &info, WEXITED | WNOHANG));

    // clone(CLONE_PIDFD): the descriptor comes back through parent_tid.
    int cfd = -1;
    long r = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &cfd, 0, 0);
    if (r == 0) _exit(5);
    show("clone pidfd", r > 0 ? 0 : r);
    if (r > 0)
    {
        show("clone pidfd cloexec", fcntl(cfd, F_GETFD));
        memset(&info, 0, sizeof info);
        show("waitid clone pidfd", waitid(P_PIDFD, cfd, &info, WEXITED));
        printf("pid match %d code %d status %d\n", info.si_pid == r, info.si_code, info.si_status);
    }
    show("clone pidfd with parent_settid", syscall(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &cfd, 0, 0));
    return 0;
}
