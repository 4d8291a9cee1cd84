/* Fork + exec + wait round trips, for timing: `forkexec N` execs itself N times ("child" exits at once).
   `forkexec N /usr/bin/qemu-riscv64` execs the child through qemu, for the same measure under qemu-user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0) return 0;
    int n = argc > 1 ? atoi(argv[1]) : 10;
    const char *via = argc > 2 ? argv[2] : NULL;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++)
    {
        pid_t c = fork();
        if (c == 0)
        {
            if (via) execl(via, via, argv[0], "child", (char *)NULL);
            else execl(argv[0], argv[0], "child", (char *)NULL);
            _exit(127);
        }
        int status;
        waitpid(c, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) { printf("child failed: %#x\n", status); return 1; }
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double us = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / n;
    printf("%d fork+exec+wait round trips, %.0f us each\n", n, us);
    return 0;
}
