/* inotify: init1 flags, add_watch/rm_watch checks in Linux's order, the events of every kind of change made by
   this program (create, open, access, modify, attrib, close, rename with cookies, delete, delete_self, move_self),
   IN_ONESHOT, IN_MASK_ADD, IN_MASK_CREATE, IN_ONLYDIR, IN_DONT_FOLLOW, IN_EXCL_UNLINK, one wd for two links, reads too
   small for the next event, FIONREAD, poll/epoll readiness, a blocking read woken by another process's change, a
   change made by a host program (/bin/sh), and a queue overflow. Prints facts, not times. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerrorname_np(errno) : "ok"; }

static char dir[64];
/* The path of a name in the test directory (four buffers in turn: a call may take two paths). */
static const char *at(const char *name)
{
    static char paths[4][256];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof paths[0], "%s/%s", dir, name);
    return p;
}

static void print_mask(unsigned m)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        { IN_ACCESS, "ACCESS" }, { IN_MODIFY, "MODIFY" }, { IN_ATTRIB, "ATTRIB" }, { IN_CLOSE_WRITE, "CLOSE_WRITE" },
        { IN_CLOSE_NOWRITE, "CLOSE_NOWRITE" }, { IN_OPEN, "OPEN" }, { IN_MOVED_FROM, "MOVED_FROM" }, { IN_MOVED_TO, "MOVED_TO" },
        { IN_CREATE, "CREATE" }, { IN_DELETE, "DELETE" }, { IN_DELETE_SELF, "DELETE_SELF" }, { IN_MOVE_SELF, "MOVE_SELF" },
        { IN_UNMOUNT, "UNMOUNT" }, { IN_Q_OVERFLOW, "Q_OVERFLOW" }, { IN_IGNORED, "IGNORED" }, { IN_ISDIR, "ISDIR" },
    };
    const char *sep = "";
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (m & names[i].bit) { printf("%s%s", sep, names[i].name); sep = "|"; m &= ~names[i].bit; }
    if (m) printf("%s0x%x", sep, m);
}

static unsigned last_cookie;

/* Reads and prints every queued event (non-blocking descriptor). Returns how many. */
static int drain(int fd, const char *what)
{
    char buf[4096] __attribute__((aligned(8)));
    int count = 0;
    printf("%s:\n", what);
    for (;;)
    {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0)
        {
            if (errno != EAGAIN) printf("  read: %s\n", err(n));
            break;
        }
        for (char *p = buf; p < buf + n;)
        {
            struct inotify_event *e = (struct inotify_event *)p;
            printf("  wd=%d ", e->wd);
            print_mask(e->mask);
            if (e->cookie)
            {
                printf(" cookie=%s", e->cookie == last_cookie ? "same" : "new");
                last_cookie = e->cookie;
            }
            if (e->len) printf(" name=%s len=%u", e->name, e->len);
            printf("\n");
            p += sizeof *e + e->len;
            count++;
        }
    }
    return count;
}

static void on_alarm(int sig) { (void)sig; }

static void touch(const char *name)
{
    int f = open(at(name), O_CREAT | O_WRONLY, 0644);
    close(f);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    snprintf(dir, sizeof dir, "/tmp/rvjit-inotify-XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }

    /* inotify_init1's flags. */
    printf("init1 bad flag: %s\n", err(inotify_init1(1)));
    printf("init1 O_RDWR: %s\n", err(inotify_init1(O_RDWR)));
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    printf("cloexec=%d nonblock=%d accmode=%d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0,
        fcntl(fd, F_GETFL) & O_ACCMODE);
    char small[64];
    printf("read empty: %s\n", err(read(fd, small, sizeof small)));
    printf("write: %s\n", err(write(fd, small, 8)));
    printf("lseek: %s\n", err(lseek(fd, 0, SEEK_SET)));

    /* inotify_add_watch's checks, in Linux's order. */
    touch("file");
    printf("add mask 0: %s\n", err(inotify_add_watch(fd, dir, 0)));
    printf("add mask 0 bad fd: %s\n", err(inotify_add_watch(99, dir, 0)));
    printf("add bad fd: %s\n", err(inotify_add_watch(99, dir, IN_ALL_EVENTS)));
    printf("add not inotify: %s\n", err(inotify_add_watch(1, dir, IN_ALL_EVENTS)));
    printf("add MASK_ADD|MASK_CREATE: %s\n", err(inotify_add_watch(fd, dir, IN_ALL_EVENTS | IN_MASK_ADD | IN_MASK_CREATE)));
    printf("add missing: %s\n", err(inotify_add_watch(fd, at("missing"), IN_ALL_EVENTS)));
    printf("add missing parent: %s\n", err(inotify_add_watch(fd, at("missing/x"), IN_ALL_EVENTS)));
    printf("add bad path: %s\n", err(inotify_add_watch(fd, (const char *)8, IN_ALL_EVENTS)));
    printf("add ONLYDIR on file: %s\n", err(inotify_add_watch(fd, at("file"), IN_ALL_EVENTS | IN_ONLYDIR)));
    printf("rm bad fd: %s\n", err(inotify_rm_watch(99, 1)));
    printf("rm not inotify: %s\n", err(inotify_rm_watch(1, 1)));
    printf("rm unknown wd: %s\n", err(inotify_rm_watch(fd, 12345)));

    /* A directory watch sees every change made inside it. */
    int dwd = inotify_add_watch(fd, dir, IN_ALL_EVENTS | IN_ONLYDIR);
    printf("dir wd=%d\n", dwd);
    printf("again wd=%d\n", inotify_add_watch(fd, dir, IN_ALL_EVENTS));
    printf("MASK_CREATE on watched: %s\n", err(inotify_add_watch(fd, dir, IN_ALL_EVENTS | IN_MASK_CREATE)));
    int f = open(at("a"), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    write(f, "hello", 5);
    close(f);
    drain(fd, "create, write, close");
    f = open(at("a"), O_RDONLY);
    read(f, small, 2);
    close(f);
    drain(fd, "open, read, close");
    chmod(at("a"), 0644);
    truncate(at("a"), 1);
    utimensat(AT_FDCWD, at("a"), NULL, 0);
    drain(fd, "chmod, truncate, utimes");
    f = open(at("a"), O_WRONLY | O_TRUNC);
    close(f);
    drain(fd, "open O_TRUNC");
    rename(at("a"), at("b"));
    mkdir(at("sub"), 0755);
    rename(at("b"), at("sub/b"));
    drain(fd, "rename, mkdir, rename out");
    symlink("file", at("link"));
    link(at("file"), at("hard"));
    unlink(at("link"));
    mknod(at("fifo"), S_IFIFO | 0600, 0);
    unlink(at("fifo"));
    drain(fd, "symlink, link, unlink, mknod");
    f = open(dir, O_RDONLY | O_DIRECTORY);
    char dents[1024];
    syscall(61 /* getdents64 */, f, dents, sizeof dents);
    close(f);
    drain(fd, "list the directory");

    /* A file watch: its own events, the same wd through another link, IN_ATTRIB on link count changes. */
    int fwd = inotify_add_watch(fd, at("file"), IN_ALL_EVENTS);
    printf("file wd=%d, through hard link wd=%d\n", fwd, inotify_add_watch(fd, at("hard"), IN_ALL_EVENTS));
    unlink(at("hard"));
    drain(fd, "unlink the second link");
    int swd = inotify_add_watch(fd, at("sub"), IN_DELETE_SELF | IN_MOVE_SELF);
    rename(at("sub"), at("sub2"));
    drain(fd, "rename a watched directory");
    unlink(at("sub2/b"));
    rmdir(at("sub2"));
    drain(fd, "rmdir a watched directory");
    printf("rm removed wd: %s (wd %d)\n", err(inotify_rm_watch(fd, swd)), swd);

    /* IN_DONT_FOLLOW watches the link itself; without it the target. */
    symlink("file", at("ln"));
    int lwd = inotify_add_watch(fd, at("ln"), IN_ATTRIB | IN_DONT_FOLLOW);
    printf("link wd new=%d, followed wd=%d\n", lwd != fwd, inotify_add_watch(fd, at("ln"), IN_ATTRIB | IN_MASK_ADD));
    printf("ONLYDIR|DONT_FOLLOW on link: %s\n", err(inotify_add_watch(fd, at("ln"), IN_ATTRIB | IN_DONT_FOLLOW | IN_ONLYDIR)));
    printf("rm link watch: %s\n", err(inotify_rm_watch(fd, lwd)));
    unlink(at("ln"));
    drain(fd, "after link watch");

    /* Removing the directory watch: IN_IGNORED; a mask replaced (no MASK_ADD) and added to. */
    printf("rm dir watch: %s\n", err(inotify_rm_watch(fd, dwd)));
    printf("rm again: %s\n", err(inotify_rm_watch(fd, dwd)));
    drain(fd, "after rm_watch");
    fwd = inotify_add_watch(fd, at("file"), IN_OPEN);
    inotify_add_watch(fd, at("file"), IN_CLOSE_NOWRITE | IN_MASK_ADD);
    f = open(at("file"), O_RDONLY);
    close(f);
    drain(fd, "MASK_ADD open + close_nowrite");
    inotify_add_watch(fd, at("file"), IN_ATTRIB);
    f = open(at("file"), O_RDONLY);
    close(f);
    chmod(at("file"), 0600);
    drain(fd, "mask replaced by ATTRIB");

    /* IN_ONESHOT: one event, then the watch goes (IN_IGNORED). */
    inotify_add_watch(fd, at("file"), IN_ATTRIB | IN_ONESHOT);
    chmod(at("file"), 0644);
    chmod(at("file"), 0600);
    drain(fd, "oneshot");

    /* Reads too small for the next event; FIONREAD; poll and epoll. */
    int wd = inotify_add_watch(fd, dir, IN_CREATE);
    struct pollfd p = { .fd = fd, .events = POLLIN };
    printf("poll empty: %d\n", poll(&p, 1, 0));
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 7 };
    printf("epoll add: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)));
    struct epoll_event got;
    printf("epoll empty: %d\n", epoll_wait(ep, &got, 1, 0));
    touch("named-longer");
    int avail = -1;
    printf("FIONREAD: %s %d\n", err(ioctl(fd, FIONREAD, &avail)), avail);
    printf("poll ready: %d revents=0x%x\n", poll(&p, 1, 0), p.revents);
    printf("epoll ready: %d data=%u\n", epoll_wait(ep, &got, 1, 0), got.data.u32);
    printf("read 0: %s\n", err(read(fd, small, 0)));
    printf("read 16: %s\n", err(read(fd, small, 16)));
    printf("read header+1: %s\n", err(read(fd, small, sizeof(struct inotify_event) + 1)));
    char exact[sizeof(struct inotify_event) + 16];
    printf("read exact: %ld\n", (long)read(fd, exact, sizeof exact));
    printf("poll drained: %d\n", poll(&p, 1, 0));
    touch("x1");
    touch("x2");
    printf("read one of two: %ld\n", (long)read(fd, exact, sizeof exact));
    drain(fd, "the other");

    /* A blocking read waits for another process's change. */
    int bfd = inotify_init1(0);
    inotify_add_watch(bfd, dir, IN_CREATE | IN_DELETE);
    pid_t child = fork();
    if (child == 0)
    {
        usleep(100000);
        touch("from-child");
        _exit(0);
    }
    char buf[512] __attribute__((aligned(8)));
    ssize_t n = read(bfd, buf, sizeof buf);
    struct inotify_event *e = (struct inotify_event *)buf;
    printf("blocking read: %ld ", (long)n);
    print_mask(e->mask);
    printf(" %s\n", e->name);
    waitpid(child, NULL, 0);

    /* A host program's change (popen runs the host's /bin/sh). */
    char command[128];
    snprintf(command, sizeof command, "rm %s", at("from-child"));
    if (system(command) != 0) printf("system failed\n");
    n = read(bfd, buf, sizeof buf);
    printf("host program's change: %ld ", (long)n);
    print_mask(e->mask);
    printf(" %s\n", e->name);

    /* A blocking poll, then a blocking epoll_wait, woken by another process's change. */
    child = fork();
    if (child == 0)
    {
        usleep(100000);
        touch("from-child2");
        _exit(0);
    }
    struct pollfd bp = { .fd = bfd, .events = POLLIN };
    printf("blocking poll: %d revents=0x%x\n", poll(&bp, 1, 20000), bp.revents);
    waitpid(child, NULL, 0);
    n = read(bfd, buf, sizeof buf);
    printf("then read: %ld %s\n", (long)n, e->name);
    int bep = epoll_create1(0);
    struct epoll_event bev = { .events = EPOLLIN, .data.u32 = 9 };
    epoll_ctl(bep, EPOLL_CTL_ADD, bfd, &bev);
    child = fork();
    if (child == 0)
    {
        usleep(100000);
        unlink(at("from-child2"));
        _exit(0);
    }
    printf("blocking epoll_wait: %d data=%u\n", epoll_wait(bep, &got, 1, 20000), got.data.u32);
    waitpid(child, NULL, 0);
    n = read(bfd, buf, sizeof buf);
    printf("then read: %ld ", (long)n);
    print_mask(e->mask);
    printf(" %s\n", e->name);

    /* A signal ends a blocking read (no SA_RESTART): EINTR. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 0 }, { 0, 100000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    printf("read interrupted: %s\n", err(read(bfd, buf, sizeof buf)));
    close(bep);
    close(bfd);

    /* IN_EXCL_UNLINK: no events for a child once unlinked (by default there are). */
    int xfd = inotify_init1(IN_NONBLOCK);
    touch("ex");
    int wfd = open(at("ex"), O_WRONLY);
    inotify_add_watch(xfd, dir, IN_MODIFY | IN_EXCL_UNLINK);
    unlink(at("ex"));
    write(wfd, "x", 1);
    drain(xfd, "EXCL_UNLINK: write after unlink");
    inotify_add_watch(xfd, dir, IN_MODIFY);
    touch("ex2");
    int wfd2 = open(at("ex2"), O_WRONLY);
    unlink(at("ex2"));
    write(wfd2, "x", 1);
    drain(xfd, "without EXCL_UNLINK: write after unlink");
    close(wfd);
    close(wfd2);
    /* A kernel-made file can be watched (no events here); removing its watch gives IN_IGNORED. */
    int pw = inotify_add_watch(xfd, "/proc/self/stat", IN_OPEN);
    printf("watch a /proc file: %s, rm: %s\n", err(pw), err(inotify_rm_watch(xfd, pw)));
    n = read(xfd, buf, sizeof buf);
    printf("then: %ld same wd %d ", (long)n, e->wd == pw);
    print_mask(e->mask);
    printf("\n");
    close(xfd);

    /* The queue holds max_queued_events; past that one IN_Q_OVERFLOW (wd -1). The events are a directory's
       IN_CREATE and IN_DELETE of a subdirectory, in turn: no descriptor is involved. (Opens and closes of a file
       were used before, but a close's IN_CLOSE_NOWRITE comes only when the host's last reference to the open file
       goes: a fork of the host process - another test in the same test process starting a program - holds a copy
       of the descriptor until its exec, so the close came late, two IN_OPENs were queued one after the other and
       the host merged them as identical consecutive events, leaving fewer events than max + 1.) */
    inotify_rm_watch(fd, wd);
    drain(fd, "before overflow");
    FILE *limit = fopen("/proc/sys/fs/inotify/max_queued_events", "r");
    int max = 16384;
    if (limit) { if (fscanf(limit, "%d", &max) != 1) max = 16384; fclose(limit); }
    inotify_add_watch(fd, dir, IN_CREATE | IN_DELETE);
    for (int i = 0; i < max / 2 + 2; i++)
    {
        mkdir(at("many"), 0755);
        rmdir(at("many"));
    }
    int total = 0, overflows = 0, last_wd = 0;
    for (;;)
    {
        n = read(fd, buf, sizeof buf);
        if (n <= 0) break;
        for (char *q = buf; q < buf + n;)
        {
            struct inotify_event *ev2 = (struct inotify_event *)q;
            total++;
            if (ev2->mask & IN_Q_OVERFLOW) { overflows++; last_wd = ev2->wd; }
            q += sizeof *ev2 + ev2->len;
        }
    }
    printf("overflow: events=%d (max+1: %d) overflows=%d wd=%d\n", total, total == max + 1, overflows, last_wd);

    unlink(at("file"));
    unlink(at("named-longer"));
    unlink(at("x1"));
    unlink(at("x2"));
    drain(fd, "delete the watched file");
    printf("rmdir: %s\n", err(rmdir(dir)));
    return 0;
}
