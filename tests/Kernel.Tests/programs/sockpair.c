/* socketpair's three types as Linux keeps them: datagram and seqpacket boundaries (MSG_TRUNC), shutdown in each
 * direction, EPIPE and SIGPIPE after the peer closes, the socket options a pair answers (SO_TYPE, SO_DOMAIN,
 * SO_PROTOCOL, SO_PEERCRED naming the process that made the pair, even in a forked child), SO_PASSCRED and the
 * SCM_CREDENTIALS that then come with each message (naming a forked child for the child's), and SCM_RIGHTS over a
 * datagram pair. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t sigpipes;
static void on_sigpipe(int s) { (void)s; sigpipes++; }

static int option(int fd, int name)
{
    int v = -1;
    socklen_t l = sizeof v;
    return getsockopt(fd, SOL_SOCKET, name, &v, &l) == 0 ? v : -errno;
}

static void boundaries(int type, const char *name)
{
    int sv[2];
    char buf[16];
    if (socketpair(AF_UNIX, type, 0, sv) != 0) { printf("%s: socketpair errno %d\n", name, errno); return; }
    write(sv[0], "ab", 2);
    write(sv[0], "cdefgh", 6);
    ssize_t first = read(sv[1], buf, sizeof buf);
    struct iovec iov = { buf, 3 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
    ssize_t second = recvmsg(sv[1], &m, MSG_DONTWAIT); /* a stream has nothing left */
    printf("%s: reads %zd %zd truncated=%d type=%d domain=%d protocol=%d\n", name, first, second,
           (m.msg_flags & MSG_TRUNC) != 0, option(sv[0], SO_TYPE), option(sv[0], SO_DOMAIN), option(sv[0], SO_PROTOCOL));
    close(sv[0]);
    close(sv[1]);
}

static void shutdowns(void)
{
    int sv[2];
    char buf[8];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    write(sv[0], "x", 1);
    printf("shutdown wr: %d\n", shutdown(sv[0], SHUT_WR));
    ssize_t a = read(sv[1], buf, sizeof buf), b = read(sv[1], buf, sizeof buf);
    errno = 0;
    ssize_t c = write(sv[0], "y", 1);
    printf("after shut_wr: read %zd then %zd, write %zd errno %d sigpipes %d\n", a, b, c, errno, (int)sigpipes);
    printf("shutdown rd: %d, read %zd\n", shutdown(sv[1], SHUT_RD), read(sv[1], buf, sizeof buf));
    printf("shutdown bad how: %d errno %d\n", shutdown(sv[1], 7), errno);
    close(sv[0]);
    close(sv[1]);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    close(sv[1]);
    errno = 0;
    printf("peer closed: write %zd errno %d sigpipes %d\n", write(sv[0], "z", 1), errno, (int)sigpipes);
    errno = 0;
    printf("peer closed, MSG_NOSIGNAL: send %zd errno %d sigpipes %d\n", send(sv[0], "z", 1, MSG_NOSIGNAL), errno, (int)sigpipes);
    close(sv[0]);
}

static void peer_credentials(void)
{
    int sv[2];
    struct ucred cr;
    socklen_t l = sizeof cr;
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    getsockopt(sv[1], SOL_SOCKET, SO_PEERCRED, &cr, &l);
    printf("peercred: len %u pid is mine %d uid %d gid %d\n", l, cr.pid == getpid(), cr.uid == getuid(), cr.gid == getgid());
    close(sv[0]);
    close(sv[1]);
    pid_t child = fork();
    if (child == 0)
    {
        socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        l = sizeof cr;
        getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &l);
        _exit(cr.pid == getpid() ? 0 : 1);
    }
    int status;
    waitpid(child, &status, 0);
    printf("peercred in a child names the child: %d\n", WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void passed_credentials(void)
{
    int sv[2], one = 1;
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    printf("passcred: set %d get %d\n", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one), option(sv[1], SO_PASSCRED));
    send(sv[0], "hi", 2, 0);
    char buf[8];
    union { struct cmsghdr align; char space[CMSG_SPACE(sizeof(struct ucred))]; } control;
    struct iovec iov = { buf, sizeof buf };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space, .msg_controllen = sizeof control.space };
    ssize_t n = recvmsg(sv[1], &m, 0);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS)
    {
        struct ucred cr;
        memcpy(&cr, CMSG_DATA(c), sizeof cr);
        printf("credentials with %zd bytes: len %zu pid is mine %d uid %d gid %d\n", n, (size_t)c->cmsg_len,
               cr.pid == getpid(), cr.uid == getuid(), cr.gid == getgid());
    }
    else printf("no credentials with %zd bytes (controllen %zu)\n", n, (size_t)m.msg_controllen);
    /* Too little room for them: MSG_CTRUNC. */
    send(sv[0], "again", 5, 0);
    m.msg_controllen = 8;
    m.msg_flags = 0;
    n = recvmsg(sv[1], &m, 0);
    printf("small control buffer: %zd bytes, ctrunc %d\n", n, (m.msg_flags & MSG_CTRUNC) != 0);
    close(sv[0]);
    close(sv[1]);
}

/* One message's credentials: whose pid they name (-1: none came) and the bytes read. */
static pid_t received_from(int fd, ssize_t *bytes)
{
    char buf[16];
    union { struct cmsghdr align; char space[CMSG_SPACE(sizeof(struct ucred))]; } control;
    struct iovec iov = { buf, sizeof buf };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space, .msg_controllen = sizeof control.space };
    *bytes = recvmsg(fd, &m, MSG_DONTWAIT); /* all was sent before: a stream read that took too much finds nothing */
    struct cmsghdr *c = *bytes < 0 ? NULL : CMSG_FIRSTHDR(&m);
    if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_CREDENTIALS) return -1;
    struct ucred cr;
    memcpy(&cr, CMSG_DATA(c), sizeof cr);
    return cr.pid;
}

/* SCM_CREDENTIALS name the process that sent each message: a forked child's message carries the child's pid. On a
   stream, one read stops where the sender changes. */
static void credentials_of_a_child(int type, const char *name)
{
    int sv[2], one = 1;
    socketpair(AF_UNIX, type, 0, sv);
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    send(sv[0], "ab", 2, 0);
    pid_t child = fork();
    if (child == 0)
    {
        send(sv[0], "cdef", 4, 0);
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    send(sv[0], "gh", 2, 0);
    ssize_t n1, n2, n3;
    pid_t first = received_from(sv[1], &n1), second = received_from(sv[1], &n2), third = received_from(sv[1], &n3);
    printf("%s credentials: parent's %zd bytes name the parent %d, child's %zd name the child %d, then %zd name the parent %d\n",
           name, n1, first == getpid(), n2, second == child, n3, third == getpid());
    close(sv[0]);
    close(sv[1]);
}

static void passed_descriptor(void)
{
    int sv[2], p[2];
    socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
    pipe(p);
    union { struct cmsghdr align; char space[CMSG_SPACE(sizeof(int))]; } control;
    memset(&control, 0, sizeof control);
    struct iovec iov = { "fd", 2 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space, .msg_controllen = sizeof control.space };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p[1], sizeof(int));
    printf("sent with a descriptor: %zd\n", sendmsg(sv[0], &m, 0));
    close(p[1]);
    char buf[8];
    struct iovec in = { buf, sizeof buf };
    struct msghdr r = { .msg_iov = &in, .msg_iovlen = 1, .msg_control = control.space, .msg_controllen = sizeof control.space };
    ssize_t n = recvmsg(sv[1], &r, 0);
    c = CMSG_FIRSTHDR(&r);
    int fd = -1;
    if (c && c->cmsg_type == SCM_RIGHTS) memcpy(&fd, CMSG_DATA(c), sizeof fd);
    ssize_t w = fd >= 0 ? write(fd, "pipe", 4) : -1;
    ssize_t got = read(p[0], buf, sizeof buf);
    printf("received %zd bytes and a descriptor %d: wrote %zd, the pipe gave %zd\n", n, fd >= 0, w, got);
}

int main(void)
{
    signal(SIGPIPE, on_sigpipe);
    boundaries(SOCK_STREAM, "stream");
    boundaries(SOCK_DGRAM, "dgram");
    boundaries(SOCK_SEQPACKET, "seqpacket");
    shutdowns();
    peer_credentials();
    passed_credentials();
    credentials_of_a_child(SOCK_DGRAM, "dgram");
    credentials_of_a_child(SOCK_SEQPACKET, "seqpacket");
    credentials_of_a_child(SOCK_STREAM, "stream");
    passed_descriptor();
    int sv[2];
    printf("socketpair(AF_INET): %d errno %d\n", socketpair(AF_INET, SOCK_STREAM, 0, sv), errno);
    printf("socketpair(AF_UNIX, protocol 7): %d errno %d\n", socketpair(AF_UNIX, SOCK_STREAM, 7, sv), errno);
    return 0;
}
