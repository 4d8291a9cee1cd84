/* File names are bytes: a name that is not UTF-8 is created, listed, read back from a symlink and from getcwd
   byte for byte, and its length is counted in bytes (255 bytes of 0xff fit). Python's test_os Pep383Tests showed
   "\xff" listed as "\xef\xbf\xbd". */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void hex(const char *what, const char *s) {
  printf("%s:", what);
  for (; *s; s++) printf(" %02x", (unsigned char)*s);
  printf("\n");
}

static void report(const char *what, long r) { printf("%s: %s\n", what, r >= 0 ? "ok" : strerror(errno)); }

int main(void) {
  char dir[] = "/tmp/bytenamesXXXXXX";
  if (!mkdtemp(dir) || chdir(dir) != 0) return 1;
  const char *latin1 = "caf\xe9";           /* Latin-1, not UTF-8 */
  const char *mixed = "\xc3\xa9-\xff\xfe-\xed\xa0\x80"; /* UTF-8, two stray bytes, an encoded surrogate */
  report("create latin1", close(open(latin1, O_CREAT | O_WRONLY, 0600)));
  report("create mixed", close(open(mixed, O_CREAT | O_WRONLY, 0600)));
  char longname[257];
  memset(longname, 0xff, 255);
  longname[255] = 0;
  report("create 255 bytes of 0xff", close(open(longname, O_CREAT | O_WRONLY, 0600)));
  longname[255] = (char)0xff, longname[256] = 0;
  report("create 256 bytes of 0xff", open(longname, O_CREAT | O_WRONLY, 0600));
  struct stat st;
  report("stat latin1", stat(latin1, &st));
  report("stat its UTF-8 spelling", stat("caf\xc3\xa9", &st));
  DIR *d = opendir(".");
  struct dirent *e;
  int count = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    count++;
    if (strlen(e->d_name) > 16) printf("long name: %zu bytes\n", strlen(e->d_name));
    else if (strcmp(e->d_name, latin1) == 0) hex("listed latin1", e->d_name);
    else hex("listed", e->d_name);
  }
  closedir(d);
  printf("entries: %d\n", count);
  report("symlink", symlink(mixed, "link"));
  char target[64] = {0};
  long n = readlink("link", target, sizeof target - 1);
  printf("readlink: %ld\n", n);
  hex("target", target);
  report("open through the link", open("link", O_RDONLY));
  report("rename", rename(latin1, "\x80"));
  report("mkdir", mkdir("\xfe\xfe", 0700));
  report("chdir", chdir("\xfe\xfe"));
  char cwd[256];
  if (getcwd(cwd, sizeof cwd)) hex("cwd tail", cwd + strlen(dir));
  chdir(dir);
  unlink("\x80"), unlink(mixed), unlink("link"), rmdir("\xfe\xfe");
  memset(longname, 0xff, 255), longname[255] = 0;
  unlink(longname);
  report("rmdir", rmdir(dir));
  return 0;
}
