/* getifaddrs lists the host's interfaces through a NETLINK_ROUTE socket, as under qemu-user: the loopback
   interface is up with 127.0.0.1 (Go's net.Interfaces and iproute2 ask the same way). */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  struct ifaddrs *list;
  if (getifaddrs(&list) != 0) {
    printf("getifaddrs: %s\n", strerror(errno));
    return 1;
  }
  int loopback = 0, address = 0;
  for (struct ifaddrs *i = list; i; i = i->ifa_next) {
    if (strcmp(i->ifa_name, "lo") != 0) continue;
    if ((i->ifa_flags & (IFF_UP | IFF_LOOPBACK)) == (IFF_UP | IFF_LOOPBACK)) loopback = 1;
    if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET) {
      char text[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, text, sizeof text);
      if (strcmp(text, "127.0.0.1") == 0) address = 1;
    }
  }
  freeifaddrs(list);
  printf("lo up and loopback: %s\nlo has 127.0.0.1: %s\n", loopback ? "yes" : "no", address ? "yes" : "no");
  printf("if_nametoindex(lo) > 0: %s\n", if_nametoindex("lo") > 0 ? "yes" : "no");
  return 0;
}
