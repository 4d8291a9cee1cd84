/* sendfile cannot read a pipe (Linux has no splice_read for it): EINVAL, empty or not. Go's io.Copy from an
   os.Pipe into a TCP connection tries sendfile first and falls back on EINVAL; on EAGAIN it waited for the
   socket forever (net.TestCopyPipeIntoTCP). Other inputs still work. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char *what, ssize_t n) { printf("%s: %zd %s\n", what, n, n < 0 ? strerror(errno) : ""); }

int main(void) {
  int p[2], s[2];
  pipe2(p, O_NONBLOCK);
  socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, s);
  report("from an empty pipe", sendfile(s[0], p[0], 0, 100));
  write(p[1], "ab", 2);
  report("from a pipe holding 2 bytes", sendfile(s[0], p[0], 0, 100));
  const char *fifo = "sendfile-fifo";
  unlink(fifo);
  mkfifo(fifo, 0600);
  int f = open(fifo, O_RDWR | O_NONBLOCK);
  write(f, "cd", 2);
  report("from a FIFO holding 2 bytes", sendfile(s[0], f, 0, 100));
  int z = open("/dev/zero", O_RDONLY);
  report("from /dev/zero", sendfile(s[0], z, 0, 10));
  int file = open("sendfile-file", O_CREAT | O_RDWR | O_TRUNC, 0600);
  write(file, "hello", 5);
  off_t at = 1;
  report("from a file at offset 1", sendfile(s[0], file, &at, 100));
  char buf[64];
  report("the socket got", read(s[1], buf, sizeof buf));
  unlink(fifo);
  unlink("sendfile-file");
  return 0;
}
