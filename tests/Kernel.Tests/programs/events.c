/* epoll over a pipe and an eventfd, socketpair traffic between processes, memfd_create + mmap. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2];
    pipe(p);
    int ev = eventfd(0, EFD_NONBLOCK);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event e = { .events = EPOLLIN, .data.u64 = 11 };
    printf("ctl pipe=%d\n", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
    e.data.u64 = 22;
    printf("ctl eventfd=%d\n", epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e));
    printf("ctl again: %s\n", epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e) ? strerror(errno) : "ok");
    struct epoll_event out[4];
    printf("nothing ready=%d\n", epoll_wait(ep, out, 4, 0));
    uint64_t one = 5;
    write(ev, &one, 8);
    int n = epoll_wait(ep, out, 4, 1000);
    printf("ready=%d data=%llu in=%d\n", n, (unsigned long long)out[0].data.u64, (out[0].events & EPOLLIN) != 0);
    uint64_t got;
    printf("eventfd read=%zd value=%llu\n", read(ev, &got, 8), (unsigned long long)got);
    printf("eventfd empty: %s\n", read(ev, &got, 8) < 0 ? strerror(errno) : "data");

    pid_t c = fork();
    if (c == 0) { usleep(20000); write(p[1], "wake", 4); _exit(0); }
    n = epoll_wait(ep, out, 4, 5000);
    printf("pipe ready=%d data=%llu\n", n, (unsigned long long)out[0].data.u64);
    char buf[16] = { 0 };
    read(p[0], buf, sizeof buf - 1);
    printf("read '%s'\n", buf);
    waitpid(c, NULL, 0);

    int sv[2];
    printf("socketpair=%d\n", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    c = fork();
    if (c == 0)
    {
        close(sv[0]);
        char in[32] = { 0 };
        ssize_t r = read(sv[1], in, sizeof in - 1);
        for (ssize_t i = 0; i < r; i++) in[i] = (char)(in[i] - 32);
        write(sv[1], in, r);
        _exit(0);
    }
    close(sv[1]);
    send(sv[0], "ping", 4, 0);
    memset(buf, 0, sizeof buf);
    printf("recv=%zd '%s'\n", recv(sv[0], buf, sizeof buf - 1, 0), buf);
    waitpid(c, NULL, 0);
    printf("recv after peer exit=%zd\n", read(sv[0], buf, sizeof buf));

    int m = memfd_create("scratch", MFD_CLOEXEC);
    ftruncate(m, 8192);
    char *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, m, 0);
    strcpy(map + 4096, "through the mapping");
    memset(buf, 0, sizeof buf);
    pread(m, buf, 7, 4096);
    printf("memfd pread after msync: '%s'\n", msync(map, 8192, MS_SYNC) == 0 ? buf : "msync failed");
    return 0;
}
