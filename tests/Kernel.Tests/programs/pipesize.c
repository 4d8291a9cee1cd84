/* F_GETPIPE_SZ and F_SETPIPE_SZ: the size is rounded up to a power of two of pages, a pipe holds what its size says
   (a non-blocking writer fills it to exactly that), shrinking below the data held is EBUSY, a size over 2 GiB is
   EINVAL, and the size is the pipe's (both ends see it). Python's test_fcntl test_fcntl_f_pipesize showed it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void report(const char *what, long result) {
  if (result >= 0) printf("%s: %ld\n", what, result);
  else printf("%s: %s\n", what, strerror(errno));
}

static long fill(int fd) {
  static char chunk[4096];
  long total = 0;
  for (;;) {
    long n = write(fd, chunk, sizeof chunk);
    if (n < 0) return errno == EAGAIN ? total : -1;
    total += n;
  }
}

int main(void) {
  int p[2];
  if (pipe2(p, O_NONBLOCK) != 0) return 1;
  report("default", fcntl(p[1], F_GETPIPE_SZ));
  report("set 5000", fcntl(p[1], F_SETPIPE_SZ, 5000));
  report("read end sees", fcntl(p[0], F_GETPIPE_SZ));
  report("set 0", fcntl(p[0], F_SETPIPE_SZ, 0));
  report("set 16384", fcntl(p[1], F_SETPIPE_SZ, 16384));
  printf("filled: %ld\n", fill(p[1]));
  report("shrink below data", fcntl(p[1], F_SETPIPE_SZ, 4096));
  report("size after EBUSY", fcntl(p[1], F_GETPIPE_SZ));
  report("grow with data", fcntl(p[1], F_SETPIPE_SZ, 65536));
  char buf[16384];
  report("read back", read(p[0], buf, sizeof buf));
  printf("filled after grow: %ld\n", fill(p[1]));
  report("over 2 GiB", fcntl(p[1], F_SETPIPE_SZ, (1u << 31) + 1));
  report("not a pipe", fcntl(1 + p[1], F_GETPIPE_SZ));
  int file = open("/proc/self/exe", O_RDONLY);
  report("regular file", fcntl(file, F_SETPIPE_SZ, 4096));
  return 0;
}
