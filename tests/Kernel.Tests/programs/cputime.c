/* CPU-time clocks and timers: clock_gettime/getres on CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID and the
   ids of clock_getcpuclockid/pthread_getcpuclockid (and the ones Linux refuses); CPU time that moves while the
   program computes and not while it sleeps; setitimer ITIMER_VIRTUAL/ITIMER_PROF firing SIGVTALRM/SIGPROF as CPU
   time is used (and not while sleeping), their argument checks; timer_create on CPU clocks; times() and getrusage
   of the process, a thread and reaped children. Prints facts with generous bounds, never times. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerrorname_np(errno) : "ok"; }

static long long ns_of(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0) return -1;
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long wall(void) { return ns_of(CLOCK_MONOTONIC); }

static volatile unsigned long sink;

/* Computes until <clock> has advanced by <ns> (or 30 s of wall time went by: then says so). */
static void spin(clockid_t clock, long long ns)
{
    long long start = ns_of(clock), w = wall();
    while (ns_of(clock) - start < ns)
    {
        for (int i = 0; i < 20000; i++) sink += i * 7;
        if (wall() - w > 30000000000LL) { printf("spin: clock %d did not advance\n", (int)clock); return; }
    }
}

static volatile int vtalrm, prof, usr1, last_code;
static void on_signal(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    last_code = si->si_code;
    if (sig == SIGVTALRM) vtalrm++;
    else if (sig == SIGPROF) prof++;
    else if (sig == SIGUSR1) usr1++;
}

/* Computes until <counter> reaches <want> (bounded by 30 s of wall time). */
static int spin_until(volatile int *counter, int want)
{
    long long w = wall();
    while (*counter < want)
    {
        for (int i = 0; i < 20000; i++) sink += i * 7;
        if (wall() - w > 30000000000LL) return 0;
    }
    return 1;
}

static volatile int worker_go, worker_stop, main_done;
static void *worker(void *arg)
{
    (void)arg;
    while (!worker_go) usleep(1000);
    spin(CLOCK_THREAD_CPUTIME_ID, 100000000);
    worker_stop = 1;
    while (!main_done) usleep(1000); /* its clock goes with it */
    return NULL;
}

/* Computes until main_done. */
static void *spinner(void *arg)
{
    (void)arg;
    long long w = wall();
    while (!main_done && wall() - w < 30000000000LL)
        for (int i = 0; i < 20000; i++) sink += i * 7;
    return NULL;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct timespec ts;

    /* Resolution and the ids Linux takes and refuses. */
    printf("getres PROCESS: %s %ld.%09ld\n", err(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &ts)), (long)ts.tv_sec, ts.tv_nsec);
    printf("getres THREAD: %s %ld.%09ld\n", err(clock_getres(CLOCK_THREAD_CPUTIME_ID, &ts)), (long)ts.tv_sec, ts.tv_nsec);
    clockid_t self;
    printf("getcpuclockid(0): %d\n", clock_getcpuclockid(0, &self));
    printf("getcpuclockid(getpid): %d gettime %s\n", clock_getcpuclockid(getpid(), &self), err(clock_gettime(self, &ts)));
    for (int kind = 0; kind < 8; kind++)
    {
        clockid_t id = (clockid_t)((~0u << 3) | kind); /* pid 0: the caller */
        printf("pid 0 kind %d: gettime %s getres %s\n", kind, err(clock_gettime(id, &ts)), err(clock_getres(id, &ts)));
    }
    clockid_t tid_as_process = (clockid_t)((~(unsigned)gettid() << 3) | 2);
    printf("own tid as process clock: %s\n", err(clock_gettime(tid_as_process, &ts)));
    printf("gettime NULL: %s\n", err(syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, NULL)));

    /* CPU time moves while computing, not while sleeping. */
    long long p0 = ns_of(CLOCK_PROCESS_CPUTIME_ID), t0 = ns_of(CLOCK_THREAD_CPUTIME_ID);
    spin(CLOCK_THREAD_CPUTIME_ID, 100000000);
    long long t1 = ns_of(CLOCK_THREAD_CPUTIME_ID), p1 = ns_of(CLOCK_PROCESS_CPUTIME_ID);
    printf("spin 100ms: thread +%d process +%d process>=thread %d\n", t1 - t0 >= 100000000, p1 - p0 >= 100000000, p1 >= t1);
    usleep(300000);
    long long t2 = ns_of(CLOCK_THREAD_CPUTIME_ID);
    printf("sleep 300ms: thread clock moved less than 100ms: %d\n", t2 - t1 < 100000000);

    /* Another thread's clock, through pthread_getcpuclockid: it moves while that thread computes. */
    pthread_t th;
    pthread_create(&th, NULL, worker, NULL);
    clockid_t other;
    printf("pthread_getcpuclockid: %d\n", pthread_getcpuclockid(th, &other));
    long long o0 = ns_of(other), me0 = ns_of(CLOCK_THREAD_CPUTIME_ID);
    worker_go = 1;
    while (!worker_stop) usleep(1000);
    long long o1 = ns_of(other), me1 = ns_of(CLOCK_THREAD_CPUTIME_ID);
    /* "Less than the worker's" rather than "less than 100ms": an emulator that counts a slice's wall time
       counts the host's preemptions of a loaded machine too, in both clocks. */
    printf("worker computed 100ms: its clock +%d, mine less: %d\n", o1 - o0 >= 100000000, me1 - me0 < o1 - o0);
    main_done = 1;
    pthread_join(th, NULL);

    /* A child's process clock while it lives; thread clocks of another process are refused; a reaped child's clock is gone. */
    pid_t child = fork();
    if (child == 0)
    {
        spin(CLOCK_PROCESS_CPUTIME_ID, 200000000);
        _exit(0);
    }
    clockid_t child_clock;
    printf("child getcpuclockid: %d\n", clock_getcpuclockid(child, &child_clock));
    printf("child clock gettime: %s\n", err(clock_gettime(child_clock, &ts)));
    clockid_t child_thread = (clockid_t)((~(unsigned)child << 3) | 6);
    printf("child thread clock: %s\n", err(clock_gettime(child_thread, &ts)));
    int status;
    waitpid(child, &status, 0);
    printf("reaped child getcpuclockid: %s\n", strerrorname_np(clock_getcpuclockid(child, &child_clock)));
    struct tms t;
    times(&t);
    printf("times: children >= 15 ticks: %d, self >= 15 ticks: %d\n", t.tms_cutime + t.tms_cstime >= 15, t.tms_utime + t.tms_stime >= 15);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    printf("rusage children >= 150ms: %d\n", ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec >= 150000);
    getrusage(RUSAGE_SELF, &ru);
    printf("rusage self >= 150ms: %d\n", ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec >= 150000);
    printf("rusage thread: %s\n", err(getrusage(RUSAGE_THREAD, &ru)));

    /* setitimer's checks. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGVTALRM, &sa, NULL);
    sigaction(SIGPROF, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    struct itimerval iv = { .it_interval = { 0, 20000 }, .it_value = { 0, 50000 } }, old;
    printf("setitimer which 3: %s\n", err(setitimer(3, &iv, NULL)));
    struct itimerval bad = { .it_interval = { 0, 0 }, .it_value = { 0, 1000000 } };
    printf("setitimer usec 1000000: %s\n", err(setitimer(ITIMER_VIRTUAL, &bad, NULL)));
    bad.it_value.tv_usec = -1;
    printf("setitimer usec -1: %s\n", err(setitimer(ITIMER_VIRTUAL, &bad, NULL)));
    printf("setitimer bad pointer: %s\n", err(setitimer(ITIMER_VIRTUAL, (void *)8, NULL)));
    printf("getitimer which 3: %s\n", err(getitimer(3, &old)));
    printf("getitimer bad pointer: %s\n", err(getitimer(ITIMER_PROF, (void *)8)));

    /* ITIMER_VIRTUAL: SIGVTALRM with SI_KERNEL as CPU time is used; nothing while sleeping. */
    printf("setitimer VIRTUAL: %s\n", err(setitimer(ITIMER_VIRTUAL, &iv, NULL)));
    getitimer(ITIMER_VIRTUAL, &old);
    printf("getitimer VIRTUAL: interval %ld.%06ld, value in (0, 60ms]: %d\n", (long)old.it_interval.tv_sec, (long)old.it_interval.tv_usec,
        old.it_value.tv_sec == 0 && old.it_value.tv_usec > 0 && old.it_value.tv_usec <= 60000);
    printf("3 SIGVTALRM while computing: %d, si_code SI_KERNEL: %d\n", spin_until(&vtalrm, 3), last_code == SI_KERNEL);
    struct itimerval zero = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_VIRTUAL, &zero, &old);
    printf("disarmed; old interval %ld.%06ld\n", (long)old.it_interval.tv_sec, (long)old.it_interval.tv_usec);
    getitimer(ITIMER_VIRTUAL, &old);
    printf("getitimer disarmed: %ld.%06ld %ld.%06ld\n", (long)old.it_interval.tv_sec, (long)old.it_interval.tv_usec,
        (long)old.it_value.tv_sec, (long)old.it_value.tv_usec);
    struct itimerval once = { { 0, 0 }, { 0, 100000 } };
    setitimer(ITIMER_VIRTUAL, &once, NULL);
    vtalrm = 0;
    usleep(300000);
    printf("sleeping 300ms with 100ms of VIRTUAL armed: signals %d\n", vtalrm);
    printf("NULL new value disarms: %s", err(syscall(SYS_setitimer, ITIMER_VIRTUAL, NULL, &old)));
    getitimer(ITIMER_VIRTUAL, &old);
    printf(" -> %ld.%06ld\n", (long)old.it_value.tv_sec, (long)old.it_value.tv_usec);

    /* ITIMER_PROF. */
    printf("setitimer PROF: %s\n", err(setitimer(ITIMER_PROF, &iv, NULL)));
    printf("2 SIGPROF while computing: %d, si_code SI_KERNEL: %d\n", spin_until(&prof, 2), last_code == SI_KERNEL);
    setitimer(ITIMER_PROF, &zero, NULL);

    /* timer_create on CPU clocks. */
    timer_t tm;
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR1;
    sev.sigev_value.sival_int = 42;
    printf("timer_create PROCESS_CPUTIME: %s\n", err(timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &tm)));
    struct itimerspec its = { .it_interval = { 0, 0 }, .it_value = { 0, 30000000 } }, cur;
    printf("timer_settime: %s\n", err(timer_settime(tm, 0, &its, NULL)));
    timer_gettime(tm, &cur);
    printf("timer_gettime value in (0, 30ms]: %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 30000000);
    printf("SIGUSR1 while computing: %d, si_code SI_TIMER: %d\n", spin_until(&usr1, 1), last_code == SI_TIMER);
    timer_gettime(tm, &cur);
    printf("one-shot done: %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
    /* Absolute: a reading of the clock itself. */
    usr1 = 0;
    long long now = ns_of(CLOCK_PROCESS_CPUTIME_ID) + 30000000;
    its.it_value.tv_sec = now / 1000000000;
    its.it_value.tv_nsec = now % 1000000000;
    printf("timer_settime absolute: %s\n", err(timer_settime(tm, TIMER_ABSTIME, &its, NULL)));
    printf("absolute fired: %d\n", spin_until(&usr1, 1));
    timer_delete(tm);
    printf("timer_create THREAD_CPUTIME: %s\n", err(timer_create(CLOCK_THREAD_CPUTIME_ID, &sev, &tm)));
    usr1 = 0;
    its.it_value.tv_sec = 0;
    its.it_value.tv_nsec = 20000000;
    its.it_interval.tv_nsec = 20000000;
    timer_settime(tm, 0, &its, NULL);
    printf("periodic thread timer fired twice: %d\n", spin_until(&usr1, 2));
    timer_delete(tm);
    sev.sigev_notify = SIGEV_NONE;
    printf("timer_create SIGEV_NONE on own clock id: %s\n", err(timer_create(self, &sev, &tm)));
    its.it_value.tv_sec = 10;
    its.it_interval.tv_nsec = 0;
    timer_settime(tm, 0, &its, NULL);
    timer_gettime(tm, &cur);
    long long before = cur.it_value.tv_sec * 1000000000LL + cur.it_value.tv_nsec;
    spin(CLOCK_PROCESS_CPUTIME_ID, 20000000);
    timer_gettime(tm, &cur);
    long long after = cur.it_value.tv_sec * 1000000000LL + cur.it_value.tv_nsec;
    printf("SIGEV_NONE counts down with CPU time: %d\n", before - after >= 20000000);
    timer_delete(tm);
    /* clock_nanosleep on CPU clocks: its own thread's clock is refused; the process's passes as other threads compute. */
    struct timespec d = { 0, 50000000 };
    printf("nanosleep THREAD_CPUTIME: %s\n", strerrorname_np(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &d, NULL)));
    printf("nanosleep own thread clock id: %s\n", strerrorname_np(clock_nanosleep((clockid_t)((~0u << 3) | 6), 0, &d, NULL)));
    printf("nanosleep THREAD_CPUTIME bad pointer: %s\n", strerrorname_np(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, (void *)8, NULL)));
    struct timespec badns = { 0, 1000000000 };
    printf("nanosleep PROCESS bad nsec: %s\n", strerrorname_np(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &badns, NULL)));
    printf("nanosleep clock fd kind: %s\n", strerrorname_np(clock_nanosleep((clockid_t)((~0u << 3) | 3), 0, &d, NULL)));
    struct timespec past = { 0, 1 };
    printf("nanosleep PROCESS absolute past: %d\n", clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &past, NULL));
    main_done = 0;
    pthread_create(&th, NULL, spinner, NULL);
    pthread_getcpuclockid(th, &other);
    long long pb = ns_of(CLOCK_PROCESS_CPUTIME_ID), mb = ns_of(CLOCK_THREAD_CPUTIME_ID);
    printf("nanosleep PROCESS 50ms while a thread computes: %d\n", clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &d, NULL));
    long long pa = ns_of(CLOCK_PROCESS_CPUTIME_ID), ma = ns_of(CLOCK_THREAD_CPUTIME_ID);
    printf("process clock +50ms: %d, mine much less: %d\n", pa - pb >= 50000000, ma - mb < 40000000);
    struct timespec d2 = { 0, 20000000 };
    printf("nanosleep on the worker's clock: %d\n", clock_nanosleep(other, 0, &d2, NULL));
    main_done = 1;
    pthread_join(th, NULL);

    clockid_t gone = (clockid_t)((~(unsigned)child << 3) | 2);
    printf("timer_create on a reaped child's clock: %s\n", err(timer_create(gone, &sev, &tm)));
    printf("timer_create clock fd kind: %s\n", err(timer_create((clockid_t)((~0u << 3) | 3), &sev, &tm)));
    return 0;
}
