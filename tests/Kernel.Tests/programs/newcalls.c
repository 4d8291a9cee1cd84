// Calls qemu-user 7.2 does not know (clone3, openat2, epoll_pwait2), /proc/self/fdinfo and recvmmsg's deferred
// error: compared with the host kernel's answers (newcalls.expected).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif

struct clone_args_v2 {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
struct open_how_v0 { uint64_t flags, mode, resolve; };

#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#define CLONE_INTO_CGROUP 0x200000000ULL
#define RESOLVE_NO_XDEV 1
#define RESOLVE_NO_MAGICLINKS 2
#define RESOLVE_NO_SYMLINKS 4
#define RESOLVE_BENEATH 8
#define RESOLVE_IN_ROOT 0x10
#define RESOLVE_CACHED 0x20

static const char *err(long r) { return r < 0 ? strerrorname_np(errno) : "ok"; }

static long clone3(struct clone_args_v2 *a, size_t size) { return syscall(SYS_clone3, a, size); }

static void clone3_errors(void)
{
    struct clone_args_v2 a;
    char big[4200];
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    printf("clone3 size 0: %s\n", err(clone3(&a, 0)));
    printf("clone3 size 63: %s\n", err(clone3(&a, 63)));
    printf("clone3 size 4097: %s\n", err(clone3((void *)big, 4097)));
    memset(big, 0, sizeof big);
    big[100] = 1;
    printf("clone3 trailing byte: %s\n", err(clone3((void *)big, 104)));
    printf("clone3 bad pointer: %s\n", err(clone3((void *)8, 64)));
    a.exit_signal = 65;
    printf("clone3 exit_signal 65: %s\n", err(clone3(&a, sizeof a)));
    a.exit_signal = SIGCHLD;
    a.flags = SIGCHLD;
    printf("clone3 signal in flags: %s\n", err(clone3(&a, sizeof a)));
    a.flags = CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND;
    printf("clone3 sighand+clear: %s\n", err(clone3(&a, sizeof a)));
    a.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
    printf("clone3 thread with exit_signal: %s\n", err(clone3(&a, sizeof a)));
    a.flags = 0;
    a.stack = (uint64_t)(uintptr_t)big;
    printf("clone3 stack without size: %s\n", err(clone3(&a, sizeof a)));
    a.stack = 0;
    a.stack_size = 4096;
    printf("clone3 size without stack: %s\n", err(clone3(&a, sizeof a)));
    a.stack_size = 0;
    a.set_tid_size = 1;
    printf("clone3 set_tid_size without set_tid: %s\n", err(clone3(&a, sizeof a)));
    pid_t tids[2] = { getpid(), 0 };
    a.set_tid = (uint64_t)(uintptr_t)tids;
    a.set_tid_size = 0;
    printf("clone3 set_tid without size: %s\n", err(clone3(&a, sizeof a)));
    a.set_tid_size = 33;
    printf("clone3 set_tid_size 33: %s\n", err(clone3(&a, sizeof a)));
    a.set_tid_size = 2;
    printf("clone3 set_tid_size 2: %s\n", err(clone3(&a, sizeof a)));
    a.set_tid_size = 1;
    printf("clone3 set_tid in use: %s\n", err(clone3(&a, sizeof a)));
    tids[0] = 0;
    printf("clone3 set_tid 0: %s\n", err(clone3(&a, sizeof a)));
    a.set_tid = 0;
    a.set_tid_size = 0;
    a.flags = CLONE_INTO_CGROUP;
    a.cgroup = open("/", O_RDONLY | O_DIRECTORY);
    printf("clone3 cgroup with size 64: %s\n", err(clone3(&a, 64)));
    printf("clone3 cgroup not a cgroup: %s\n", err(clone3(&a, sizeof a)));
    close(a.cgroup);
    a.cgroup = 0;
    a.flags = 1ULL << 40;
    printf("clone3 unknown flag: %s\n", err(clone3(&a, sizeof a)));
}

static void on_usr1(int s) { (void)s; }

static void clone3_children(void)
{
    struct clone_args_v2 a;
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    long pid = clone3(&a, 64);
    if (pid == 0) _exit(7);
    int status = 0;
    int waited = waitpid(pid, &status, 0) == pid;
    printf("clone3 fork-like: %s wait %d exit %d\n", err(pid), waited, WEXITSTATUS(status));

    // A pidfd and the parent's copy of the id, both asked for.
    int pidfd = -1;
    pid_t parent_tid = 0;
    a.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
    a.pidfd = (uint64_t)(uintptr_t)&pidfd;
    a.parent_tid = (uint64_t)(uintptr_t)&parent_tid;
    pid = clone3(&a, sizeof a);
    if (pid == 0) _exit(9);
    struct pollfd p = { .fd = pidfd, .events = POLLIN };
    int polled = poll(&p, 1, 5000);
    printf("clone3 pidfd: %s pidfd %d parent_tid matches %d poll %d\n", err(pid), pidfd >= 0, parent_tid == pid, polled);
    waitpid(pid, &status, 0);
    printf("clone3 pidfd child exit %d\n", WEXITSTATUS(status));
    close(pidfd);
    // Legacy clone's rule: CLONE_PIDFD and CLONE_PARENT_SETTID at one address.
    a.pidfd = a.parent_tid;
    printf("clone3 pidfd at parent_tid: %s\n", err(clone3(&a, sizeof a)));

    // CLONE_CLEAR_SIGHAND: caught signals go back to their default, ignored ones stay ignored.
    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, SIG_IGN);
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    a.flags = CLONE_CLEAR_SIGHAND;
    pid = clone3(&a, sizeof a);
    if (pid == 0) {
        struct sigaction s1, s2;
        sigaction(SIGUSR1, NULL, &s1);
        sigaction(SIGUSR2, NULL, &s2);
        _exit((s1.sa_handler == SIG_DFL ? 1 : 0) | (s2.sa_handler == SIG_IGN ? 2 : 0));
    }
    waitpid(pid, &status, 0);
    printf("clone3 clear sighand: %s child saw %d\n", err(pid), WEXITSTATUS(status));
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);

    // set_tid as root: the child gets exactly that id.
    pid_t want = 30001;
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    a.set_tid = (uint64_t)(uintptr_t)&want;
    a.set_tid_size = 1;
    pid = clone3(&a, sizeof a);
    if (pid == 0) _exit(getpid() == 30001 ? 5 : 6);
    if (pid > 0) waitpid(pid, &status, 0);
    printf("clone3 set_tid: %s got it %d child saw %d\n", err(pid), pid == want, pid > 0 ? WEXITSTATUS(status) : -1);
}

static void *thread_main(void *arg) { return (char *)arg + 1; }

static void threads(void)
{
    pthread_t t;
    void *r = NULL;
    int e = pthread_create(&t, NULL, thread_main, (void *)41);
    pthread_join(t, &r);
    printf("pthread_create %d result %ld\n", e, (long)(intptr_t)r);
}

static void pwait2(void)
{
    int ep = epoll_create1(0), ev = eventfd(0, 0);
    struct epoll_event e = { .events = EPOLLIN, .data.u64 = 77 }, out[4];
    epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e);
    struct timespec t = { 0, 1000000 };
    long r = syscall(SYS_epoll_pwait2, ep, out, 4, &t, NULL, 8);
    printf("epoll_pwait2 nothing ready: %ld %s\n", r, err(r));
    uint64_t one = 1;
    write(ev, &one, 8);
    r = syscall(SYS_epoll_pwait2, ep, out, 4, NULL, NULL, 8);
    printf("epoll_pwait2 ready, no timeout: %ld data %llu\n", r, (unsigned long long)out[0].data.u64);
    t.tv_sec = 0; t.tv_nsec = 0;
    r = syscall(SYS_epoll_pwait2, ep, out, 4, &t, NULL, 8);
    printf("epoll_pwait2 zero timeout: %ld\n", r);
    t.tv_nsec = -1;
    printf("epoll_pwait2 bad timespec: %s\n", err(syscall(SYS_epoll_pwait2, ep, out, 4, &t, NULL, 8)));
    printf("epoll_pwait2 bad pointer: %s\n", err(syscall(SYS_epoll_pwait2, ep, out, 4, (void *)8, NULL, 8)));
    t.tv_nsec = 0;
    printf("epoll_pwait2 bad sigsetsize: %s\n", err(syscall(SYS_epoll_pwait2, ep, out, 4, &t, &t, 4)));
    printf("epoll_pwait2 maxevents 0: %s\n", err(syscall(SYS_epoll_pwait2, ep, out, 0, &t, NULL, 8)));
    printf("epoll_pwait2 not epoll: %s\n", err(syscall(SYS_epoll_pwait2, ev, out, 4, &t, NULL, 8)));
    printf("epoll_pwait2 bad fd: %s\n", err(syscall(SYS_epoll_pwait2, 999, out, 4, &t, NULL, 8)));
    sigset_t m;
    sigemptyset(&m);
    r = syscall(SYS_epoll_pwait2, ep, out, 4, &t, &m, 8);
    printf("epoll_pwait2 with mask: %ld\n", r);
    close(ep);
    close(ev);
}

static long openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve, size_t size)
{
    struct { struct open_how_v0 h; char extra[16]; } how;
    memset(&how, 0, sizeof how);
    how.h.flags = flags; how.h.mode = mode; how.h.resolve = resolve;
    long r = syscall(SYS_openat2, dirfd, path, &how, size);
    if (r >= 0) close(r);
    return r;
}

static void openat2_tests(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/d", dir); mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/d/sub", dir); mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/d/f", dir); close(open(path, O_CREAT | O_WRONLY, 0644));
    snprintf(path, sizeof path, "%s/outside", dir); close(open(path, O_CREAT | O_WRONLY, 0644));
    snprintf(path, sizeof path, "%s/d/up", dir); symlink("../outside", path);
    snprintf(path, sizeof path, "%s/d/inside", dir); symlink("sub/../f", path);
    snprintf(path, sizeof path, "%s/d/abs", dir); symlink("/f", path);
    snprintf(path, sizeof path, "%s/d", dir);
    int d = open(path, O_RDONLY | O_DIRECTORY);
    size_t s = sizeof(struct open_how_v0);
    printf("openat2 plain: %s\n", err(openat2(d, "f", O_RDONLY, 0, 0, s)));
    printf("openat2 size 0: %s\n", err(openat2(d, "f", O_RDONLY, 0, 0, 0)));
    printf("openat2 size 23: %s\n", err(openat2(d, "f", O_RDONLY, 0, 0, 23)));
    printf("openat2 size 32 zeros: %s\n", err(openat2(d, "f", O_RDONLY, 0, 0, 32)));
    {
        struct { struct open_how_v0 h; uint64_t x; } how = { { O_RDONLY, 0, 0 }, 1 };
        long r = syscall(SYS_openat2, d, "f", &how, sizeof how);
        printf("openat2 size 32 nonzero: %s\n", err(r));
    }
    printf("openat2 size 5000: %s\n", err(openat2(d, "f", O_RDONLY, 0, 0, 5000)));
    printf("openat2 bad how: %s\n", err(syscall(SYS_openat2, d, "f", (void *)8, s)));
    printf("openat2 unknown flag: %s\n", err(openat2(d, "f", 1ULL << 40, 0, 0, s)));
    printf("openat2 mode without create: %s\n", err(openat2(d, "f", O_RDONLY, 0644, 0, s)));
    printf("openat2 mode bits too high: %s\n", err(openat2(d, "new", O_CREAT | O_WRONLY, 010000, 0, s)));
    printf("openat2 create: %s\n", err(openat2(d, "new", O_CREAT | O_WRONLY, 0600, 0, s)));
    printf("openat2 unknown resolve: %s\n", err(openat2(d, "f", O_RDONLY, 0, 0x40, s)));
    printf("openat2 beneath+in_root: %s\n", err(openat2(d, "f", O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT, s)));
    printf("openat2 O_PATH|O_RDWR: %s\n", err(openat2(d, "f", O_PATH | O_RDWR, 0, 0, s)));
    printf("openat2 O_PATH|O_NOFOLLOW: %s\n", err(openat2(d, "up", O_PATH | O_NOFOLLOW, 0, 0, s)));
    printf("openat2 O_DIRECTORY|O_CREAT: %s\n", err(openat2(d, "x", O_DIRECTORY | O_CREAT, 0600, 0, s)));
    printf("openat2 cached create: %s\n", err(openat2(d, "f", O_CREAT | O_RDONLY, 0600, RESOLVE_CACHED, s)));
    const char *beneath[] = { "f", "sub/../f", "../d/f", "/etc/passwd", "up", "inside", "abs", "sub/..", "..", "." };
    for (size_t i = 0; i < sizeof beneath / sizeof *beneath; i++)
        printf("openat2 beneath %s: %s\n", beneath[i], err(openat2(d, beneath[i], O_RDONLY, 0, RESOLVE_BENEATH, s)));
    const char *inroot[] = { "/f", "../../f", "abs", "up", "/sub/../../f", "/", "inside" };
    for (size_t i = 0; i < sizeof inroot / sizeof *inroot; i++)
        printf("openat2 in_root %s: %s\n", inroot[i], err(openat2(d, inroot[i], O_RDONLY, 0, RESOLVE_IN_ROOT, s)));
    printf("openat2 no_symlinks up: %s\n", err(openat2(d, "up", O_RDONLY, 0, RESOLVE_NO_SYMLINKS, s)));
    printf("openat2 no_symlinks f: %s\n", err(openat2(d, "f", O_RDONLY, 0, RESOLVE_NO_SYMLINKS, s)));
    printf("openat2 no_symlinks nofollow path: %s\n", err(openat2(d, "up", O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS, s)));
    char fdpath[64];
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", d);
    printf("openat2 magic link: %s\n", err(openat2(AT_FDCWD, fdpath, O_RDONLY, 0, 0, s)));
    printf("openat2 no_magiclinks: %s\n", err(openat2(AT_FDCWD, fdpath, O_RDONLY, 0, RESOLVE_NO_MAGICLINKS, s)));
    printf("openat2 no_magiclinks symlink: %s\n", err(openat2(d, "up", O_RDONLY, 0, RESOLVE_NO_MAGICLINKS, s)));
    printf("openat2 no_xdev same: %s\n", err(openat2(d, "sub/../f", O_RDONLY, 0, RESOLVE_NO_XDEV, s)));
    printf("openat2 no_xdev proc: %s\n", err(openat2(AT_FDCWD, "/proc/self/status", O_RDONLY, 0, RESOLVE_NO_XDEV, s)));
    close(d);
    snprintf(path, sizeof path, "%s/d/new", dir); unlink(path);
    snprintf(path, sizeof path, "%s/d/up", dir); unlink(path);
    snprintf(path, sizeof path, "%s/d/inside", dir); unlink(path);
    snprintf(path, sizeof path, "%s/d/abs", dir); unlink(path);
    snprintf(path, sizeof path, "%s/d/f", dir); unlink(path);
    snprintf(path, sizeof path, "%s/outside", dir); unlink(path);
    snprintf(path, sizeof path, "%s/d/sub", dir); rmdir(path);
    snprintf(path, sizeof path, "%s/d", dir); rmdir(path);
}

static void fdinfo_line(int fd, const char *key)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    FILE *f = fopen(path, "r");
    if (!f) { printf("fdinfo %d: %s\n", fd, strerrorname_np(errno)); return; }
    while (fgets(buf, sizeof buf, f))
        if (strncmp(buf, key, strlen(key)) == 0) printf("fdinfo %s", buf);
    fclose(f);
}

static void fdinfo(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/fdinfo-file", dir);
    int fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_APPEND, 0600);
    write(fd, "0123456789", 10);
    lseek(fd, 4, SEEK_SET);
    fdinfo_line(fd, "pos:");
    fdinfo_line(fd, "flags:");
    close(fd);
    fd = open(path, O_RDONLY);
    fdinfo_line(fd, "flags:");
    fdinfo_line(fd, "pos:");
    struct stat st;
    fstat(fd, &st);
    char want[64], got[1024] = "";
    snprintf(want, sizeof want, "ino:\t%lu\n", (unsigned long)st.st_ino);
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    FILE *f = fopen(path, "r");
    int found = 0;
    while (f && fgets(got, sizeof got, f)) if (strcmp(got, want) == 0) found = 1;
    if (f) fclose(f);
    printf("fdinfo ino matches fstat %d\n", found);
    close(fd);
    snprintf(path, sizeof path, "%s/fdinfo-file", dir);
    unlink(path);
    int p[2];
    pipe2(p, O_NONBLOCK);
    fdinfo_line(p[0], "flags:");
    fdinfo_line(p[1], "flags:");
    fdinfo_line(p[1], "pos:");
    close(p[0]); close(p[1]);
    int ev = eventfd(5, EFD_CLOEXEC);
    fdinfo_line(ev, "eventfd-count:");
    fdinfo_line(ev, "flags:");
    close(ev);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGRTMIN + 2);
    int sfd = signalfd(-1, &m, 0);
    fdinfo_line(sfd, "sigmask:");
    close(sfd);
    pid_t child = fork();
    if (child == 0) { pause(); _exit(0); }
    int pidfd = syscall(SYS_pidfd_open, child, 0);
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
    f = fopen(path, "r");
    int pidline = 0;
    while (f && fgets(got, sizeof got, f)) { int v; if (sscanf(got, "Pid:\t%d", &v) == 1) pidline = v == child; }
    if (f) fclose(f);
    printf("fdinfo pidfd names the child %d\n", pidline);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    close(pidfd);
    printf("fdinfo closed fd: %s\n", open("/proc/self/fdinfo/999", O_RDONLY) < 0 ? strerrorname_np(errno) : "ok");
}

static void recvmmsg_deferred(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    send(sv[0], "one", 3, 0);
    send(sv[0], "two", 3, 0);
    send(sv[0], "three", 5, 0);
    char b0[16], b2[16];
    struct iovec iov[3] = { { b0, sizeof b0 }, { (void *)8, 16 }, { b2, sizeof b2 } };
    struct mmsghdr msgs[3];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < 3; i++) { msgs[i].msg_hdr.msg_iov = &iov[i]; msgs[i].msg_hdr.msg_iovlen = 1; }
    int r = recvmmsg(sv[1], msgs, 3, MSG_DONTWAIT, NULL);
    printf("recvmmsg with a bad buffer second: %d len0 %u\n", r, msgs[0].msg_len);
    struct pollfd p = { .fd = sv[1], .events = POLLIN };
    poll(&p, 1, 0);
    printf("poll revents err %d in %d\n", !!(p.revents & POLLERR), !!(p.revents & POLLIN));
    char buf[16];
    ssize_t n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
    printf("next recv: %zd %s\n", n, err(n));
    n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
    printf("then recv: %zd %s %.*s\n", n, err(n), n > 0 ? (int)n : 0, buf);
    // The same through SO_ERROR.
    send(sv[0], "four", 4, 0);
    send(sv[0], "five", 4, 0);
    r = recvmmsg(sv[1], msgs, 3, MSG_DONTWAIT, NULL);
    int soerr = 0;
    socklen_t len = sizeof soerr;
    getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &soerr, &len);
    printf("recvmmsg again: %d SO_ERROR %s\n", r, soerr ? strerrorname_np(soerr) : "0");
    getsockopt(sv[1], SOL_SOCKET, SO_ERROR, &soerr, &len);
    printf("SO_ERROR after: %d\n", soerr);
    // Only EAGAIN after some: nothing deferred.
    send(sv[0], "six", 3, 0);
    iov[1].iov_base = b2;
    r = recvmmsg(sv[1], msgs, 3, MSG_DONTWAIT, NULL);
    n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
    printf("recvmmsg then EAGAIN: %d next %s\n", r, err(n));
    close(sv[0]); close(sv[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char dir[] = "/tmp/newcallsXXXXXX";
    if (!mkdtemp(dir)) return 1;
    clone3_errors();
    clone3_children();
    threads();
    pwait2();
    openat2_tests(dir);
    fdinfo(dir);
    recvmmsg_deferred();
    rmdir(dir);
    return 0;
}
