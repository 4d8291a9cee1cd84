/* Edge-triggered epoll (as the Go netpoller uses it): an edge is reported once, again only after a change. */
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>

static int wait0(int ep, const char *what)
{
    struct epoll_event out[4];
    int n = epoll_wait(ep, out, 4, 0);
    printf("%s: %d", what, n);
    for (int i = 0; i < n; i++)
        printf(" [data=%llu in=%d out=%d hup=%d]", (unsigned long long)out[i].data.u64, (out[i].events & EPOLLIN) != 0,
               (out[i].events & EPOLLOUT) != 0, (out[i].events & EPOLLHUP) != 0);
    printf("\n");
    return n;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2];
    pipe(p);
    int ep = epoll_create1(0);
    struct epoll_event e = { .events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.u64 = 1 };
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e);
    wait0(ep, "empty");
    write(p[1], "ab", 2);
    wait0(ep, "after write");
    wait0(ep, "no new edge");
    write(p[1], "cd", 2);
    wait0(ep, "second write");
    char buf[8];
    printf("read %zd\n", read(p[0], buf, sizeof buf));
    wait0(ep, "drained");
    close(p[1]);
    wait0(ep, "writer closed");
    wait0(ep, "hang-up reported once");

    /* Level-triggered for comparison: reported every time. */
    int q[2];
    pipe(q);
    struct epoll_event l = { .events = EPOLLIN, .data.u64 = 2 };
    epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &l);
    write(q[1], "x", 1);
    wait0(ep, "level");
    wait0(ep, "level again");

    /* EPOLL_CTL_MOD re-arms an edge-triggered entry. */
    e.events = EPOLLOUT | EPOLLET;
    e.data.u64 = 3;
    epoll_ctl(ep, EPOLL_CTL_ADD, q[1], &e);
    epoll_ctl(ep, EPOLL_CTL_DEL, q[0], NULL);
    wait0(ep, "writable edge");
    wait0(ep, "writable no edge");
    epoll_ctl(ep, EPOLL_CTL_MOD, q[1], &e);
    wait0(ep, "after mod");
    return 0;
}
