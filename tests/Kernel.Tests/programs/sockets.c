/* Host-backed sockets: a TCP server and client on loopback (fork), an AF_UNIX stream socket at a path,
   UDP datagrams with sendto/recvfrom, sendmsg/recvmsg, non-blocking accept, getsockname, poll. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void tcp(void)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    printf("setsockopt: %d\n", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = 0 };
    printf("bind: %d listen: %d\n", bind(s, (struct sockaddr *)&a, sizeof a), listen(s, 4));
    socklen_t len = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &len);
    printf("bound to loopback: %d, port assigned: %d, len %u\n", a.sin_addr.s_addr == htonl(INADDR_LOOPBACK), ntohs(a.sin_port) != 0, len);
    int flags = fcntl(s, F_GETFL);
    fcntl(s, F_SETFL, flags | O_NONBLOCK);
    printf("accept with nobody: %s\n", accept(s, NULL, NULL) < 0 ? strerror(errno) : "connection?");
    fcntl(s, F_SETFL, flags);

    pid_t c = fork();
    if (c == 0)
    {
        int k = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(k, (struct sockaddr *)&a, sizeof a) != 0) { perror("connect"); _exit(1); }
        const char *msg = "hello over tcp";
        write(k, msg, strlen(msg));
        char reply[64] = { 0 };
        ssize_t n = read(k, reply, sizeof reply - 1);
        printf("client got %zd: %s\n", n, reply);
        close(k);
        _exit(0);
    }
    struct sockaddr_in peer;
    len = sizeof peer;
    int conn = accept(s, (struct sockaddr *)&peer, &len);
    printf("accepted: %d peer loopback: %d\n", conn >= 0, peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    struct pollfd p = { .fd = conn, .events = POLLIN };
    printf("poll: %d revents in: %d\n", poll(&p, 1, 5000), (p.revents & POLLIN) != 0);
    char buf[64] = { 0 };
    ssize_t n = recv(conn, buf, sizeof buf - 1, 0);
    printf("server got %zd: %s\n", n, buf);
    send(conn, "pong", 4, 0);
    int status;
    waitpid(c, &status, 0);
    n = read(conn, buf, sizeof buf);
    printf("after client closed: read %zd\n", n);
    close(conn);
    close(s);
}

static void unix_stream(void)
{
    unlink("sock.path");
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    strcpy(a.sun_path, "sock.path");
    printf("unix bind: %d listen: %d\n", bind(s, (struct sockaddr *)&a, sizeof a), listen(s, 1));
    printf("socket file exists: %d\n", access("sock.path", F_OK) == 0);
    pid_t c = fork();
    if (c == 0)
    {
        int k = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(k, (struct sockaddr *)&a, sizeof a) != 0) { perror("unix connect"); _exit(1); }
        char data[] = "part1|part2";
        struct iovec iov[2] = { { data, 6 }, { data + 6, 5 } };
        struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
        sendmsg(k, &m, 0);
        _exit(0);
    }
    int conn = accept(s, NULL, NULL);
    char one[4] = { 0 }, two[16] = { 0 };
    struct iovec iov[2] = { { one, 3 }, { two, 15 } };
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
    waitpid(c, NULL, 0);
    ssize_t n = recvmsg(conn, &m, 0);
    printf("recvmsg %zd: '%s' '%s'\n", n, one, two);
    close(conn);
    close(s);
    unlink("sock.path");
}

static void udp(void)
{
    int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in aa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    bind(a, (struct sockaddr *)&aa, sizeof aa);
    socklen_t len = sizeof aa;
    getsockname(a, (struct sockaddr *)&aa, &len);
    printf("sendto: %zd\n", sendto(b, "datagram", 8, 0, (struct sockaddr *)&aa, sizeof aa));
    char buf[32] = { 0 };
    struct sockaddr_in from;
    len = sizeof from;
    ssize_t n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
    printf("recvfrom %zd: %s from loopback %d len %u\n", n, buf, from.sin_addr.s_addr == htonl(INADDR_LOOPBACK), len);
    printf("nothing more: %s\n", recv(a, buf, sizeof buf, MSG_DONTWAIT) < 0 ? strerror(errno) : "data?");
    close(a);
    close(b);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    tcp();
    unix_stream();
    udp();
    return 0;
}
