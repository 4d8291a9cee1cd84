/* A guest's NETLINK_ROUTE socket reads the host's tables but cannot change them: a dump of the links works, a
   request to add an address to lo (alone, or after a get in the same datagram) is refused with EPERM, through
   send and through write. Never run natively as root: there the add would reach the host. */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct get_links {
  struct nlmsghdr header;
  struct ifinfomsg info;
};

struct add_address {
  struct nlmsghdr header;
  struct ifaddrmsg info;
  struct rtattr local;
  unsigned char address[4];
};

static void fill_get(struct get_links *m, int sequence) {
  memset(m, 0, sizeof *m);
  m->header.nlmsg_len = NLMSG_LENGTH(sizeof m->info);
  m->header.nlmsg_type = RTM_GETLINK;
  m->header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  m->header.nlmsg_seq = sequence;
  m->info.ifi_family = AF_UNSPEC;
}

static void fill_add(struct add_address *m, int sequence) {
  memset(m, 0, sizeof *m);
  m->header.nlmsg_len = sizeof *m;
  m->header.nlmsg_type = RTM_NEWADDR;
  m->header.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_ACK;
  m->header.nlmsg_seq = sequence;
  m->info.ifa_family = AF_INET;
  m->info.ifa_prefixlen = 32;
  m->info.ifa_index = if_nametoindex("lo");
  m->local.rta_len = RTA_LENGTH(4);
  m->local.rta_type = IFA_LOCAL;
  unsigned char address[4] = {127, 255, 255, 254};
  memcpy(m->address, address, 4);
}

static void report(const char *what, long result) {
  printf("%s: %s\n", what, result >= 0 ? "ok" : strerror(errno));
}

int main(void) {
  int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (s < 0) {
    printf("socket: %s\n", strerror(errno));
    return 1;
  }
  struct get_links get;
  fill_get(&get, 1);
  report("send get links", send(s, &get, get.header.nlmsg_len, 0));
  static char reply[65536];
  long n = recv(s, reply, sizeof reply, 0);
  struct nlmsghdr *first = (struct nlmsghdr *)reply;
  printf("first reply is a link: %s\n", n >= (long)sizeof *first && first->nlmsg_type == RTM_NEWLINK ? "yes" : "no");
  while (n > 0 && first->nlmsg_type != NLMSG_DONE) { /* drain the dump */
    int done = 0;
    for (struct nlmsghdr *h = (struct nlmsghdr *)reply; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n))
      if (h->nlmsg_type == NLMSG_DONE) done = 1;
    if (done) break;
    n = recv(s, reply, sizeof reply, 0);
    first = (struct nlmsghdr *)reply;
  }

  struct add_address add;
  fill_add(&add, 2);
  report("send add address", send(s, &add, sizeof add, 0));
  report("write add address", write(s, &add, sizeof add));
  struct {
    struct get_links get;
    struct add_address add;
  } both;
  fill_get(&both.get, 3);
  fill_add(&both.add, 4);
  report("send get then add", send(s, &both, sizeof both, 0));
  close(s);
  return 0;
}
