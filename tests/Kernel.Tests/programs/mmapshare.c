/* Two MAP_SHARED mappings of one file, the first through a read-only descriptor and still mapped: what the second
   (writable) one writes reaches the file on msync and on munmap, and the first sees it. Python 3.13's test_mmap
   test_access_parameter showed the file unchanged (the write-back used the read-only descriptor). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void show(const char *what, const char *path) {
  char buf[17] = {0};
  int fd = open(path, O_RDONLY);
  read(fd, buf, 16);
  close(fd);
  printf("%s: %s\n", what, buf);
}

int main(void) {
  char path[] = "/tmp/mmapshareXXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return 1;
  write(fd, "aaaaaaaaaaaaaaaa", 16);
  close(fd);
  int ro = open(path, O_RDONLY);
  char *first = mmap(NULL, 16, PROT_READ, MAP_SHARED, ro, 0);
  close(ro);
  int rw = open(path, O_RDWR);
  char *second = mmap(NULL, 16, PROT_READ | PROT_WRITE, MAP_SHARED, rw, 0);
  close(rw);
  if (first == MAP_FAILED || second == MAP_FAILED) return 2;
  memset(second, 'c', 8);
  printf("msync: %d\n", msync(second, 16, MS_SYNC));
  show("after msync", path);
  memset(second + 8, 'd', 8);
  printf("munmap: %d\n", munmap(second, 16));
  show("after munmap", path);
  printf("first mapping: %.16s\n", first);
  munmap(first, 16);
  show("after both", path);
  unlink(path);
  return 0;
}
