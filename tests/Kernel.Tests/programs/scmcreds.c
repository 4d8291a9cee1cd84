/* SCM_CREDENTIALS over AF_UNIX sockets bound to a path and used across processes (not a socketpair): a stream
   connection and a datagram socket that receives from sendto and from a connected socket. With SO_PASSCRED each
   message names the process that sent it (a forked client's pid to the server, the server's to the client), or the
   credentials the sender gave itself; those are checked as Linux checks them (a wrong cmsg length or uid -1:
   EINVAL; another pid: EPERM unless privileged; a pid nobody has: ESRCH), and a stream read stops where the
   credentials change. Without SO_PASSCRED no credentials come. Prints facts, never pids. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(long r) { return r < 0 ? strerrorname_np(errno) : "ok"; }

/* Sends data with explicit credentials (creds non-null; len overrides the cmsg length when non-zero). */
static long send_creds(int sock, const char *data, const struct ucred *creds, size_t len)
{
    union { struct cmsghdr align; char space[CMSG_SPACE(sizeof(struct ucred))]; } control;
    memset(&control, 0, sizeof control);
    struct iovec iov = { (void *)data, strlen(data) };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
    if (creds)
    {
        m.msg_control = &control;
        m.msg_controllen = sizeof control;
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_CREDENTIALS;
        c->cmsg_len = len ? len : CMSG_LEN(sizeof(struct ucred));
        memcpy(CMSG_DATA(c), creds, sizeof *creds);
    }
    return sendmsg(sock, &m, 0);
}

/* Receives up to room bytes; the credentials that came into *cr (pid -1: none). Returns the byte count. */
static long recv_creds(int sock, char *data, size_t room, struct ucred *cr)
{
    union { struct cmsghdr align; char space[CMSG_SPACE(sizeof(struct ucred))]; } control;
    struct iovec iov = { data, room };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof control };
    long n = recvmsg(sock, &m, 0);
    cr->pid = -1;
    if (n < 0) return n;
    data[n] = 0;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) memcpy(cr, CMSG_DATA(c), sizeof *cr);
    return n;
}

/* The server's lines wait until the client has printed its own and exited, so that the output's order is fixed. */
static char report[4096];
static size_t reported;
#define SAY(...) (reported += snprintf(report + reported, sizeof report - reported, __VA_ARGS__))

static void wait_byte(int fd) { char b; if (read(fd, &b, 1) != 1) _exit(3); }
static void give_byte(int fd) { if (write(fd, "x", 1) != 1) _exit(3); }

static int option(int fd, int name)
{
    int v = -1;
    socklen_t l = sizeof v;
    return getsockopt(fd, SOL_SOCKET, name, &v, &l) == 0 ? v : -errno;
}

/* A datagram socket bound to a path receives from a forked child: sendto the path, a connected socket, explicit
   credentials. The server's lines are printed after the child's. */
static void datagrams(const char *dir)
{
    reported = 0;
    report[0] = 0;
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "%s/d", dir);
    int server_sock = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (bind(server_sock, (struct sockaddr *)&a, sizeof a) != 0) { perror("bind dgram"); return; }
    int go[2];
    if (pipe(go) != 0) return;
    pid_t server = getpid();
    uid_t uid = getuid();
    gid_t gid = getgid();
    pid_t child = fork();
    if (child == 0)
    {
        int s = socket(AF_UNIX, SOCK_DGRAM, 0);
        printf("dgram client: sendto before passcred %s\n", err(sendto(s, "d0", 2, 0, (struct sockaddr *)&a, sizeof a)));
        wait_byte(go[0]);
        printf("dgram client: sendto %s\n", err(sendto(s, "d1", 2, 0, (struct sockaddr *)&a, sizeof a)));
        int connected = socket(AF_UNIX, SOCK_DGRAM, 0);
        printf("dgram client: connect %s send %s\n", err(connect(connected, (struct sockaddr *)&a, sizeof a)), err(send(connected, "d2", 2, 0)));
        struct ucred other = { server, uid, gid };
        long r = send_creds(connected, "d3", &other, 0);
        printf("dgram client: the server's pid %s\n", r < 0 ? (errno == EPERM ? "EPERM" : err(r)) : (uid == 0 ? "ok" : "ok without privilege"));
        if (r < 0) send(connected, "d3", 2, 0);
        _exit(0);
    }
    char buf[64];
    struct ucred cr;
    SAY("dgram server: passcred %d\n", option(server_sock, SO_PASSCRED));
    long n = recv_creds(server_sock, buf, sizeof buf - 1, &cr);
    SAY("dgram server: got '%s' (%ld) credentials %d\n", buf, n, cr.pid != -1);
    int one = 1;
    setsockopt(server_sock, SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    SAY("dgram server: passcred %d\n", option(server_sock, SO_PASSCRED));
    give_byte(go[1]);
    for (int i = 0; i < 3; i++)
    {
        n = recv_creds(server_sock, buf, sizeof buf - 1, &cr);
        SAY("dgram server: got '%s' (%ld) from the client %d the server %d uid %d gid %d\n", buf, n, cr.pid == child, cr.pid == server,
            cr.uid == uid, cr.gid == gid);
    }
    int status;
    waitpid(child, &status, 0);
    SAY("dgram client exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    fputs(report, stdout);
    close(server_sock);
    unlink(a.sun_path);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/rvjit-scmcreds-XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "%s/s", dir);
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    if (bind(listener, (struct sockaddr *)&a, sizeof a) != 0 || listen(listener, 4) != 0) { perror("bind"); return 1; }
    int go[2], done[2];
    if (pipe(go) != 0 || pipe(done) != 0) return 1;
    pid_t server = getpid();
    uid_t uid = getuid();
    gid_t gid = getgid();
    pid_t child = fork();
    if (child == 0)
    {
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) _exit(2);
        int one = 1;
        setsockopt(s, SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
        wait_byte(go[0]); /* the server has set SO_PASSCRED on its end */
        printf("client: plain send %s\n", err(send_creds(s, "plain", NULL, 0)));
        wait_byte(go[0]);
        struct ucred own = { getpid(), uid, gid };
        printf("client: own credentials %s\n", err(send_creds(s, "own", &own, 0)));
        wait_byte(go[0]);
        struct ucred other = { server, uid, gid };
        long r = send_creds(s, "other", &other, 0);
        printf("client: the server's pid %s\n", r < 0 ? (errno == EPERM ? "EPERM" : err(r)) : (uid == 0 ? "ok" : "ok without privilege"));
        if (r < 0) send_creds(s, "other", NULL, 0); /* the server reads one message either way */
        wait_byte(go[0]);
        struct ucred nobody = { 0x3ffffff0, uid, gid };
        printf("client: a pid nobody has %s\n", err(send_creds(s, "x", &nobody, 0)));
        struct ucred bad_uid = { getpid(), (uid_t)-1, gid };
        printf("client: uid -1 %s\n", err(send_creds(s, "x", &bad_uid, 0)));
        struct ucred bad_gid = { getpid(), uid, (gid_t)-1 };
        printf("client: gid -1 %s\n", err(send_creds(s, "x", &bad_gid, 0)));
        printf("client: cmsg_len short %s\n", err(send_creds(s, "x", &own, CMSG_LEN(sizeof(struct ucred)) - 4)));
        /* Two sends with different credentials: a read stops between them (with privilege; else both are the client's). */
        send_creds(s, "aa", NULL, 0);
        if (send_creds(s, "bb", &other, 0) < 0) send_creds(s, "bb", NULL, 0);
        give_byte(done[1]);
        char buf[64];
        struct ucred cr;
        long n = recv_creds(s, buf, sizeof buf - 1, &cr);
        printf("client: got '%s' (%ld) from the server %d uid %d gid %d\n", n > 0 ? buf : "", n, cr.pid == server, cr.uid == uid, cr.gid == gid);
        _exit(0);
    }
    int s = accept(listener, NULL, NULL);
    int one = 1;
    SAY("server: passcred %s\n", err(setsockopt(s, SOL_SOCKET, SO_PASSCRED, &one, sizeof one)));
    char buf[64];
    struct ucred cr;
    give_byte(go[1]);
    long n = recv_creds(s, buf, sizeof buf - 1, &cr);
    SAY("server: got '%s' (%ld) from the client %d uid %d gid %d\n", buf, n, cr.pid == child, cr.uid == uid, cr.gid == gid);
    give_byte(go[1]);
    n = recv_creds(s, buf, sizeof buf - 1, &cr);
    SAY("server: got '%s' (%ld) from the client %d uid %d gid %d\n", buf, n, cr.pid == child, cr.uid == uid, cr.gid == gid);
    give_byte(go[1]);
    n = recv_creds(s, buf, sizeof buf - 1, &cr);
    SAY("server: got '%s' (%ld) naming the server %d the client %d\n", buf, n, cr.pid == server, cr.pid == child);
    give_byte(go[1]);
    wait_byte(done[0]);
    n = recv_creds(s, buf, sizeof buf - 1, &cr);
    SAY("server: first read '%s' (%ld) naming the client %d\n", buf, n, cr.pid == child);
    n = recv_creds(s, buf, sizeof buf - 1, &cr);
    SAY("server: second read '%s' (%ld) naming the server %d the client %d\n", buf, n, cr.pid == server, cr.pid == child);
    SAY("server: reply %s\n", err(send_creds(s, "reply", NULL, 0)));
    int status;
    waitpid(child, &status, 0);
    SAY("client exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    fputs(report, stdout);
    unlink(a.sun_path);
    datagrams(dir);
    rmdir(dir);
    return 0;
}
