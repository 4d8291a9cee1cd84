/* timerfd: create/settime/gettime checks in Linux's order, one-shot and periodic counts, absolute times,
   nonblocking reads, poll/epoll readiness, a read interrupted by a signal. Prints no times, only facts. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerrorname_np(errno) : "ok"; }

static struct itimerspec spec(long vs, long vns, long is, long ins)
{
    struct itimerspec s = { .it_interval = { is, ins }, .it_value = { vs, vns } };
    return s;
}

static void on_alarm(int sig) { (void)sig; }

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    /* timerfd_create: clocks and flags. */
    printf("create REALTIME: %s\n", err(timerfd_create(CLOCK_REALTIME, 0)));
    printf("create BOOTTIME: %s\n", err(timerfd_create(CLOCK_BOOTTIME, 0)));
    printf("create PROCESS_CPUTIME: %s\n", err(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0)));
    printf("create MONOTONIC_RAW: %s\n", err(timerfd_create(CLOCK_MONOTONIC_RAW, 0)));
    printf("create clock 99: %s\n", err(timerfd_create(99, 0)));
    printf("create clock -1: %s\n", err(timerfd_create(-1, 0)));
    printf("create flags 1: %s\n", err(timerfd_create(CLOCK_MONOTONIC, 1)));
    printf("create O_RDWR flag: %s\n", err(timerfd_create(CLOCK_MONOTONIC, O_RDWR)));
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    printf("cloexec=%d nonblock=%d accmode=%d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0,
        fcntl(fd, F_GETFL) & O_ACCMODE);

    uint64_t count = 0;
    printf("read disarmed: %s\n", err(read(fd, &count, 8)));
    printf("read 4 bytes: %s\n", err(read(fd, &count, 4)));
    printf("write: %s\n", err(write(fd, &count, 8)));
    struct itimerspec cur;
    memset(&cur, 0x55, sizeof cur);
    printf("gettime disarmed: %s value=%ld.%ld interval=%ld.%ld\n", err(timerfd_gettime(fd, &cur)),
        (long)cur.it_value.tv_sec, cur.it_value.tv_nsec, (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);

    /* timerfd_settime errors: EFAULT for the new value first, then EINVAL (flags, timespecs), then EBADF. */
    int p[2];
    pipe(p);
    struct itimerspec s = spec(1, 0, 0, 0), bad;
    printf("settime NULL value, bad fd: %s\n", err(timerfd_settime(-1, 0, NULL, NULL)));
    printf("settime bad flags, bad fd: %s\n", err(timerfd_settime(-1, 4, &s, NULL)));
    bad = spec(0, 1000000000, 0, 0);
    printf("settime nsec 1e9: %s\n", err(timerfd_settime(fd, 0, &bad, NULL)));
    bad = spec(-1, 0, 0, 0);
    printf("settime sec -1: %s\n", err(timerfd_settime(fd, 0, &bad, NULL)));
    bad = spec(1, 0, 0, -1);
    printf("settime interval nsec -1: %s\n", err(timerfd_settime(fd, 0, &bad, NULL)));
    bad = spec(-1, 0, 0, 0);
    printf("settime bad spec, bad fd: %s\n", err(timerfd_settime(-1, 0, &bad, NULL)));
    printf("settime bad fd: %s\n", err(timerfd_settime(100, 0, &s, NULL)));
    printf("settime pipe: %s\n", err(timerfd_settime(p[0], 0, &s, NULL)));
    printf("gettime bad fd: %s\n", err(timerfd_gettime(-1, &cur)));
    printf("gettime pipe: %s\n", err(timerfd_gettime(p[0], &cur)));
    printf("gettime bad pointer: %s\n", err(timerfd_gettime(fd, (void *)8)));
    printf("cancel-on-set flags: %s\n", err(timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &s, NULL)));
    /* A bad old-value pointer fails after the timer is set. */
    s = spec(10, 0, 3, 500);
    printf("settime bad old pointer: %s\n", err(timerfd_settime(fd, 0, &s, (void *)8)));
    timerfd_gettime(fd, &cur);
    printf("armed anyway: value<=10s %d >9s %d interval=%ld.%ld\n", cur.it_value.tv_sec < 10 || (cur.it_value.tv_sec == 10 && cur.it_value.tv_nsec == 0),
        cur.it_value.tv_sec >= 9, (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
    struct itimerspec old;
    s = spec(0, 0, 0, 0);
    printf("disarm: %s old interval=%ld.%ld old value>9s %d\n", err(timerfd_settime(fd, 0, &s, &old)),
        (long)old.it_interval.tv_sec, old.it_interval.tv_nsec, old.it_value.tv_sec >= 9);
    timerfd_gettime(fd, &cur);
    printf("disarmed: value=%ld.%ld interval=%ld.%ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec, (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);

    s = spec(0, 0, 2, 0);
    timerfd_settime(fd, 0, &s, NULL);
    timerfd_gettime(fd, &cur);
    printf("zero value with interval: value=%ld.%ld interval=%ld.%ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec, (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);

    /* One-shot: a blocking read waits for the expiry. */
    int bfd = timerfd_create(CLOCK_BOOTTIME, 0);
    s = spec(0, 20000000, 0, 0);
    timerfd_settime(bfd, 0, &s, NULL);
    printf("one-shot read=%zd count=%llu\n", read(bfd, &count, 8), (unsigned long long)count);
    timerfd_gettime(bfd, &cur);
    printf("after one-shot: value=%ld.%ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);

    /* Periodic: expirations accumulate until read. */
    s = spec(0, 10000000, 0, 10000000);
    timerfd_settime(fd, 0, &s, NULL);
    usleep(60000);
    count = 0;
    printf("periodic read=%zd count>=5 %d\n", read(fd, &count, 8), count >= 5);
    timerfd_gettime(fd, &cur);
    printf("periodic gettime: interval=%ld.%ld value<=10ms %d\n", (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec,
        cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 10000000);
    /* settime starts the count again. */
    usleep(30000);
    s = spec(10, 0, 0, 0);
    timerfd_settime(fd, 0, &s, NULL);
    printf("count reset by settime: %s\n", err(read(fd, &count, 8)));

    /* Absolute times: in the past (expires at once), and ahead on CLOCK_REALTIME. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    s = spec(now.tv_sec - 1, now.tv_nsec, 0, 0);
    timerfd_settime(fd, TFD_TIMER_ABSTIME, &s, NULL);
    struct pollfd pf = { .fd = fd, .events = POLLIN };
    printf("past absolute: poll=%d revents=%d", poll(&pf, 1, 5000), pf.revents);
    printf(" read=%zd count=%llu\n", read(fd, &count, 8), (unsigned long long)count);
    printf("after read: poll=%d\n", poll(&pf, 1, 0));
    int rfd = timerfd_create(CLOCK_REALTIME, 0);
    clock_gettime(CLOCK_REALTIME, &now);
    now.tv_nsec += 30000000;
    if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
    s = spec(now.tv_sec, now.tv_nsec, 0, 0);
    printf("realtime absolute: %s", err(timerfd_settime(rfd, TFD_TIMER_ABSTIME, &s, NULL)));
    printf(" read=%zd count=%llu\n", read(rfd, &count, 8), (unsigned long long)count);

    /* Expirations of a periodic timer are counted from its absolute start, however long ago. */
    s = spec(1, 0, 1, 0);
    timerfd_settime(rfd, TFD_TIMER_ABSTIME, &s, NULL);
    printf("since 1970, every second: read=%zd", read(rfd, &count, 8));
    printf(" count>1e9 %d\n", count > 1000000000ull);

    /* epoll readiness. */
    int ep = epoll_create1(0);
    struct epoll_event e = { .events = EPOLLIN, .data.u64 = 7 }, out[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    printf("epoll idle=%d\n", epoll_wait(ep, out, 2, 0));
    s = spec(0, 20000000, 0, 0);
    timerfd_settime(fd, 0, &s, NULL);
    int n = epoll_wait(ep, out, 2, 5000);
    printf("epoll ready=%d data=%llu in=%d\n", n, (unsigned long long)out[0].data.u64, (out[0].events & EPOLLIN) != 0);
    read(fd, &count, 8);
    printf("epoll after read=%d\n", epoll_wait(ep, out, 2, 0));

    /* A signal interrupts a blocking read (no SA_RESTART). */
    struct sigaction sa = { .sa_handler = on_alarm };
    sigaction(SIGALRM, &sa, NULL);
    s = spec(10, 0, 0, 0);
    timerfd_settime(bfd, 0, &s, NULL);
    struct itimerval it = { .it_value = { 0, 20000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    printf("interrupted read: %s\n", err(read(bfd, &count, 8)));
    close(fd);
    close(bfd);
    close(rfd);
    return 0;
}
