// sendmmsg and recvmmsg: several datagrams per call over UDP loopback and a datagram socket pair, the lengths written
// back, MSG_WAITFORONE, the timeout written back, short vectors, errors (EBADF, ENOTSOCK, EAGAIN, EFAULT).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    if (r < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else printf("%s: %ld\n", what, r);
}

static char out[4][16], in[8][32];
static struct iovec outv[4], inv[8];
static struct mmsghdr outm[4], inm[8];

static void prepare(int n)
{
    for (int i = 0; i < 4; i++)
    {
        snprintf(out[i], sizeof out[i], "datagram-%d%.*s", i, i, "xxxx");
        outv[i] = (struct iovec){ out[i], strlen(out[i]) };
        memset(&outm[i], 0, sizeof outm[i]);
        outm[i].msg_hdr.msg_iov = &outv[i];
        outm[i].msg_hdr.msg_iovlen = 1;
        outm[i].msg_len = 999;
    }
    for (int i = 0; i < 8; i++)
    {
        memset(in[i], 0, sizeof in[i]);
        inv[i] = (struct iovec){ in[i], n };
        memset(&inm[i], 0, sizeof inm[i]);
        inm[i].msg_hdr.msg_iov = &inv[i];
        inm[i].msg_hdr.msg_iovlen = 1;
        inm[i].msg_len = 999;
    }
}

static void received(int n)
{
    for (int i = 0; i < n; i++) printf("  [%d] len %u flags %#x '%s'\n", i, inm[i].msg_len, inm[i].msg_hdr.msg_flags, in[i]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t al = sizeof a;
    bind(rx, (struct sockaddr *)&a, sizeof a);
    getsockname(rx, (struct sockaddr *)&a, &al);
    connect(tx, (struct sockaddr *)&a, sizeof a);

    prepare(32);
    show("sendmmsg 3", sendmmsg(tx, outm, 3, 0));
    printf("  lens %u %u %u untouched %u\n", outm[0].msg_len, outm[1].msg_len, outm[2].msg_len, outm[3].msg_len);
    usleep(20000);
    show("recvmmsg 8 dontwait", recvmmsg(rx, inm, 8, MSG_DONTWAIT, NULL));
    received(3);
    printf("  fourth untouched %u\n", inm[3].msg_len);
    show("recvmmsg empty dontwait", recvmmsg(rx, inm, 8, MSG_DONTWAIT, NULL));

    // Short buffers: each datagram cut, MSG_TRUNC in its flags.
    prepare(5);
    sendmmsg(tx, outm, 2, 0);
    usleep(20000);
    show("recvmmsg truncated", recvmmsg(rx, inm, 2, MSG_DONTWAIT, NULL));
    received(2);

    // MSG_WAITFORONE: the first waits, the rest do not.
    prepare(32);
    sendmmsg(tx, outm, 2, 0);
    usleep(20000);
    show("recvmmsg waitforone", recvmmsg(rx, inm, 8, MSG_WAITFORONE, NULL));
    received(2);

    // A timeout: checked after each datagram, what is left written back.
    prepare(32);
    sendmmsg(tx, outm, 1, 0);
    usleep(20000);
    struct timespec t = { 5, 0 };
    show("recvmmsg with timeout", recvmmsg(rx, inm, 1, 0, &t));
    printf("  timeout left %d\n", t.tv_sec == 4 || (t.tv_sec == 5 && t.tv_nsec == 0));

    show("sendmmsg vlen 0", sendmmsg(tx, outm, 0, 0));
    show("recvmmsg vlen 0", recvmmsg(rx, inm, 0, MSG_DONTWAIT, NULL));
    show("sendmmsg bad fd", sendmmsg(99, outm, 1, 0));
    int p[2];
    pipe(p);
    show("sendmmsg pipe", sendmmsg(p[0], outm, 1, 0));
    show("recvmmsg pipe", recvmmsg(p[0], inm, 1, 0, NULL));
    show("sendmmsg bad vector", sendmmsg(tx, (struct mmsghdr *)8, 1, 0));
    // A bad second entry: the first is sent, the count says so.
    static struct mmsghdr two[2];
    two[0] = outm[0];
    two[1].msg_hdr.msg_iov = (struct iovec *)8;
    two[1].msg_hdr.msg_iovlen = 1;
    show("sendmmsg second bad", sendmmsg(tx, two, 2, 0));
    usleep(20000);
    prepare(32);
    show("recvmmsg after", recvmmsg(rx, inm, 8, MSG_DONTWAIT, NULL));
    received(1);

    // A datagram socket pair.
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    prepare(32);
    show("pair sendmmsg 4", sendmmsg(sv[0], outm, 4, 0));
    show("pair recvmmsg", recvmmsg(sv[1], inm, 8, MSG_DONTWAIT, NULL));
    received(4);
    return 0;
}
