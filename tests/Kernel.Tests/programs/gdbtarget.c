/* A program for the gdb stub's tests: a hot loop (its code is translated long before the breakpoint set at
 * `marker` lets gdb put one into it), a second thread, and with argument "fault" a SIGSEGV. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

int __attribute__((noinline)) square(int x) { return x * x; }

void __attribute__((noinline)) marker(int phase) { __asm__ volatile("" ::"r"(phase) : "memory"); }

static volatile int worker_value;

static void *worker(void *arg)
{
    worker_value = square((int)(long)arg);
    marker(2);
    return NULL;
}

int main(int argc, char **argv)
{
    long total = 0;
    for (int i = 0; i < 200000; i++) total += square(i & 1023);
    marker(1);
    for (int i = 0; i < 10; i++) total += square(i + 7);
    pthread_t t;
    pthread_create(&t, NULL, worker, (void *)12L);
    pthread_join(t, NULL);
    volatile int *volatile bad = (volatile int *)16;
    if (argc > 1 && strcmp(argv[1], "fault") == 0) *bad = 1;
    printf("total=%ld worker=%d\n", total, worker_value);
    return 3;
}
