/* A trailing slash asks for a directory: open with O_CREAT is EISDIR whatever the name is, mknod, symlink and link
   of a missing "name/" are ENOENT, a non-directory renamed to "name/" is ENOTDIR, and "file/" of a file is ENOTDIR;
   only mkdir creates "name/". Python 3.13's test_shutil test_copyfile_nonexistent_dir showed open("missing/",
   O_CREAT) creating a file. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
static void report(const char *what, long r) { printf("%s: %s\n", what, r >= 0 ? "ok" : strerror(errno)); }
int main(void) {
  char dir[] = "/tmp/slashXXXXXX";
  mkdtemp(dir); chdir(dir);
  report("creat new/", open("new/", O_CREAT | O_WRONLY, 0600));
  report("stat new", access("new", F_OK));
  report("open new/ rdonly", open("new/", O_RDONLY));
  close(open("file", O_CREAT | O_WRONLY, 0600));
  report("open file/", open("file/", O_RDONLY));
  report("creat file/", open("file/", O_CREAT | O_WRONLY, 0600));
  report("creat excl file/", open("file/", O_CREAT | O_EXCL | O_WRONLY, 0600));
  report("creat excl new2/", open("new2/", O_CREAT | O_EXCL | O_WRONLY, 0600));
  report("mkdir d/", mkdir("d/", 0700));
  report("creat d/", open("d/", O_CREAT | O_WRONLY, 0600));
  report("creat d/ rdonly", open("d/", O_CREAT | O_RDONLY, 0600));
  report("open d/ rdonly", open("d/", O_RDONLY));
  report("mknod fifo/", mknod("fifo/", S_IFIFO | 0600, 0));
  report("symlink to l/", symlink("file", "l/"));
  report("link file l2/", link("file", "l2/"));
  report("rename file file2/", rename("file", "file2/"));
  report("unlink file/", unlink("file/"));
  report("rmdir d/", rmdir("d/"));
  report("stat file/", access("file/", F_OK));
  report("truncate file/", truncate("file/", 0));
  unlink("file"); unlink("l"); unlink("l2"); unlink("new"); unlink("new2"); rmdir("d"); unlink("fifo");
  chdir("/"); report("rmdir", rmdir(dir));
  return 0;
}
