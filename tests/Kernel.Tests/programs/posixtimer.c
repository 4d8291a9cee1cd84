/* POSIX timers through the raw system calls: argument checks in Linux's order, SI_TIMER siginfos (code,
   value, overrun), overruns while the signal is pending, timer_getoverrun, SIGEV_NONE and SIGEV_THREAD_ID,
   absolute expiry, old values, deletion, fork. Prints no times or ids, only facts. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerrorname_np(errno) : "ok"; }

static long tcreate(clockid_t clock, struct sigevent *ev, int *id) { return syscall(SYS_timer_create, clock, ev, id); }
static long tset(int id, int flags, const struct itimerspec *s, struct itimerspec *old) { return syscall(SYS_timer_settime, id, flags, s, old); }
static long tget(int id, struct itimerspec *s) { return syscall(SYS_timer_gettime, id, s); }
static long toverrun(int id) { return syscall(SYS_timer_getoverrun, id); }
static long tdelete(int id) { return syscall(SYS_timer_delete, id); }

static struct itimerspec spec(long vs, long vns, long is, long ins)
{
    struct itimerspec s = { .it_interval = { is, ins }, .it_value = { vs, vns } };
    return s;
}

static struct sigevent event(int notify, int signo, int value)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = notify;
    ev.sigev_signo = signo;
    ev.sigev_value.sival_int = value;
    return ev;
}

static sigset_t only(int sig)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    return set;
}

static volatile int handled_code, handled_value, handled_signo;
static void on_timer(int sig, siginfo_t *info, void *uc)
{
    (void)uc;
    handled_signo = sig;
    handled_code = info->si_code;
    handled_value = info->si_value.sival_int;
}

static int thread_tid;
static volatile int thread_ready;
static void *waiter(void *arg)
{
    (void)arg;
    thread_tid = gettid();
    sigset_t set = only(SIGRTMIN + 3);
    thread_ready = 1;
    siginfo_t info;
    int sig = sigwaitinfo(&set, &info);
    printf("thread got %s code=%d value=%d\n", sig == SIGRTMIN + 3 ? "SIGRTMIN+3" : "other", info.si_code, info.si_value.sival_int);
    return NULL;
}

static sem_t callbacks;
static volatile int callback_value;
static void on_expiry(union sigval v)
{
    callback_value = v.sival_int;
    sem_post(&callbacks);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int id = -1;
    struct sigevent ev = event(SIGEV_SIGNAL, SIGRTMIN + 1, 42);
    /* timer_create: the sigevent is read first (EFAULT), then the clock, then the sigevent's checks. */
    printf("create bad clock: %s\n", err(tcreate(99, &ev, &id)));
    printf("create bad event pointer, bad clock: %s\n", err(tcreate(99, (void *)8, &id)));
    printf("create MONOTONIC_RAW: %s\n", err(tcreate(CLOCK_MONOTONIC_RAW, &ev, &id)));
    printf("create REALTIME_COARSE: %s\n", err(tcreate(CLOCK_REALTIME_COARSE, &ev, &id)));
    struct sigevent bad = event(3, SIGUSR1, 0);
    printf("create notify 3: %s\n", err(tcreate(CLOCK_MONOTONIC, &bad, &id)));
    bad = event(SIGEV_SIGNAL, 0, 0);
    printf("create signal 0: %s\n", err(tcreate(CLOCK_MONOTONIC, &bad, &id)));
    bad = event(SIGEV_SIGNAL, 65, 0);
    printf("create signal 65: %s\n", err(tcreate(CLOCK_MONOTONIC, &bad, &id)));
    bad = event(SIGEV_THREAD_ID, SIGUSR1, 0);
    bad._sigev_un._tid = 999999;
    printf("create thread id 999999: %s\n", err(tcreate(CLOCK_MONOTONIC, &bad, &id)));
    bad = event(SIGEV_NONE, 0, 0);
    printf("create bad id pointer: %s\n", err(tcreate(CLOCK_MONOTONIC, &bad, (void *)8)));
    bad = event(3, 0, 0);
    printf("create notify 3, bad id pointer: %s\n", err(tcreate(CLOCK_MONOTONIC, &bad, (void *)8)));
    bad = event(SIGEV_NONE, 0, 0);
    int none = -1;
    printf("create SIGEV_NONE signal 0: %s\n", err(tcreate(CLOCK_MONOTONIC, &bad, &none)));

    /* A one-shot SIGEV_SIGNAL timer, the signal blocked and taken by sigwaitinfo. */
    sigset_t rt1 = only(SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &rt1, NULL);
    printf("create: %s\n", err(tcreate(CLOCK_MONOTONIC, &ev, &id)));
    struct itimerspec s = spec(0, 20000000, 0, 0), cur;
    printf("settime: %s\n", err(tset(id, 0, &s, NULL)));
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int sig = sigwaitinfo(&rt1, &info);
    printf("one-shot: signal ok %d code SI_TIMER %d value=%d overrun=%d\n", sig == SIGRTMIN + 1, info.si_code == SI_TIMER,
        info.si_value.sival_int, info.si_overrun);
    printf("gettime after expiry: %s value=%ld.%ld\n", err(tget(id, &cur)), (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
    printf("getoverrun=%ld\n", toverrun(id));

    /* timer_settime / gettime / getoverrun / delete errors. */
    printf("settime NULL: %s\n", err(tset(id, 0, NULL, NULL)));
    printf("settime NULL, bad id: %s\n", err(tset(12345, 0, NULL, NULL)));
    printf("settime bad pointer: %s\n", err(tset(id, 0, (void *)8, NULL)));
    struct itimerspec badspec = spec(0, 1000000000, 0, 0);
    printf("settime nsec 1e9: %s\n", err(tset(id, 0, &badspec, NULL)));
    badspec = spec(1, 0, -1, 0);
    printf("settime interval sec -1: %s\n", err(tset(id, 0, &badspec, NULL)));
    printf("settime bad id: %s\n", err(tset(12345, 0, &s, NULL)));
    printf("gettime bad id: %s\n", err(tget(12345, &cur)));
    printf("gettime bad pointer: %s\n", err(tget(id, (void *)8)));
    printf("getoverrun bad id: %s\n", err(toverrun(12345)));
    printf("delete bad id: %s\n", err(tdelete(12345)));

    /* Old values, and a disarm. */
    s = spec(10, 0, 2, 5);
    tset(id, 0, &s, NULL);
    struct itimerspec old;
    s = spec(0, 0, 7, 0);
    printf("disarm: %s old interval=%ld.%ld old value>9s %d\n", err(tset(id, 0, &s, &old)), (long)old.it_interval.tv_sec,
        old.it_interval.tv_nsec, old.it_value.tv_sec >= 9);
    tget(id, &cur);
    printf("disarmed: value=%ld.%ld interval=%ld.%ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec, (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);

    /* Periodic at 1 ms while the signal stays blocked: one signal, the rest counted as overruns. */
    s = spec(0, 1000000, 0, 1000000);
    tset(id, 0, &s, NULL);
    usleep(50000);
    sigset_t pending;
    sigpending(&pending);
    printf("pending=%d\n", sigismember(&pending, SIGRTMIN + 1));
    memset(&info, 0, sizeof info);
    sigwaitinfo(&rt1, &info);
    printf("periodic: code SI_TIMER %d value=%d overrun>=10 %d getoverrun==overrun %d\n", info.si_code == SI_TIMER,
        info.si_value.sival_int, info.si_overrun >= 10, toverrun(id) == info.si_overrun);
    tget(id, &cur);
    printf("periodic gettime: interval=%ld.%ld value<=1ms %d\n", (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec,
        cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 1000000);
    printf("delete: %s\n", err(tdelete(id)));
    printf("delete again: %s\n", err(tdelete(id)));
    printf("gettime deleted: %s\n", err(tget(id, &cur)));
    /* Drain a signal that may have been queued before the delete, then check nothing more comes. */
    struct timespec zero = { 0, 0 };
    sigtimedwait(&rt1, &info, &zero);
    usleep(20000);
    sigpending(&pending);
    printf("after delete pending=%d\n", sigismember(&pending, SIGRTMIN + 1));

    /* SIGEV_NONE: nothing is sent; gettime reads the timer. */
    s = spec(0, 1000000, 0, 0);
    tset(none, 0, &s, NULL);
    usleep(10000);
    tget(none, &cur);
    printf("SIGEV_NONE one-shot after expiry: value=%ld.%ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
    s = spec(0, 5000000, 0, 5000000);
    tset(none, 0, &s, NULL);
    usleep(12000);
    tget(none, &cur);
    printf("SIGEV_NONE periodic: interval=%ld.%ld value in (0,5ms] %d\n", (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec,
        cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 5000000);
    tdelete(none);

    /* A handler (SA_SIGINFO), an absolute CLOCK_REALTIME expiry. */
    struct sigaction sa = { .sa_sigaction = on_timer, .sa_flags = SA_SIGINFO };
    sigaction(SIGUSR2, &sa, NULL);
    struct sigevent ev2 = event(SIGEV_SIGNAL, SIGUSR2, 77);
    int id2;
    printf("create REALTIME: %s\n", err(tcreate(CLOCK_REALTIME, &ev2, &id2)));
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    now.tv_nsec += 20000000;
    if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
    s = spec(now.tv_sec, now.tv_nsec, 0, 0);
    printf("settime absolute: %s\n", err(tset(id2, TIMER_ABSTIME, &s, NULL)));
    sigset_t empty;
    sigemptyset(&empty);
    while (!handled_signo) sigsuspend(&empty);
    printf("handler: SIGUSR2 %d code SI_TIMER %d value=%d\n", handled_signo == SIGUSR2, handled_code == SI_TIMER, handled_value);
    tdelete(id2);

    /* The default sigevent: SIGALRM. */
    sigset_t alrm = only(SIGALRM);
    sigprocmask(SIG_BLOCK, &alrm, NULL);
    int id3;
    printf("create default event (BOOTTIME): %s\n", err(tcreate(CLOCK_BOOTTIME, NULL, &id3)));
    s = spec(0, 5000000, 0, 0);
    tset(id3, 0, &s, NULL);
    sig = sigwaitinfo(&alrm, &info);
    printf("default: SIGALRM %d code SI_TIMER %d\n", sig == SIGALRM, info.si_code == SI_TIMER);

    /* Timers are not inherited by fork. */
    pid_t child = fork();
    if (child == 0)
    {
        printf("child gettime: %s\n", err(tget(id3, &cur)));
        _exit(0);
    }
    waitpid(child, NULL, 0);
    tdelete(id3);

    /* SIGEV_THREAD_ID: the signal goes to the named thread. */
    sigset_t rt3 = only(SIGRTMIN + 3);
    sigprocmask(SIG_BLOCK, &rt3, NULL);
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    while (!thread_ready) usleep(1000);
    struct sigevent ev4 = event(SIGEV_THREAD_ID, SIGRTMIN + 3, 99);
    ev4._sigev_un._tid = thread_tid;
    int id4;
    printf("create thread id: %s\n", err(tcreate(CLOCK_MONOTONIC, &ev4, &id4)));
    s = spec(0, 10000000, 0, 0);
    tset(id4, 0, &s, NULL);
    pthread_join(t, NULL);
    tdelete(id4);

    /* glibc's SIGEV_THREAD: its helper thread waits for SIGEV_THREAD_ID signals and runs the callback. */
    sem_init(&callbacks, 0, 0);
    struct sigevent ev5 = event(SIGEV_THREAD, 0, 5);
    ev5.sigev_notify_function = on_expiry;
    timer_t t5;
    printf("glibc SIGEV_THREAD create=%d", timer_create(CLOCK_MONOTONIC, &ev5, &t5));
    s = spec(0, 5000000, 0, 5000000);
    printf(" settime=%d", timer_settime(t5, 0, &s, NULL));
    for (int i = 0; i < 3; i++) sem_wait(&callbacks);
    printf(" callbacks value=%d delete=%d\n", callback_value, timer_delete(t5));
    return 0;
}
