/* Extended attributes of a file that has none: an empty list, ENODATA for a get or a remove, and the checks Linux
   makes first (a missing path, a bad descriptor, an empty or too long name). ls -l asks for them on every file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

static void report(const char *what, long r) { printf("%s: %s\n", what, r >= 0 ? "ok" : strerror(errno)); }

int main(void) {
  const char *path = "xattr-file";
  int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
  if (fd < 0) return 1;
  symlink(path, "xattr-link");
  char buf[64], longname[300];
  memset(longname, 'u', sizeof longname - 1);
  longname[sizeof longname - 1] = 0;
  printf("listxattr: %ld\n", (long)listxattr(path, buf, sizeof buf));
  printf("llistxattr: %ld\n", (long)llistxattr("xattr-link", buf, sizeof buf));
  printf("flistxattr: %ld\n", (long)flistxattr(fd, 0, 0));
  report("getxattr user.x", getxattr(path, "user.x", buf, sizeof buf));
  report("lgetxattr user.x of a symlink", lgetxattr("xattr-link", "user.x", buf, sizeof buf));
  report("fgetxattr trusted.x", fgetxattr(fd, "trusted.x", buf, sizeof buf));
  report("getxattr of a missing file", getxattr("no-such-file", "user.x", buf, sizeof buf));
  report("listxattr of a missing file", listxattr("no-such-file", buf, sizeof buf));
  report("fgetxattr of a bad descriptor", fgetxattr(99, "user.x", buf, sizeof buf));
  report("getxattr with an empty name", getxattr(path, "", buf, sizeof buf));
  report("getxattr with a long name", getxattr(path, longname, buf, sizeof buf));
  report("removexattr user.x", removexattr(path, "user.x"));
  close(fd);
  unlink("xattr-link");
  unlink(path);
  return 0;
}
