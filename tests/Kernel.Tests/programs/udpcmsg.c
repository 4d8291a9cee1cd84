/* The protocols' control messages on a UDP socket cross both ways: IP_PKTINFO, IP_TTL and IP_TOS arrive with a
   datagram when asked for (in full, or cut with MSG_CTRUNC when the buffer is short), and IP_TOS and IP_TTL given to
   sendmsg reach the host's protocol. Python 3.13's test_socket (RecvmsgRFC3542Ancillary*, checkTruncatedSecondHeader)
   showed them missing. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void show(const char *what, struct msghdr *m, long n) {
  printf("%s: %ld bytes, flags %#x, controllen %zu\n", what, n, m->msg_flags & MSG_CTRUNC, (size_t)m->msg_controllen);
  for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
    printf("  level %d type %d len %zu", c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len);
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO && c->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
      struct in_pktinfo info;
      memcpy(&info, CMSG_DATA(c), sizeof info);
      printf(" pktinfo to %s", inet_ntoa(info.ipi_addr));
    } else if (c->cmsg_len >= CMSG_LEN(1)) {
      printf(" first byte %d", CMSG_DATA(c)[0]);
    }
    printf("\n");
  }
}

static long receive(int s, char *control, size_t size, struct msghdr *m) {
  static char data[64];
  static struct iovec iov;
  iov = (struct iovec){data, sizeof data};
  *m = (struct msghdr){.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = size};
  return recvmsg(s, m, 0);
}

int main(void) {
  int r = socket(AF_INET, SOCK_DGRAM, 0), w = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  if (bind(r, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(r, (struct sockaddr *)&a, &len) != 0) return 1;
  int on = 1;
  setsockopt(r, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
  setsockopt(r, IPPROTO_IP, IP_RECVTTL, &on, sizeof on);
  setsockopt(r, IPPROTO_IP, IP_RECVTOS, &on, sizeof on);

  char control[256];
  struct msghdr m;
  sendto(w, "one", 3, 0, (struct sockaddr *)&a, sizeof a);
  show("plain send", &m, receive(r, control, sizeof control, &m));
  sendto(w, "two", 3, 0, (struct sockaddr *)&a, sizeof a);
  show("room for one and a half", &m, receive(r, control, CMSG_SPACE(sizeof(struct in_pktinfo)) + 18, &m));
  sendto(w, "six", 3, 0, (struct sockaddr *)&a, sizeof a);
  show("no room", &m, receive(r, control, 0, &m));

  /* sendmsg with IP_TOS 0x20 and IP_TTL 7 for this datagram only */
  char out[CMSG_SPACE(sizeof(int)) * 2];
  memset(out, 0, sizeof out);
  struct iovec iov = {"three", 5};
  struct msghdr s = {.msg_name = &a, .msg_namelen = sizeof a, .msg_iov = &iov, .msg_iovlen = 1, .msg_control = out, .msg_controllen = sizeof out};
  struct cmsghdr *c = CMSG_FIRSTHDR(&s);
  c->cmsg_level = IPPROTO_IP, c->cmsg_type = IP_TOS, c->cmsg_len = CMSG_LEN(sizeof(int));
  *(int *)CMSG_DATA(c) = 0x20;
  c = CMSG_NXTHDR(&s, c);
  c->cmsg_level = IPPROTO_IP, c->cmsg_type = IP_TTL, c->cmsg_len = CMSG_LEN(sizeof(int));
  *(int *)CMSG_DATA(c) = 7;
  printf("sendmsg with IP_TOS and IP_TTL: %ld\n", (long)sendmsg(w, &s, 0));
  show("after sendmsg", &m, receive(r, control, sizeof control, &m));
  *(int *)CMSG_DATA(CMSG_FIRSTHDR(&s)) = 0x12345;
  long bad = sendmsg(w, &s, 0);
  printf("sendmsg with a bad IP_TOS: %ld %s\n", bad, bad < 0 ? strerror(errno) : "");
  return 0;
}
