/* A small shell: runs "gen 200 | filter 3 | sum" with pipes, dup2, posix_spawn and fork/exec, then
   checks process groups, exit statuses and that all data arrived. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int gen(int n) { for (int i = 1; i <= n; i++) printf("%d\n", i); return 0; }

static int filter(int k)
{
    char line[64];
    while (fgets(line, sizeof line, stdin)) if (atoi(line) % k == 0) fputs(line, stdout);
    return 0;
}

static int sum(void)
{
    char line[64];
    long s = 0, n = 0;
    while (fgets(line, sizeof line, stdin)) { s += atol(line); n++; }
    printf("count=%ld sum=%ld\n", n, s);
    return n == 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "gen") == 0) return gen(atoi(argv[2]));
    if (argc > 1 && strcmp(argv[1], "filter") == 0) return filter(atoi(argv[2]));
    if (argc > 1 && strcmp(argv[1], "sum") == 0) return sum();

    fflush(stdout);
    int a[2], b[2];
    pipe(a);
    pipe(b);
    pid_t p1 = fork();
    if (p1 == 0)
    {
        setpgid(0, 0);
        dup2(a[1], 1);
        close(a[0]); close(a[1]); close(b[0]); close(b[1]);
        execl(argv[0], argv[0], "gen", "200", (char *)NULL);
        _exit(127);
    }
    setpgid(p1, p1);

    /* The middle stage through posix_spawn with file actions. */
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, a[0], 0);
    posix_spawn_file_actions_adddup2(&fa, b[1], 1);
    posix_spawn_file_actions_addclose(&fa, a[0]);
    posix_spawn_file_actions_addclose(&fa, a[1]);
    posix_spawn_file_actions_addclose(&fa, b[0]);
    posix_spawn_file_actions_addclose(&fa, b[1]);
    pid_t p2;
    char *args2[] = { argv[0], "filter", "3", NULL };
    int r = posix_spawn(&p2, argv[0], &fa, NULL, args2, environ);
    printf("posix_spawn=%d\n", r);
    fflush(stdout);

    pid_t p3 = fork();
    if (p3 == 0)
    {
        dup2(b[0], 0);
        close(a[0]); close(a[1]); close(b[0]); close(b[1]);
        execl(argv[0], argv[0], "sum", (char *)NULL);
        _exit(127);
    }
    close(a[0]); close(a[1]); close(b[0]); close(b[1]);
    printf("pgid of first stage is its pid=%d\n", getpgid(p1) == p1);
    fflush(stdout);
    int status, done = 0;
    pid_t w;
    while ((w = wait(&status)) > 0)
    {
        const char *who = w == p1 ? "gen" : w == p2 ? "filter" : w == p3 ? "sum" : "?";
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) done++;
        else printf("%s failed: %#x\n", who, status);
    }
    printf("stages ok=%d\n", done);

    /* A long stream through one pipe: the writer blocks when the pipe is full. */
    int c[2];
    pipe(c);
    pid_t big = fork();
    if (big == 0)
    {
        close(c[0]);
        char chunk[1000];
        memset(chunk, 'z', sizeof chunk);
        for (int i = 0; i < 1000; i++) write(c[1], chunk, sizeof chunk);
        _exit(0);
    }
    close(c[1]);
    long total = 0;
    char buf[4096];
    ssize_t n;
    while ((n = read(c[0], buf, sizeof buf)) > 0) total += n;
    waitpid(big, &status, 0);
    printf("streamed %ld bytes\n", total);
    return 0;
}
