/* fork, execve, wait4 status encoding, pipes between processes, process ids. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int child_role(const char *role, char **argv)
{
    if (strcmp(role, "exit") == 0) return atoi(argv[2]);
    if (strcmp(role, "echo") == 0) { for (int i = 2; argv[i]; i++) printf("echo:%s\n", argv[i]); return 0; }
    if (strcmp(role, "kill") == 0) { kill(getpid(), SIGTERM); pause(); return 99; }
    return 100;
}

static void report(const char *what, int status)
{
    if (WIFEXITED(status)) printf("%s: exited %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    else printf("%s: status %#x\n", what, status);
}

int main(int argc, char **argv)
{
    if (argc > 1) return child_role(argv[1], argv);
    setvbuf(stdout, NULL, _IONBF, 0);

    pid_t me = getpid();
    printf("pid positive=%d ppid positive=%d tid==pid=%d\n", me > 0, getppid() > 0, (pid_t)gettid() == me);

    pid_t c = fork();
    if (c == 0) { printf("child: ppid==parent=%d\n", getppid() == me); _exit(42); }
    int status;
    printf("wait4 pid matches=%d\n", waitpid(c, &status, 0) == c);
    report("fork child", status);
    printf("no more children: %s\n", waitpid(-1, &status, 0) < 0 ? strerror(errno) : "??");

    c = fork();
    if (c == 0) { char *args[] = { argv[0], "exit", "13", NULL }; execv("/proc/self/exe", args); _exit(127); }
    waitpid(c, &status, 0);
    report("exec exit", status);

    c = fork();
    if (c == 0) { char *args[] = { argv[0], "kill", NULL }; execv(argv[0], args); _exit(127); }
    waitpid(c, &status, 0);
    report("exec kill", status);

    c = fork();
    if (c == 0) { char *args[] = { "nonexistent-program", NULL }; execv("/nonexistent/program", args); printf("execv failed: %s\n", strerror(errno)); _exit(5); }
    waitpid(c, &status, 0);
    report("exec missing", status);

    int p[2];
    pipe(p);
    c = fork();
    if (c == 0)
    {
        close(p[0]);
        dup2(p[1], 1);
        close(p[1]);
        char *args[] = { argv[0], "echo", "alpha", "beta", NULL };
        execv(argv[0], args);
        _exit(127);
    }
    close(p[1]);
    char buf[256];
    ssize_t n, total = 0;
    while ((n = read(p[0], buf + total, sizeof buf - 1 - total)) > 0) total += n;
    buf[total] = 0;
    close(p[0]);
    waitpid(c, &status, 0);
    printf("from pipe (%zd bytes):\n%s", total, buf);
    report("echo", status);

    /* Several children, reaped in any order: count them. */
    for (int i = 0; i < 5; i++) if (fork() == 0) _exit(i);
    int sum = 0, reaped = 0;
    while ((c = wait(&status)) > 0) { sum += WEXITSTATUS(status); reaped++; }
    printf("reaped %d children, status sum %d\n", reaped, sum);

    /* vfork + exec */
    c = vfork();
    if (c == 0) { char *args[] = { argv[0], "exit", "3", NULL }; execv(argv[0], args); _exit(127); }
    waitpid(c, &status, 0);
    report("vfork", status);

    /* Writing to a pipe nobody reads: EPIPE with SIGPIPE ignored. */
    signal(SIGPIPE, SIG_IGN);
    pipe(p);
    close(p[0]);
    printf("write to closed pipe: %s\n", write(p[1], "x", 1) < 0 ? strerror(errno) : "ok");
    close(p[1]);
    return 0;
}
