/* System time (ru_stime, tms_stime, wait4's rusage) as Linux keeps it: the time the kernel works for a process -
   here the page faults of fresh anonymous mappings and the mmap/munmap calls that make and drop them - counted for
   the process, its calling thread and, once reaped, its parent's children; not the time it sleeps; and counted in
   CLOCK_PROCESS_CPUTIME_ID with the user time. Prints facts with generous bounds, never times. */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long ns_of(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long us_of(struct timeval tv) { return tv.tv_sec * 1000000LL + tv.tv_usec; }

/* Kernel work until the process has used ns more CPU time: map 1 MiB, touch each page (a fault each), unmap. (CPU
   time, not wall time: on a loaded host a wall-time loop may get too little CPU to reach the bounds below.) */
static void kernel_work(long long ns)
{
    long long end = ns_of(CLOCK_PROCESS_CPUTIME_ID) + ns;
    while (ns_of(CLOCK_PROCESS_CPUTIME_ID) < end)
    {
        char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return;
        for (int i = 0; i < 1 << 20; i += 4096) p[i] = (char)i;
        munmap(p, 1 << 20);
    }
}

int main(void)
{
    struct rusage before, after, thread_before, thread_after;
    getrusage(RUSAGE_SELF, &before);
    getrusage(RUSAGE_THREAD, &thread_before);
    long long clock_before = ns_of(CLOCK_PROCESS_CPUTIME_ID);
    kernel_work(400000000);
    long long clock_after = ns_of(CLOCK_PROCESS_CPUTIME_ID);
    getrusage(RUSAGE_SELF, &after);
    getrusage(RUSAGE_THREAD, &thread_after);
    long long sys = us_of(after.ru_stime) - us_of(before.ru_stime), user = us_of(after.ru_utime) - us_of(before.ru_utime);
    printf("faulting for 400ms of CPU time: system time >= 40ms: %d\n", sys >= 40000);
    printf("the thread's system time too: %d\n", us_of(thread_after.ru_stime) - us_of(thread_before.ru_stime) >= 40000);
    /* Linux's rusage splits the scheduler's runtime by tick samples, so the sum matches the clock only roughly. */
    printf("CPU clock counts user + system: %d\n", (clock_after - clock_before) / 1000 >= (user + sys) * 8 / 10);
    struct tms t;
    times(&t);
    printf("times: system >= 4 ticks: %d\n", t.tms_stime >= 4);

    getrusage(RUSAGE_SELF, &before);
    struct timespec nap = { 0, 300000000 };
    nanosleep(&nap, NULL);
    getrusage(RUSAGE_SELF, &after);
    printf("sleeping 300ms adds under 100ms of system time: %d\n", us_of(after.ru_stime) - us_of(before.ru_stime) < 100000);

    pid_t child = fork();
    if (child == 0)
    {
        kernel_work(300000000);
        _exit(0);
    }
    int status;
    struct rusage reaped, children;
    wait4(child, &status, 0, &reaped);
    getrusage(RUSAGE_CHILDREN, &children);
    times(&t);
    printf("child faulting for 300ms of CPU time: wait4 system >= 30ms: %d, children's >= 30ms: %d, times cstime >= 3 ticks: %d\n",
           us_of(reaped.ru_stime) >= 30000, us_of(children.ru_stime) >= 30000, t.tms_cstime >= 3);
    return 0;
}
