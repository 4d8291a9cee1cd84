/* recv with MSG_ERRQUEUE never blocks: an empty error queue is EAGAIN at once, even on a socket that polls
   as hung up (an unconnected TCP socket). Found by the syscall fuzzer: rvjit looped for ever on the host. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    char buf[16];
    long r = recvfrom(s, buf, sizeof buf, MSG_ERRQUEUE, NULL, NULL);
    printf("recvfrom errqueue: %ld %s\n", r, r < 0 ? strerror(errno) : "");
    struct iovec iov = { buf, sizeof buf };
    struct msghdr m = { 0 };
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    r = recvmsg(s, &m, MSG_ERRQUEUE);
    printf("recvmsg errqueue: %ld %s\n", r, r < 0 ? strerror(errno) : "");
    close(s);
    return 0;
}
