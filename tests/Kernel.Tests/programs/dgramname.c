/* A datagram from an AF_UNIX socket bound to a path arrives from that path as the binder named it (recvfrom and
   recvmsg), so the receiver can answer it: Go's net.TestUnixgramServer hung because the reply went to the host's
   name of the client (/proc/self/fd/N/name), which had gone. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int bound(const char *path) {
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  struct sockaddr_un a = {AF_UNIX, {0}};
  strcpy(a.sun_path, path);
  unlink(path);
  if (bind(s, (struct sockaddr *)&a, sizeof a)) perror("bind");
  return s;
}

int main(void) {
  char dir[64], server_path[96], client_path[96];
  snprintf(dir, sizeof dir, "/tmp/rvjit-dgramname-%d", getpid());
  mkdir(dir, 0700);
  snprintf(server_path, sizeof server_path, "%s/server", dir);
  snprintf(client_path, sizeof client_path, "%s/client", dir);
  int server = bound(server_path), client = bound(client_path);

  struct sockaddr_un to = {AF_UNIX, {0}};
  strcpy(to.sun_path, server_path);
  sendto(client, "ping", 4, 0, (struct sockaddr *)&to, sizeof to);
  struct sockaddr_un from;
  socklen_t length = sizeof from;
  char buf[16];
  ssize_t n = recvfrom(server, buf, sizeof buf, 0, (struct sockaddr *)&from, &length);
  printf("recvfrom: %zd bytes, from the client's path: %s, length: %s\n", n, strcmp(from.sun_path, client_path) == 0 ? "yes" : "no",
         length == offsetof(struct sockaddr_un, sun_path) + strlen(client_path) + 1 ? "path + NUL" : "other");
  n = sendto(server, "pong", 4, 0, (struct sockaddr *)&from, length);
  printf("reply to that address: %zd\n", n);
  n = recv(client, buf, sizeof buf, 0);
  printf("client got: %.*s\n", (int)(n > 0 ? n : 0), buf);

  sendto(client, "again", 5, 0, (struct sockaddr *)&to, sizeof to);
  struct iovec iov = {buf, sizeof buf};
  struct msghdr m = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1};
  memset(&from, 0, sizeof from);
  n = recvmsg(server, &m, 0);
  printf("recvmsg: %zd bytes, from the client's path: %s\n", n, strcmp(from.sun_path, client_path) == 0 ? "yes" : "no");

  close(client);
  close(server);
  unlink(client_path);
  unlink(server_path);
  rmdir(dir);
  return 0;
}
