/* SCM_RIGHTS over host AF_UNIX sockets (bound to a path, so they are the host's): a pipe end, an eventfd, a regular
   file and a socket passed between processes and to oneself (one open file description: status flags and offset
   shared), MSG_CMSG_CLOEXEC, a datagram socket, the checks of sendmsg, and
   descriptors passed to and from a host program (python3): it reads the file it was given and sends back the read
   end of its own pipe. Prints facts. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerrorname_np(errno) : "ok"; }

static char dir[64];

static int send_fds(int sock, const char *data, const int *fds, int count)
{
    char control[CMSG_SPACE(sizeof(int) * 8)];
    memset(control, 0, sizeof control);
    struct iovec iov = { (void *)data, strlen(data) };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
    if (count > 0)
    {
        m.msg_control = control;
        m.msg_controllen = CMSG_SPACE(sizeof(int) * count);
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * count);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * count);
    }
    return sendmsg(sock, &m, 0);
}

/* Receives up to 64 bytes and the descriptors; returns how many descriptors (-1: error), flags in *flags. */
static int recv_fds(int sock, char *data, int *fds, size_t room, int recvflags, int *flags)
{
    char control[CMSG_SPACE(sizeof(int) * 8)];
    struct iovec iov = { data, 63 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = room };
    ssize_t n = recvmsg(sock, &m, recvflags);
    if (n < 0) return -1;
    data[n] = 0;
    *flags = m.msg_flags;
    int count = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
        {
            int k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            memcpy(fds + count, CMSG_DATA(c), sizeof(int) * k);
            count += k;
        }
    return count;
}

/* A connected pair of host sockets of <type> through a listener (stream) or two bound names (datagram). */
static void host_pair(int type, int sv[2], const char *name)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX }, b = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "%s/%s-a", dir, name);
    snprintf(b.sun_path, sizeof b.sun_path, "%s/%s-b", dir, name);
    int s = socket(AF_UNIX, type, 0);
    bind(s, (struct sockaddr *)&a, sizeof a);
    if (type == SOCK_STREAM)
    {
        listen(s, 1);
        sv[0] = socket(AF_UNIX, type, 0);
        connect(sv[0], (struct sockaddr *)&a, sizeof a);
        sv[1] = accept(s, NULL, NULL);
        close(s);
    }
    else
    {
        sv[1] = s;
        sv[0] = socket(AF_UNIX, type, 0);
        bind(sv[0], (struct sockaddr *)&b, sizeof b);
        connect(sv[0], (struct sockaddr *)&a, sizeof a);
        connect(sv[1], (struct sockaddr *)&b, sizeof b);
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    snprintf(dir, sizeof dir, "/tmp/rvjit-scmhost-XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char path[128];
    snprintf(path, sizeof path, "%s/file", dir);
    int file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    write(file, "0123456789", 10);

    int sv[2];
    host_pair(SOCK_STREAM, sv, "stream");
    int p[2];
    pipe(p);
    int ev = eventfd(0, 0);
    char data[64];
    int got[16], flags;

    /* To oneself: the received descriptors are the same descriptions. */
    int mine[3] = { p[1], ev, file };
    printf("send 3: %s\n", err(send_fds(sv[0], "x", mine, 3)));
    int n = recv_fds(sv[1], data, got, sizeof(char[CMSG_SPACE(sizeof(int) * 8)]), 0, &flags);
    printf("received %d with \"%s\" flags 0x%x cloexec %d\n", n, data, flags, (fcntl(got[0], F_GETFD) & FD_CLOEXEC) != 0);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    printf("pipe end shares O_NONBLOCK: %d\n", (fcntl(got[0], F_GETFL) & O_NONBLOCK) != 0);
    write(got[0], "via-pipe", 8);
    printf("pipe: %.*s\n", (int)read(p[0], data, 8), data);
    eventfd_write(got[1], 5);
    eventfd_t value = 0;
    eventfd_read(ev, &value);
    printf("eventfd: %llu\n", (unsigned long long)value);
    lseek(file, 3, SEEK_SET);
    char buf[16] = { 0 };
    read(got[2], buf, 3);
    printf("file offset shared: %s then at %ld\n", buf, (long)lseek(file, 0, SEEK_CUR));
    for (int i = 0; i < n; i++) close(got[i]);

    /* To another process: it writes through what it got, and the descriptions close with the last holder. */
    pid_t child = fork();
    if (child == 0)
    {
        int fds[16], f;
        char d[64];
        int k = recv_fds(sv[1], d, fds, sizeof(char[CMSG_SPACE(sizeof(int) * 8)]), MSG_CMSG_CLOEXEC, &f);
        dprintf(fds[0], "child:%d:%s", k, d);
        eventfd_write(fds[1], 7);
        char c4[4] = { 0 };
        read(fds[2], c4, 3);
        dprintf(fds[0], ":%s:%d", c4, (fcntl(fds[0], F_GETFD) & FD_CLOEXEC) != 0);
        _exit(0);
    }
    fcntl(p[1], F_SETFL, 0);
    printf("send to child: %s\n", err(send_fds(sv[0], "y", mine, 3)));
    close(p[1]);
    waitpid(child, NULL, 0);
    char all[64] = { 0 };
    int total = 0, r;
    while ((r = read(p[0], all + total, sizeof all - 1 - total)) > 0) total += r;
    printf("child wrote \"%s\", then EOF %d\n", all, r == 0);
    eventfd_read(ev, &value);
    printf("eventfd: %llu\n", (unsigned long long)value);
    close(p[0]);

    /* sendmsg's checks: a closed descriptor, a bad length. */
    int bad = 99;
    printf("send closed fd: %s\n", err(send_fds(sv[0], "b", &bad, 1)));
    printf("nothing was sent: %s\n", err(recv(sv[1], data, 1, MSG_DONTWAIT)));

    /* A datagram socket. */
    int dg[2];
    host_pair(SOCK_DGRAM, dg, "dgram");
    printf("datagram send: %s\n", err(send_fds(dg[0], "dgram", &file, 1)));
    n = recv_fds(dg[1], data, got, sizeof(char[CMSG_SPACE(sizeof(int) * 8)]), 0, &flags);
    printf("datagram: %d fds with \"%s\"\n", n, data);
    lseek(file, 0, SEEK_SET);
    memset(buf, 0, sizeof buf);
    read(got[0], buf, 4);
    printf("read through it: %s\n", buf);
    close(got[0]);

    /* A host program: python3 connects, reads the file it gets and answers with it and its own pipe's read end
       (it inherits only stdio, so it connects by the socket's name). */
    struct sockaddr_un la = { .sun_family = AF_UNIX };
    snprintf(la.sun_path, sizeof la.sun_path, "%s/host-l", dir);
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(listener, (struct sockaddr *)&la, sizeof la);
    listen(listener, 1);
    child = fork();
    if (child == 0)
    {
        const char *script =
            "import os, socket, sys\n"
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
            "s.connect(sys.argv[1])\n"
            "msg, fds, flags, addr = socket.recv_fds(s, 16, 4)\n"
            "os.lseek(fds[0], 0, 0)\n"
            "text = os.read(fds[0], 10)\n"
            "r, w = os.pipe()\n"
            "os.write(w, b'from-host')\n"
            "os.close(w)\n"
            "socket.send_fds(s, [b'got:' + msg + b':' + text], [r])\n";
        execl("/usr/bin/python3", "python3", "-c", script, la.sun_path, (char *)NULL);
        _exit(127);
    }
    int hs[1];
    hs[0] = accept(listener, NULL, NULL);
    close(listener);
    printf("send to host program: %s\n", err(send_fds(hs[0], "file", &file, 1)));
    n = recv_fds(hs[0], data, got, sizeof(char[CMSG_SPACE(sizeof(int) * 8)]), 0, &flags);
    printf("host program answered \"%s\" with %d fd\n", data, n);
    if (n == 1)
    {
        memset(buf, 0, sizeof buf);
        read(got[0], buf, 9);
        printf("its pipe: %s\n", buf);
    }
    int status;
    waitpid(child, &status, 0);
    printf("host program exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

    char command[128];
    snprintf(command, sizeof command, "rm -r %s", dir);
    return system(command) == 0 ? 0 : 1;
}
