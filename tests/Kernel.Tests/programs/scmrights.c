// SCM_RIGHTS over a socket pair: descriptors received as new ones (MSG_CMSG_CLOEXEC), MSG_CTRUNC closing the
// ones that do not fit, message boundaries of descriptor-carrying writes, passing between processes, errors.
// qemu-user receives into a larger host buffer and keeps the descriptors that do not fit open, and sends
// malformed control messages as if they were not there, so those cases run only with the argument "linux"
// (checked against Linux's output, scmrights.expected).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    if (r < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else printf("%s: %ld\n", what, r);
}

static long send_fds(int sock, const char *data, const int *fds, int count)
{
    char control[CMSG_SPACE(sizeof(int) * 300)];
    memset(control, 0, sizeof control);
    struct iovec iov = {.iov_base = (void *)data, .iov_len = strlen(data)};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
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

// Receives into buf; prints the byte count, flags, control length and the descriptors' count; returns the first.
static int receive(const char *what, int sock, char *buf, size_t size, size_t controllen, int flags, int *all)
{
    char control[CMSG_SPACE(sizeof(int) * 8)];
    struct iovec iov = {.iov_base = buf, .iov_len = size};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = controllen ? control : NULL, .msg_controllen = controllen};
    long n = recvmsg(sock, &m, flags);
    if (n < 0) { show(what, n); return -1; }
    buf[n] = 0;
    int count = 0, first = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
    {
        printf("  cmsg level %d type %d len %zu\n", c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len);
        count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (int i = 0; i < count; i++)
        {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
            if (i == 0) first = fd;
            if (all) all[i] = fd;
        }
    }
    printf("%s: %ld \"%s\" ctrunc %d controllen %zu fds %d\n", what, n, buf, (m.msg_flags & MSG_CTRUNC) != 0, (size_t)m.msg_controllen, count);
    return first;
}

int main(int argc, char **argv)
{
    int linux_only = argc > 1 && strcmp(argv[1], "linux") == 0;
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    char buf[64];

    // One pipe's read end passed; the received descriptor is a new one for the same pipe.
    int p[2];
    pipe(p);
    show("send", send_fds(sv[0], "x", &p[0], 1));
    int got = receive("recv", sv[1], buf, sizeof buf, CMSG_SPACE(sizeof(int) * 2), 0, NULL);
    printf("new descriptor %d, cloexec %d\n", got > 2 && got != p[0], (fcntl(got, F_GETFD) & FD_CLOEXEC) != 0);
    write(p[1], "hello", 5);
    show("read through received", read(got, buf, sizeof buf));
    close(got);

    show("send", send_fds(sv[0], "y", &p[0], 1));
    got = receive("recv cloexec", sv[1], buf, sizeof buf, CMSG_SPACE(sizeof(int)), MSG_CMSG_CLOEXEC, NULL);
    printf("cloexec %d\n", (fcntl(got, F_GETFD) & FD_CLOEXEC) != 0);
    close(got);

    if (linux_only)
    {
        // Three write ends, room for one: the other two are closed (their pipes see end of file).
        int a[2], b[2], c[2];
        pipe(a); pipe(b); pipe(c);
        int ws[3] = {a[1], b[1], c[1]};
        show("send three", send_fds(sv[0], "z", ws, 3));
        close(a[1]); close(b[1]); close(c[1]);
        got = receive("recv room for one", sv[1], buf, sizeof buf, CMSG_LEN(sizeof(int)), 0, NULL);
        fcntl(a[0], F_SETFL, O_NONBLOCK);
        show("first still open", read(a[0], buf, sizeof buf));
        show("second closed", read(b[0], buf, sizeof buf));
        show("third closed", read(c[0], buf, sizeof buf));
        close(got);
        show("first closed now", read(a[0], buf, sizeof buf));

        // No control buffer at all.
        pipe(a);
        show("send", send_fds(sv[0], "w", &a[1], 1));
        close(a[1]);
        receive("recv no control", sv[1], buf, sizeof buf, 0, 0, NULL);
        show("closed", read(a[0], buf, sizeof buf));
        close(a[0]);

        // A plain read drops the descriptors too.
        pipe(a);
        show("send", send_fds(sv[0], "v", &a[1], 1));
        close(a[1]);
        show("plain read", read(sv[1], buf, sizeof buf));
        show("closed", read(a[0], buf, sizeof buf));
        close(a[0]);
    }

    // Bytes before a descriptor-carrying write are read with it; the read ends with that write.
    show("send plain", send_fds(sv[0], "ab", NULL, 0));
    show("send with fd", send_fds(sv[0], "cd", &p[0], 1));
    show("send plain", send_fds(sv[0], "ef", NULL, 0));
    got = receive("recv glued", sv[1], buf, sizeof buf, CMSG_SPACE(sizeof(int)), 0, NULL);
    close(got);
    receive("recv rest", sv[1], buf, sizeof buf, CMSG_SPACE(sizeof(int)), 0, NULL);
    // A short read takes the descriptors with the first part.
    show("send with fd", send_fds(sv[0], "ghij", &p[0], 1));
    got = receive("recv part", sv[1], buf, 2, CMSG_SPACE(sizeof(int)), 0, NULL);
    close(got);
    receive("recv other part", sv[1], buf, sizeof buf, CMSG_SPACE(sizeof(int)), 0, NULL);

    // Between processes: the child passes a pipe it filled.
    pid_t child = fork();
    if (child == 0)
    {
        int q[2];
        pipe(q);
        write(q[1], "from child", 10);
        close(q[1]);
        send_fds(sv[1], "c", &q[0], 1);
        _exit(0);
    }
    got = receive("recv from child", sv[0], buf, sizeof buf, CMSG_SPACE(sizeof(int)), 0, NULL);
    int status;
    waitpid(child, &status, 0);
    long n = read(got, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("child's pipe: %ld \"%s\"\n", n, buf);
    close(got);

    // Errors.
    int bad = 900;
    show("bad descriptor", send_fds(sv[0], "e", &bad, 1));
    int many[254];
    for (int i = 0; i < 254; i++) many[i] = p[0];
    show("254 descriptors", send_fds(sv[0], "e", many, 254));
    if (linux_only)
    {
        show("253 descriptors", send_fds(sv[0], "e", many, 253));
        int all[8];
        receive("recv 253 with room for 8", sv[1], buf, sizeof buf, CMSG_SPACE(sizeof(int) * 8), 0, all);
        for (int i = 0; i < 8; i++) close(all[i]);
    }
    {
        char control[CMSG_SPACE(sizeof(int))];
        struct iovec iov = {.iov_base = "e", .iov_len = 1};
        struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
        struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        if (linux_only)
        {
            cm->cmsg_len = sizeof control + 8;
            show("cmsg_len past the buffer", sendmsg(sv[0], &m, 0));
            cm->cmsg_len = 8;
            show("cmsg_len below the header", sendmsg(sv[0], &m, 0));
        }
        cm->cmsg_len = CMSG_LEN(sizeof(int));
        cm->cmsg_type = 99;
        show("unknown type", sendmsg(sv[0], &m, 0));
        cm->cmsg_level = 6; // SOL_TCP: ignored
        show("other level", sendmsg(sv[0], &m, 0));
        m.msg_controllen = 8;
        show("control shorter than a header", sendmsg(sv[0], &m, 0));
    }
    receive("recv", sv[1], buf, sizeof buf, CMSG_SPACE(sizeof(int)), 0, NULL);
    return 0;
}
