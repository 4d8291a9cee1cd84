/* An unknown system call fails with ENOSYS (and rvjit warns once); io_uring and Landlock, which the kernel is built
   without, fail with ENOSYS unwarned; bad pointers give EFAULT, never a crash. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    long r = syscall(444 + 50);
    printf("unknown: %ld %s\n", r, strerror(errno));
    r = syscall(444 + 50);
    printf("again: %ld %s\n", r, strerror(errno));
    printf("io_uring_setup: %ld %s\n", syscall(425, 1, NULL), strerror(errno));
    printf("landlock_create_ruleset: %ld %s\n", syscall(444, NULL, 0, 1), strerror(errno));
    printf("write bad buffer: %zd %s\n", write(1, (void *)16, 10), strerror(errno));
    printf("open bad path: %d %s\n", open((const char *)0x1000, O_RDONLY), strerror(errno));
    struct stat *st = (struct stat *)0x3fffffffff00UL;
    printf("stat to kernel address: %d %s\n", stat("/", st), strerror(errno));
    char buf[8];
    int fd = open("/dev/zero", O_RDONLY);
    printf("read into bad buffer: %zd %s\n", read(fd, (void *)8, 8), strerror(errno));
    printf("read ok: %zd\n", read(fd, buf, 8));
    printf("close bad fd: %d %s\n", close(12345), strerror(errno));
    return 0;
}
