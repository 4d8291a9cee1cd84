// System calls with bad arguments: NULL, unmapped and misaligned pointers, timespecs out of range, unknown
// operations and flags. One line per case (name: result or -ERRNO); qemu-riscv64 (the host kernel) is the oracle.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static void show(const char *name, long r)
{
    if (r < 0) printf("%s: -%s\n", name, strerrorname_np(errno));
    else printf("%s: %ld\n", name, r);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    // Page 0 mapped, page 1 a hole.
    char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p + 4096, 4096);
    char *hole = p + 4096;
    int *word = (int *)p;
    *word = 0;
    struct timespec bad_ns = {0, 1000000000L}, negative = {-1, 0}, zero = {0, 0};

    show("futex wake NULL", syscall(SYS_futex, NULL, FUTEX_WAKE, 1, NULL, NULL, 0));
    show("futex wake private NULL", syscall(SYS_futex, NULL, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
    show("futex wake hole", syscall(SYS_futex, hole, FUTEX_WAKE, 1, NULL, NULL, 0));
    show("futex wake private hole", syscall(SYS_futex, hole, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
    show("futex wake misaligned", syscall(SYS_futex, p + 1, FUTEX_WAKE, 1, NULL, NULL, 0));
    show("futex wake realtime", syscall(SYS_futex, word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0));
    show("futex wait NULL", syscall(SYS_futex, NULL, FUTEX_WAIT, 0, NULL, NULL, 0));
    show("futex wait misaligned", syscall(SYS_futex, p + 2, FUTEX_WAIT, 0, NULL, NULL, 0));
    show("futex wait bad ns", syscall(SYS_futex, word, FUTEX_WAIT, 0, &bad_ns, NULL, 0));
    show("futex wait negative", syscall(SYS_futex, word, FUTEX_WAIT, 0, &negative, NULL, 0));
    show("futex wait bad ns other value", syscall(SYS_futex, word, FUTEX_WAIT, 1, &bad_ns, NULL, 0));
    show("futex wait timeout hole", syscall(SYS_futex, word, FUTEX_WAIT, 0, hole, NULL, 0));
    show("futex wait zero timeout", syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, 0, &zero, NULL, 0));
    show("futex wait bitset 0", syscall(SYS_futex, word, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0));
    show("futex op 99", syscall(SYS_futex, word, 99, 1, NULL, NULL, 0));
    show("futex op 99 NULL", syscall(SYS_futex, NULL, 99 | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0));
    show("futex requeue NULL", syscall(SYS_futex, NULL, FUTEX_REQUEUE, 1, 1, word, 0));
    show("futex requeue private NULL", syscall(SYS_futex, NULL, FUTEX_REQUEUE_PRIVATE, 1, 1, word, 0));
    show("futex requeue NULL target", syscall(SYS_futex, word, FUTEX_REQUEUE, 1, 1, NULL, 0));
    show("futex cmp_requeue private NULL target", syscall(SYS_futex, word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, NULL, 0));
    show("futex cmp_requeue mismatch", syscall(SYS_futex, word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, word, 5));
    show("futex wake_op private NULL", syscall(SYS_futex, NULL, FUTEX_WAKE_OP_PRIVATE, 1, 1, word, 0));
    show("futex wake_op NULL", syscall(SYS_futex, NULL, FUTEX_WAKE_OP, 1, 1, word, 0));

    int fd = open("badargs.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    int null = open("/dev/null", O_RDWR);
    int pf[2];
    pipe(pf);
    int ep = epoll_create1(0);
    struct epoll_event ev = {EPOLLIN, {0}};
    show("epoll_ctl regular file", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    show("epoll_ctl directory", epoll_ctl(ep, EPOLL_CTL_ADD, dfd, &ev));
    show("epoll_ctl /dev/null", epoll_ctl(ep, EPOLL_CTL_ADD, null, &ev));
    show("epoll_ctl itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
    show("epoll_ctl not epoll", epoll_ctl(pf[0], EPOLL_CTL_ADD, pf[1], &ev));
    show("epoll_ctl bad op", epoll_ctl(ep, 7, pf[0], &ev));
    show("epoll_ctl NULL event", syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, pf[0], NULL));
    show("epoll_ctl NULL event bad fd", syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, 999, NULL));
    show("epoll_ctl mod missing", epoll_ctl(ep, EPOLL_CTL_MOD, pf[0], &ev));
    show("epoll_ctl del missing", epoll_ctl(ep, EPOLL_CTL_DEL, pf[0], &ev));
    show("epoll_ctl add pipe", epoll_ctl(ep, EPOLL_CTL_ADD, pf[0], &ev));
    struct epoll_event exclusive = {EPOLLIN | EPOLLEXCLUSIVE, {0}};
    show("epoll_ctl mod exclusive", epoll_ctl(ep, EPOLL_CTL_MOD, pf[0], &exclusive));
    struct epoll_event exclusive_bad = {EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT, {0}};
    show("epoll_ctl add exclusive oneshot", epoll_ctl(ep, EPOLL_CTL_ADD, pf[1], &exclusive_bad));
    show("epoll_create1 bad flags", epoll_create1(1));
    struct epoll_event out[4];
    show("epoll_pwait maxevents 0", syscall(SYS_epoll_pwait, ep, out, 0, 0, NULL, 8));
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    show("epoll_pwait sigsetsize 4", syscall(SYS_epoll_pwait, ep, out, 4, 0, &set, 4));

    show("rt_sigtimedwait bad ns", syscall(SYS_rt_sigtimedwait, &set, NULL, &bad_ns, 8));
    show("rt_sigtimedwait negative", syscall(SYS_rt_sigtimedwait, &set, NULL, &negative, 8));
    show("rt_sigtimedwait timeout hole", syscall(SYS_rt_sigtimedwait, &set, NULL, hole, 8));
    show("rt_sigtimedwait zero", syscall(SYS_rt_sigtimedwait, &set, NULL, &zero, 8));
    show("rt_sigtimedwait sigsetsize 4", syscall(SYS_rt_sigtimedwait, &set, NULL, &zero, 4));
    show("nanosleep bad ns", syscall(SYS_nanosleep, &bad_ns, NULL));
    show("nanosleep negative", syscall(SYS_nanosleep, &negative, NULL));
    show("nanosleep hole", syscall(SYS_nanosleep, hole, NULL));
    show("clock_nanosleep bad ns", syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &bad_ns, NULL));
    show("clock_nanosleep bad clock", syscall(SYS_clock_nanosleep, 77, 0, &zero, NULL));
    show("ppoll bad ns", syscall(SYS_ppoll, NULL, 0, &bad_ns, NULL, 8));
    show("ppoll sigsetsize 4", syscall(SYS_ppoll, NULL, 0, &zero, &set, 4));
    show("ppoll fds hole", syscall(SYS_ppoll, hole, 1, &zero, NULL, 8));
    show("ppoll too many", syscall(SYS_ppoll, NULL, 1L << 30, &zero, NULL, 8));
    show("pselect6 bad ns", syscall(SYS_pselect6, 0, NULL, NULL, NULL, &bad_ns, NULL));
    struct { sigset_t *set; size_t size; } sigarg = {&set, 4};
    show("pselect6 sigsetsize 4", syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, &sigarg));
    show("pselect6 negative nfds", syscall(SYS_pselect6, -1, NULL, NULL, NULL, &zero, NULL));
    show("rt_sigprocmask bad how", syscall(SYS_rt_sigprocmask, 7, &set, NULL, 8));
    show("rt_sigprocmask bad how no set", syscall(SYS_rt_sigprocmask, 7, NULL, NULL, 8));
    show("rt_sigpending size 4", syscall(SYS_rt_sigpending, p, 4));
    show("rt_sigpending size 16", syscall(SYS_rt_sigpending, p, 16));
    show("wait4 bad options", syscall(SYS_wait4, -1, NULL, 0x40, NULL));
    show("clock_gettime bad clock", syscall(SYS_clock_gettime, 77, p));
    show("clock_gettime NULL", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, NULL));

    show("pipe2 bad flags", syscall(SYS_pipe2, p, 1));
    show("pipe2 NULL", syscall(SYS_pipe2, NULL, 0));
    show("eventfd2 bad flags", syscall(SYS_eventfd2, 0, 0x10));
    show("dup3 bad flags", syscall(SYS_dup3, 0, 50, 1));
    show("dup3 same fd", syscall(SYS_dup3, 0, 0, 0));
    show("socket bad type", syscall(SYS_socket, AF_UNIX, 99, 0));
    show("socket bad flags", syscall(SYS_socket, AF_UNIX, SOCK_STREAM | 0x10, 0));
    show("socket bad flags bad family", syscall(SYS_socket, 99, SOCK_STREAM | 0x10, 0));
    show("socketpair bad flags", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM | 0x10, 0, p));
    show("socketpair bad family flags", syscall(SYS_socketpair, 99, SOCK_STREAM | 0x10, 0, p));
    show("socketpair hole", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, hole));
    show("accept4 bad flags bad fd", syscall(SYS_accept4, 999, NULL, NULL, 0x10));
    show("memfd_create bad flags", syscall(SYS_memfd_create, "x", 0x100));
    show("memfd_create size without hugetlb", syscall(SYS_memfd_create, "x", 1 << 26));
    show("splice zero length", syscall(SYS_splice, 999, NULL, 998, NULL, 0, 0));
    show("splice bad flags", syscall(SYS_splice, pf[0], NULL, fd, NULL, 10, 0x100));
    struct iovec iov = {p, 10};
    show("preadv2 bad flags", syscall(SYS_preadv2, fd, &iov, 1, 0, 0, 0x40000000));
    show("pwritev2 bad flags", syscall(SYS_pwritev2, fd, &iov, 1, 0, 0, 0x40000000));
    show("readv 1025 vectors", syscall(SYS_readv, fd, p, 1025));
    struct iovec negative_length = {p, (size_t)-1};
    show("readv negative length", syscall(SYS_readv, fd, &negative_length, 1));
    show("writev vectors hole", syscall(SYS_writev, fd, hole, 1));
    show("getrandom bad flags", syscall(SYS_getrandom, p, 4, 0x10));
    show("getrandom random insecure", syscall(SYS_getrandom, p, 4, 6));
    show("getrandom NULL", syscall(SYS_getrandom, NULL, 4, 0));
    show("signalfd4 sizemask 4", syscall(SYS_signalfd4, -1, p, 4, 0));
    show("signalfd4 sizemask 16", syscall(SYS_signalfd4, -1, p, 16, 0));
    show("signalfd4 sizemask before fault", syscall(SYS_signalfd4, -1, NULL, 4, 0));
    // The descriptors failed calls must not have taken: the next one is the lowest free.
    show("next descriptor", dup(0));
    unlink("badargs.tmp");
    return 0;
}
