/* Signals: handlers with SA_SIGINFO, masks and pending signals, SIGCHLD, alarm, sigsuspend, default actions. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1, got_alarm, got_chld, info_pid_ok;

static void on_usr1(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    got_usr1 = sig;
    info_pid_ok = info->si_pid == getpid();
}

static void on_alarm(int sig) { got_alarm = sig; }
static void on_chld(int sig) { (void)sig; got_chld++; }

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa = { 0 };
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    kill(getpid(), SIGUSR1);
    printf("usr1 handled=%d sender ok=%d\n", got_usr1 == SIGUSR1, info_pid_ok);

    sigset_t block, old, pending;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    got_usr1 = 0;
    raise(SIGUSR1);
    sigpending(&pending);
    printf("blocked: handled=%d pending=%d\n", got_usr1 != 0, sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: handled=%d\n", got_usr1 != 0);

    signal(SIGALRM, on_alarm);
    alarm(1);
    while (!got_alarm) pause();
    printf("alarm delivered=%d\n", got_alarm == SIGALRM);

    struct sigaction sc = { 0 };
    sc.sa_handler = on_chld;
    sigaction(SIGCHLD, &sc, NULL);
    pid_t c = fork();
    if (c == 0) _exit(3);
    int status;
    while (waitpid(c, &status, 0) < 0 && errno == EINTR) {}
    printf("sigchld handled=%d status=%d\n", got_chld > 0, WEXITSTATUS(status));

    /* sigsuspend waits for a signal sent by a child. */
    sigprocmask(SIG_BLOCK, &block, &old);
    got_usr1 = 0;
    c = fork();
    if (c == 0) { kill(getppid(), SIGUSR1); _exit(0); }
    sigset_t wait_mask = old;
    sigdelset(&wait_mask, SIGUSR1);
    while (!got_usr1) sigsuspend(&wait_mask);
    sigprocmask(SIG_SETMASK, &old, NULL);
    waitpid(c, &status, 0);
    printf("sigsuspend woke by usr1=%d\n", got_usr1 == SIGUSR1);

    /* Ignored signals do nothing; default SIGTERM kills a child. */
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    printf("ignored usr2 survived\n");
    c = fork();
    if (c == 0) { pause(); _exit(0); }
    kill(c, SIGTERM);
    waitpid(c, &status, 0);
    printf("child killed=%d by %d\n", WIFSIGNALED(status), WTERMSIG(status));
    c = fork();
    if (c == 0) { abort(); }
    waitpid(c, &status, 0);
    printf("abort: killed=%d by %d\n", WIFSIGNALED(status), WTERMSIG(status));
    return 0;
}
