/* A thread that loops on system calls that never block must not starve the others (Go's netpoller and
   sched_yield-free spin loops): the main thread spins on getppid() until a second thread sets a flag. */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int flag;

static void *setter(void *arg)
{
    (void)arg;
    flag = 1;
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, setter, NULL);
    long calls = 0;
    while (!flag) { syscall(SYS_getppid); calls++; }
    pthread_join(t, NULL);
    printf("flag seen after some calls: %d\n", calls >= 0);
    /* Two threads each waiting for the other's turn, both through syscalls. */
    return 0;
}
