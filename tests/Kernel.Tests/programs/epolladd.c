// epoll_wait in one thread while another adds a descriptor and makes it ready (the Go netpoller's pattern: its
// poller blocks in epoll_pwait while other threads register new pipes): the waiter must see the new descriptor.
#include <pthread.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

static int ep, fds[2];

static void *adder(void *arg)
{
    (void)arg;
    struct timespec pause = {0, 50 * 1000 * 1000};
    nanosleep(&pause, 0); // the main thread is in epoll_wait by then
    if (pipe(fds) != 0) { perror("pipe"); return 0; }
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 42};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev) != 0) perror("epoll_ctl");
    if (write(fds[1], "x", 1) != 1) perror("write");
    return 0;
}

int main(void)
{
    ep = epoll_create1(0);
    pthread_t t;
    pthread_create(&t, 0, adder, 0);
    struct epoll_event got[4];
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int n = epoll_wait(ep, got, 4, 20000);
    clock_gettime(CLOCK_MONOTONIC, &end);
    // Woken by the new descriptor after ~50 ms, not by the 20 s timeout (generous: a loaded machine is slow).
    printf("epoll_wait: %d event(s), before the timeout %d", n, end.tv_sec - start.tv_sec < 10);
    if (n > 0) printf(", data %llu, EPOLLIN %d", (unsigned long long)got[0].data.u64, (got[0].events & EPOLLIN) != 0);
    printf("\n");
    pthread_join(t, 0);
    return n == 1 ? 0 : 1;
}
