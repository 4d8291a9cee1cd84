/* Clocks and sleeps: only relations are printed, never times. */
#include <stdio.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void)
{
    struct timespec a, b, r;
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec d = { 0, 20 * 1000 * 1000 };
    printf("nanosleep=%d\n", nanosleep(&d, NULL));
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long slept = ns(b) - ns(a);
    printf("slept at least 20ms=%d less than 2s=%d\n", slept >= 20000000, slept < 2000000000);

    clock_gettime(CLOCK_REALTIME, &a);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    time_t t = time(NULL);
    printf("realtime after 2020=%d gettimeofday close=%d time close=%d\n", a.tv_sec > 1577836800,
           tv.tv_sec - a.tv_sec <= 1 && tv.tv_sec >= a.tv_sec, t - a.tv_sec <= 1);
    printf("getres monotonic=%d realtime=%d\n", clock_getres(CLOCK_MONOTONIC, &r) == 0 && r.tv_sec == 0 && r.tv_nsec > 0,
           clock_getres(CLOCK_REALTIME, &r) == 0);
    clockid_t clocks[] = { CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
                           CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME };
    int all = 1;
    for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++) all &= clock_gettime(clocks[i], &r) == 0;
    printf("other clocks ok=%d\n", all);

    volatile double x = 0;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    for (int i = 0; i < 2000000; i++) x += i * 0.5;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    printf("cpu time advances=%d\n", ns(b) > ns(a));

    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_nsec += 10 * 1000 * 1000;
    if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
    printf("clock_nanosleep abstime=%d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL));
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("reached deadline=%d\n", ns(b) >= ns(abs));
    struct tms tm;
    printf("times ok=%d\n", times(&tm) != (clock_t)-1);
    printf("usleep=%d\n", usleep(1000));
    return 0;
}
