/* Time passes for waiting threads while another thread spins: sleepers wake, interval timers fire and
   signals arrive whatever the running thread does (a loop without system calls, a loop of non-blocking
   calls, a self-jump, a branch on a register, a compiled C loop). argv[1] picks the case; each prints
   what it saw and exits 0, or hangs (the test's timeout) if time stands still. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int flag;
static volatile sig_atomic_t alarms;

static void *sleep_then_set(void *arg)
{
    (void)arg;
    struct timespec ts = { 0, 10 * 1000 * 1000 };
    nanosleep(&ts, NULL);
    flag = 1;
    return NULL;
}

/* Thread B sleeps 10 ms and sets the flag; thread A spins on it, with or without system calls. */
static int sleeper(int with_calls)
{
    pthread_t t;
    pthread_create(&t, NULL, sleep_then_set, NULL);
    if (with_calls) while (!flag) syscall(SYS_getpid);
    else while (!flag) { }
    pthread_join(t, NULL);
    printf("sleeper woke under a spinning thread (%s)\n", with_calls ? "getpid loop" : "pure loop");
    return 0;
}

static void count_alarm(int sig) { (void)sig; alarms++; }

static void alarm_in(long ms)
{
    struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
    setitimer(ITIMER_REAL, &it, NULL);
}

/* The parent guards a child that never ends with an alarm: waitpid is interrupted, the child killed. */
static int watchdog(void)
{
    pid_t child = fork();
    if (child == 0) for (;;) { }
    struct sigaction sa = { 0 };
    sa.sa_handler = count_alarm; /* no SA_RESTART: waitpid fails with EINTR */
    sigaction(SIGALRM, &sa, NULL);
    alarm_in(50);
    int status;
    pid_t r = waitpid(child, &status, 0);
    printf("waitpid interrupted: %d (errno EINTR: %d, alarms %d)\n", r == -1, errno == EINTR, (int)alarms);
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    printf("child killed by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return 0;
}

static void leave_on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "SIGALRM arrived in the loop\n";
    write(1, msg, sizeof msg - 1);
    _exit(0);
}

/* SIGALRM from setitimer into a loop that makes no system call at all; the handler ends the program. */
static int alarm_loop(const char *shape)
{
    signal(SIGALRM, leave_on_alarm);
    alarm_in(50);
    if (strcmp(shape, "selfjump") == 0) __asm__ volatile("1: j 1b");
    else if (strcmp(shape, "bnez") == 0) __asm__ volatile("li t0, 1\n1: bnez t0, 1b" ::: "t0");
    return 1;
}

/* A C loop hot enough to be compiled, ended by a flag the handler sets. */
static int alarm_c_loop(void)
{
    signal(SIGALRM, count_alarm);
    alarm_in(50);
    unsigned long n = 0;
    while (!alarms) n = n * 6364136223846793005UL + 1442695040888963407UL;
    printf("SIGALRM ended the compiled loop (%d)\n", n != 1);
    return 0;
}

/* For a host signal: handle signal `number`, say we are ready, then spin until it comes from outside. */
static volatile sig_atomic_t host_signal;
static void note_signal(int sig) { host_signal = sig; }

static int host_signal_case(int number)
{
    signal(number, note_signal);
    printf("ready\n");
    fflush(stdout);
    while (!host_signal) { }
    printf("host signal %d reached the guest handler\n", (int)host_signal);
    return 0;
}

/* The signal blocked and no handler set: the host's signal stays pending for the guest, as on Linux, instead of
   ending the process. */
static int host_signal_blocked_case(int number)
{
    sigset_t set, pending;
    sigemptyset(&set);
    sigaddset(&set, number);
    sigprocmask(SIG_BLOCK, &set, NULL);
    printf("ready\n");
    fflush(stdout);
    do sigpending(&pending); while (!sigismember(&pending, number));
    printf("host signal %d pending while blocked\n", number);
    return 0;
}

/* Nothing set: the host's signal ends the program by its default action. */
static int host_signal_default_case(void)
{
    printf("ready\n");
    fflush(stdout);
    for (;;) { }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "sleeper") == 0) return sleeper(0);
    if (strcmp(mode, "sleeper-getpid") == 0) return sleeper(1);
    if (strcmp(mode, "watchdog") == 0) return watchdog();
    if (strcmp(mode, "selfjump") == 0 || strcmp(mode, "bnez") == 0) return alarm_loop(mode);
    if (strcmp(mode, "cloop") == 0) return alarm_c_loop();
    if (strcmp(mode, "host-signal") == 0 && argc > 2) return host_signal_case(atoi(argv[2]));
    if (strcmp(mode, "host-signal-blocked") == 0 && argc > 2) return host_signal_blocked_case(atoi(argv[2]));
    if (strcmp(mode, "host-signal-default") == 0) return host_signal_default_case();
    fprintf(stderr, "usage: spintimers sleeper|sleeper-getpid|watchdog|selfjump|bnez|cloop|host-signal N|host-signal-blocked N|host-signal-default\n");
    return 2;
}
