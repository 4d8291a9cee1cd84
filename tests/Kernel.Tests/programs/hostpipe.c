/* A host program (yes) writing into a guest pipe whose reader goes away must die of SIGPIPE, as under
   qemu-user, instead of being fed into a pump forever. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2];
    pipe(p);
    pid_t c = fork();
    if (c == 0)
    {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        execl("/usr/bin/yes", "yes", "guest", (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    char buf[12] = { 0 };
    size_t got = 0;
    while (got < 11)
    {
        ssize_t n = read(p[0], buf + got, 11 - got);
        if (n <= 0) break;
        got += n;
    }
    printf("read: %s", buf);
    close(p[0]);
    int status;
    waitpid(c, &status, 0);
    if (WIFSIGNALED(status)) printf("child killed by %s\n", strsignal(WTERMSIG(status)));
    else printf("child exited %d\n", WEXITSTATUS(status));
    return 0;
}
