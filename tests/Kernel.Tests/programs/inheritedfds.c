/* Descriptors beyond stdio that the program was started with (a shell's `3<file 4>file`, process substitution)
   are the program's, as under qemu-user: read fd 3 to its end, write to fd 4. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  char buf[256];
  ssize_t n;
  while ((n = read(3, buf, sizeof buf)) > 0) fwrite(buf, 1, n, stdout);
  if (n < 0) printf("read fd 3: %s\n", strerror(errno));
  struct stat st;
  printf("fd 3 is a regular file: %s\n", fstat(3, &st) == 0 && S_ISREG(st.st_mode) ? "yes" : "no");
  printf("fd 3 is read-only: %s\n", (fcntl(3, F_GETFL) & O_ACCMODE) == O_RDONLY ? "yes" : "no");
  if (write(4, "to fd 4\n", 8) != 8) printf("write fd 4: %s\n", strerror(errno));
  printf("close fd 4: %s\n", close(4) == 0 ? "ok" : strerror(errno));
  return 0;
}
