/* FIONBIO works on every descriptor (Linux handles it for all files): a socketpair end (Python's
   socket.setblocking, which asyncio's event loop calls on its self-pipe), a socket, an eventfd, a pipe, a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static void check(const char *what, int fd) {
  int on = 1, off = 0;
  int r = ioctl(fd, FIONBIO, &on);
  printf("%s: FIONBIO 1: %s, O_NONBLOCK: %s", what, r == 0 ? "ok" : strerror(errno), fcntl(fd, F_GETFL) & O_NONBLOCK ? "set" : "clear");
  r = ioctl(fd, FIONBIO, &off);
  printf("; FIONBIO 0: %s, O_NONBLOCK: %s\n", r == 0 ? "ok" : strerror(errno), fcntl(fd, F_GETFL) & O_NONBLOCK ? "set" : "clear");
}

int main(void) {
  int pair[2], pipes[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
  pipe(pipes);
  int inet = socket(AF_INET, SOCK_STREAM, 0);
  int event = eventfd(0, 0);
  int file = open("fionbio-file", O_CREAT | O_RDWR, 0600);
  check("socketpair", pair[0]);
  check("inet socket", inet);
  check("eventfd", event);
  check("pipe", pipes[0]);
  check("file", file);
  int on = 1;
  ioctl(pair[0], FIONBIO, &on);
  char c;
  ssize_t n = recv(pair[0], &c, 1, 0);
  printf("recv on the non-blocking end: %s\n", n < 0 ? strerror(errno) : "data");
  printf("FIONBIO on a bad descriptor: %s\n", ioctl(99, FIONBIO, &on) < 0 ? strerror(errno) : "ok");
  unlink("fionbio-file");
  return 0;
}
