// /proc/loadavg and sysinfo's loads and procs: the guest system's own threads, ids and load averages (Linux's
// 5-second fixed-point averages), checked by the program itself: runnable/existing threads, the last id given out,
// averages that rise with three spinning threads past a 5 s tick, sysinfo's loads agreeing with the file.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct loadavg { int whole[3], hundredths[3], runnable, threads, last; };

static struct loadavg read_loadavg(void)
{
    struct loadavg l;
    FILE *f = fopen("/proc/loadavg", "r");
    char line[128] = {0};
    fgets(line, sizeof line, f);
    fclose(f);
    int n = sscanf(line, "%d.%2d %d.%2d %d.%2d %d/%d %d", &l.whole[0], &l.hundredths[0], &l.whole[1], &l.hundredths[1],
                   &l.whole[2], &l.hundredths[2], &l.runnable, &l.threads, &l.last);
    if (n != 9) { printf("bad line: %s", line); exit(1); }
    return l;
}

static double uptime(void)
{
    FILE *f = fopen("/proc/uptime", "r");
    double up = 0;
    fscanf(f, "%lf", &up);
    fclose(f);
    return up;
}

static volatile int stop;
static volatile pid_t tids[3];
static void *spin(void *arg) { tids[(long)arg] = gettid(); while (!stop) { } return NULL; }

/// sysinfo's loads[0] formatted as /proc/loadavg formats its first average.
static int same_as_sysinfo(const struct loadavg *l)
{
    struct sysinfo si;
    sysinfo(&si);
    unsigned long rounded = si.loads[0] + (1UL << 16) / 200;
    return (int)(rounded >> 16) == l->whole[0] && (int)(((rounded & 0xffff) * 100) >> 16) == l->hundredths[0];
}

int main(void)
{
    struct loadavg l = read_loadavg();
    printf("start: runnable %d threads %d last-is-self %d\n", l.runnable, l.threads, l.last == getpid());
    struct sysinfo si;
    sysinfo(&si);
    printf("sysinfo procs %d\n", si.procs);

    pthread_t spinners[3];
    for (long i = 0; i < 3; i++) pthread_create(&spinners[i], NULL, spin, (void *)i);
    while (tids[0] == 0 || tids[1] == 0 || tids[2] == 0) { }
    pid_t last_tid = tids[0];
    for (int i = 1; i < 3; i++) if (tids[i] > last_tid) last_tid = tids[i];
    // Past the next 5 s tick of the kernel's uptime.
    double up = uptime();
    double tick = ((int)(up / 5) + 1) * 5 + 0.3;
    struct timespec wait = { (time_t)(tick - up), (long)((tick - up - (time_t)(tick - up)) * 1e9) };
    nanosleep(&wait, NULL);
    l = read_loadavg();
    sysinfo(&si);
    printf("spinning: runnable %d threads %d last-is-a-spinner %d sysinfo procs %d\n", l.runnable, l.threads, l.last == last_tid, si.procs);
    int one = l.whole[0] * 100 + l.hundredths[0], five = l.whole[1] * 100 + l.hundredths[1], fifteen = l.whole[2] * 100 + l.hundredths[2];
    printf("averages risen %d, below 4 %d, 1 min > 5 min > 15 min %d, sysinfo agrees %d\n", one > 0, one <= 400, one > five && five > fifteen, same_as_sysinfo(&l));
    stop = 1;
    for (int i = 0; i < 3; i++) pthread_join(spinners[i], NULL);

    pid_t child = fork();
    if (child == 0) _exit(0);
    l = read_loadavg();
    printf("forked: last-is-child %d\n", l.last == child);
    waitpid(child, NULL, 0);
    l = read_loadavg();
    printf("reaped: threads %d runnable %d\n", l.threads, l.runnable);
    return 0;
}
