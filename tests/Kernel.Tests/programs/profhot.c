// Known hot functions for --profile and --perf-map: `hot` spends about 90% of its instructions in hot_loop and
// 10% in warm_loop (the same loop, a tenth of the iterations); `libc` spends nearly all of them in libc's strlen.
// `threads` runs hot_loop on several threads. The result is printed so nothing is optimised away.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static long hot_loop(long n)
{
    volatile long s = 0;
    for (long i = 0; i < n; i++) s += i ^ (s >> 3);
    return s;
}

__attribute__((noinline)) static long warm_loop(long n)
{
    volatile long s = 0;
    for (long i = 0; i < n; i++) s += i ^ (s >> 5);
    return s;
}

static char text[1 << 16];
// Called through a pointer the compiler cannot see through, so it is libc's strlen that runs.
static size_t (*volatile length)(const char *) = strlen;

static void *worker(void *arg)
{
    return (void *)hot_loop((long)arg);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "hot";
    long n = argc > 2 ? atol(argv[2]) : 3000000;
    long r = 0;
    if (strcmp(mode, "hot") == 0) {
        for (int round = 0; round < 10; round++) {
            r += hot_loop(n / 10);
            r += warm_loop(n / 100);
        }
    } else if (strcmp(mode, "libc") == 0) {
        for (long i = 0; i < (long)sizeof text - 1; i++) text[i] = (char)('a' + i % 26);
        for (long i = 0; i < n / 20000; i++) r += length(text + i % 8);
    } else if (strcmp(mode, "threads") == 0) {
        pthread_t t[4];
        for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, (void *)(n / 4));
        for (int i = 0; i < 4; i++) { void *v; pthread_join(t[i], &v); r += (long)v; }
    } else {
        return 2;
    }
    printf("%ld\n", r);
    return 0;
}
