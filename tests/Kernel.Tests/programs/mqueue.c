// POSIX message queues: open/unlink errors, attributes and limits, priorities, non-blocking and timed calls,
// notifications by signal, poll, a reader in another process, the descriptor's status line.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerrorname_np(errno) : "ok"; }

static volatile sig_atomic_t got_signo, got_code, got_value;
static void on_usr1(int s, siginfo_t *si, void *ctx)
{
    (void)ctx;
    got_signo = s;
    got_code = si->si_code;
    got_value = si->si_value.sival_int;
}

static char name[64];

static struct timespec in_ms(long ms)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += ms * 1000000;
    t.tv_sec += t.tv_nsec / 1000000000;
    t.tv_nsec %= 1000000000;
    return t;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    snprintf(name, sizeof name, "/rvjit-mq-%d", getpid());
    mq_unlink(name);
    printf("open missing: %s\n", err(mq_open(name, O_RDWR)));
    printf("open no slash: %s\n", err(mq_open("noslash", O_RDWR | O_CREAT, 0600, NULL)));
    printf("open slash only: %s\n", err(mq_open("/", O_RDWR | O_CREAT, 0600, NULL)));
    printf("open inner slash: %s\n", err(mq_open("/a/b", O_RDWR | O_CREAT, 0600, NULL)));
    char longname[300];
    memset(longname, 'x', sizeof longname);
    longname[0] = '/';
    longname[299] = 0;
    printf("open long name: %s\n", err(mq_open(longname, O_RDWR | O_CREAT, 0600, NULL)));
    struct mq_attr a = { .mq_maxmsg = 0, .mq_msgsize = 16 };
    printf("open maxmsg 0: %s\n", err(mq_open(name, O_RDWR | O_CREAT, 0600, &a)));
    a.mq_maxmsg = 4; a.mq_msgsize = -1;
    printf("open msgsize -1: %s\n", err(mq_open(name, O_RDWR | O_CREAT, 0600, &a)));
    a.mq_maxmsg = 100000; a.mq_msgsize = 16;
    printf("open maxmsg 100000: %s\n", err(mq_open(name, O_RDWR | O_CREAT, 0600, &a)));
    // RLIMIT_MSGQUEUE (819200 bytes): nine queues of 10 x 8192 fit, the tenth does not.
    a.mq_maxmsg = 10; a.mq_msgsize = 8192;
    int made = 0;
    long last = 0;
    for (int i = 0; i < 12; i++) {
        char many[80];
        snprintf(many, sizeof many, "%s-%d", name, i);
        last = mq_open(many, O_RDWR | O_CREAT, 0600, &a);
        if (last < 0) break;
        mq_close(last);
        made++;
    }
    printf("queues within RLIMIT_MSGQUEUE: %d then %s\n", made, err(last));
    for (int i = 0; i < 12; i++) {
        char many[80];
        snprintf(many, sizeof many, "%s-%d", name, i);
        mq_unlink(many);
    }
    printf("open bad attr pointer: %s\n", err(mq_open(name, O_RDWR | O_CREAT, 0600, (struct mq_attr *)8)));

    mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, NULL);
    printf("create default: %s\n", err(q));
    struct mq_attr got;
    mq_getattr(q, &got);
    printf("default attr: flags %ld maxmsg %ld msgsize %ld curmsgs %ld\n", got.mq_flags, got.mq_maxmsg, got.mq_msgsize, got.mq_curmsgs);
    printf("create again excl: %s\n", err(mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, NULL)));
    printf("open O_ACCMODE: %s\n", err(mq_open(name, O_ACCMODE)));
    mqd_t ro = mq_open(name, O_RDONLY);
    printf("open read-only: %s\n", err(ro));
    printf("send on read-only: %s\n", err(mq_send(ro, "x", 1, 0)));
    mq_close(ro);
    mq_close(q);
    mq_unlink(name);

    a.mq_maxmsg = 3; a.mq_msgsize = 32;
    q = mq_open(name, O_RDWR | O_CREAT, 0600, &a);
    printf("create 3x32: %s\n", err(q));
    printf("send too long: %s\n", err(mq_send(q, "0123456789012345678901234567890123", 33, 0)));
    printf("send prio 32768: %s\n", err(mq_send(q, "x", 1, 32768)));
    printf("send bad buffer: %s\n", err(mq_send(q, (char *)8, 4, 0)));
    printf("send bad fd: %s\n", err(mq_send(999, "x", 1, 0)));
    printf("send not a queue: %s\n", err(mq_send(1, "x", 1, 0)));
    mq_send(q, "low", 3, 1);
    mq_send(q, "high", 4, 9);
    mq_send(q, "low2", 4, 1);
    struct pollfd p = { .fd = q, .events = POLLIN | POLLOUT };
    poll(&p, 1, 0);
    printf("poll full: in %d out %d\n", !!(p.revents & POLLIN), !!(p.revents & POLLOUT));
    struct timespec t = in_ms(50);
    printf("timedsend full: %s\n", err(mq_timedsend(q, "x", 1, 0, &t)));
    t.tv_nsec = 1000000000;
    printf("timedsend bad timespec: %s\n", err(mq_timedsend(q, "x", 1, 0, &t)));
    struct mq_attr nb = { .mq_flags = O_NONBLOCK }, old;
    mq_setattr(q, &nb, &old);
    printf("setattr old flags %ld\n", old.mq_flags);
    printf("send full nonblocking: %s\n", err(mq_send(q, "x", 1, 0)));
    struct mq_attr bad = { .mq_flags = O_NONBLOCK | O_APPEND };
    printf("setattr bad flags: %s\n", err(mq_setattr(q, &bad, NULL)));
    mq_getattr(q, &got);
    printf("attr: flags %ld curmsgs %ld\n", got.mq_flags & O_NONBLOCK ? 1L : 0L, got.mq_curmsgs);
    char buf[64];
    unsigned prio;
    printf("receive small buffer: %s\n", err(mq_receive(q, buf, 31, &prio)));
    for (int i = 0; i < 3; i++) {
        ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
        printf("receive: %zd %.*s prio %u\n", n, (int)(n > 0 ? n : 0), buf, prio);
    }
    printf("receive empty nonblocking: %s\n", err(mq_receive(q, buf, sizeof buf, &prio)));
    nb.mq_flags = 0;
    mq_setattr(q, &nb, NULL);
    t = in_ms(50);
    printf("timedreceive empty: %s\n", err(mq_timedreceive(q, buf, sizeof buf, &prio, &t)));
    t.tv_sec = 0; t.tv_nsec = 0;
    printf("timedreceive past deadline: %s\n", err(mq_timedreceive(q, buf, sizeof buf, &prio, &t)));
    mq_send(q, "ready", 5, 2);
    printf("timedreceive ready, past deadline: %zd\n", mq_timedreceive(q, buf, sizeof buf, &prio, &t));
    printf("timedreceive bad timeout pointer: %s\n", err(mq_timedreceive(q, buf, sizeof buf, &prio, (struct timespec *)8)));

    // The status line of a read.
    mq_send(q, "abcdef", 6, 0);
    char status[128] = "";
    ssize_t n = read(q, status, sizeof status - 1);
    status[n > 0 ? n : 0] = 0;
    printf("status: %s", status);
    mq_receive(q, buf, sizeof buf, &prio);

    // Notification by signal: sent once, when a message arrives in the empty queue.
    struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
    sigaction(SIGUSR1, &sa, NULL);
    struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1, .sigev_value.sival_int = 1234 };
    printf("notify: %s\n", err(mq_notify(q, &ev)));
    printf("notify again: %s\n", err(mq_notify(q, &ev)));
    lseek(q, 0, SEEK_SET);
    n = read(q, status, sizeof status - 1);
    status[n > 0 ? n : 0] = 0;
    printf("status registered: %.*s", (int)(strstr(status, "NOTIFY_PID:") ? strstr(status, "NOTIFY_PID:") - status : 0), status);
    printf("[pid is mine %d]\n", atoi(strstr(status, "NOTIFY_PID:") ? strstr(status, "NOTIFY_PID:") + 11 : "0") == getpid());
    struct sigevent badev = { .sigev_notify = 7 };
    printf("notify bad kind: %s\n", err(mq_notify(q, &badev)));
    badev.sigev_notify = SIGEV_SIGNAL; badev.sigev_signo = 99;
    printf("notify bad signal: %s\n", err(mq_notify(q, &badev)));
    printf("notify bad fd: %s\n", err(mq_notify(999, &ev)));
    pid_t child = fork();
    if (child == 0) {
        mqd_t cq = mq_open(name, O_WRONLY);
        struct sigevent cev = { .sigev_notify = SIGEV_NONE };
        printf("child notify while parent registered: %s\n", err(mq_notify(cq, &cev)));
        mq_send(cq, "from child", 10, 3);
        mq_send(cq, "second", 6, 3);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    for (int i = 0; i < 100 && !got_signo; i++) usleep(1000);
    printf("signal %d code %s value %d\n", (int)got_signo, got_code == SI_MESGQ ? "SI_MESGQ" : "other", (int)got_value);
    n = mq_receive(q, buf, sizeof buf, &prio);
    printf("receive: %zd %.*s prio %u\n", n, (int)(n > 0 ? n : 0), buf, prio);
    n = mq_receive(q, buf, sizeof buf, &prio);
    printf("receive: %zd %.*s prio %u\n", n, (int)(n > 0 ? n : 0), buf, prio);
    got_signo = 0;
    mq_send(q, "no signal", 9, 0);
    usleep(20000);
    printf("after the one notification: signal %d\n", (int)got_signo);
    mq_receive(q, buf, sizeof buf, &prio);
    // Register, then unregister with NULL.
    const char *registered = err(mq_notify(q, &ev));
    printf("notify: %s unregister: %s\n", registered, err(mq_notify(q, NULL)));
    mq_send(q, "quiet", 5, 0);
    usleep(20000);
    printf("unregistered: signal %d\n", (int)got_signo);
    mq_receive(q, buf, sizeof buf, &prio);

    // A receiver blocked in another process gets the message.
    child = fork();
    if (child == 0) {
        char b[64];
        unsigned pr;
        ssize_t r = mq_receive(q, b, sizeof b, &pr);
        printf("child received %zd %.*s prio %u\n", r, (int)(r > 0 ? r : 0), b, pr);
        _exit(0);
    }
    usleep(50000);
    mq_send(q, "to child", 8, 4);
    waitpid(child, NULL, 0);

    printf("unlink: %s\n", err(mq_unlink(name)));
    printf("unlink again: %s\n", err(mq_unlink(name)));
    printf("send after unlink: %s\n", err(mq_send(q, "still", 5, 0)));
    printf("receive after unlink: %zd\n", mq_receive(q, buf, sizeof buf, &prio));
    printf("open after unlink: %s\n", err(mq_open(name, O_RDWR)));
    mq_close(q);
    printf("close again: %s\n", err(mq_close(q)));
    return 0;
}
