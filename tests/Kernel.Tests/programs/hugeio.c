// Data-transfer calls with guest-sized lengths far beyond the buffer (0x7ffff000 with one mapped page), and
// ranges that reach a hole: Linux moves what it can before the first bad page (a short count) or fails with
// EFAULT, and the emulator's host memory must not grow with the length. One line per case.
// The expected output is Linux's (hugeio.expected, from this program built for the host and run there):
// qemu-user checks each whole range up front and answers EFAULT where Linux gives a short count.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define HUGE 0x7ffff000L
#define ROUNDS 200

static void show(const char *name, long r)
{
    if (r < 0) printf("%s: -%s\n", name, strerrorname_np(errno));
    else printf("%s: %ld\n", name, r);
}

// Runs a call ROUNDS times; prints its result if every round gave the same one.
#define HAMMER(name, call) do { \
    long first = (call), same = 1; int err = errno; \
    for (int i = 1; i < ROUNDS; i++) { long r = (call); if (r != first || (r < 0 && errno != err)) same = 0; } \
    errno = err; \
    if (same) show(name " x200", first); else printf("%s x200: results differ\n", name); \
} while (0)

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    // Page 0 and page 2 mapped, page 1 a hole.
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p + 4096, 4096);
    memset(p, 'a', 4096);
    memset(p + 8192, 'b', 4096);
    char *hole = p + 4096;
    char tmp[16384];

    int fd = open("hugeio.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
    HAMMER("write huge file", syscall(SYS_write, fd, p, HUGE));
    show("size", lseek(fd, 0, SEEK_END));
    struct iovec two[2] = {{p, 4096}, {hole, HUGE}};
    HAMMER("writev huge file", syscall(SYS_writev, fd, two, 2));
    HAMMER("pwrite huge file", syscall(SYS_pwrite64, fd, p, HUGE, 0));
    HAMMER("pwritev huge file", syscall(SYS_pwritev, fd, two, 2, 0, 0));
    show("write hole file", syscall(SYS_write, fd, hole, 10));
    show("write straddle file", syscall(SYS_write, fd, p + 4000, 200));
    struct iovec three[3] = {{p, 100}, {p + 8192, 100}, {hole, HUGE}};
    show("writev three file", syscall(SYS_writev, fd, three, 3));

    lseek(fd, 0, SEEK_SET);
    HAMMER("read huge file", syscall(SYS_read, fd, p, HUGE));
    show("position", lseek(fd, 0, SEEK_CUR));
    HAMMER("pread huge file", syscall(SYS_pread64, fd, p, HUGE, 0));
    HAMMER("readv huge file", syscall(SYS_readv, fd, two, 2));
    HAMMER("preadv huge file", syscall(SYS_preadv, fd, two, 2, 0, 0));
    show("read hole file", syscall(SYS_read, fd, hole, 10));
    lseek(fd, 0, SEEK_SET);
    show("read straddle file", syscall(SYS_read, fd, p + 4000, 4096));
    show("position after straddle", lseek(fd, 0, SEEK_CUR));

    int pf[2];
    pipe(pf);
    show("write huge pipe", syscall(SYS_write, pf[1], p, HUGE));
    show("read huge pipe", syscall(SYS_read, pf[0], p, HUGE));
    show("write straddle pipe", syscall(SYS_write, pf[1], p + 4000, 200));
    show("write hole pipe", syscall(SYS_write, pf[1], hole, 10));
    show("writev huge pipe", syscall(SYS_writev, pf[1], two, 2));
    show("read back", read(pf[0], tmp, sizeof tmp));
    write(pf[1], tmp, 300);
    show("read hole pipe", syscall(SYS_read, pf[0], hole, 100));
    show("read straddle pipe", syscall(SYS_read, pf[0], p + 4000, 300));
    show("pipe keeps its data", read(pf[0], tmp, sizeof tmp));
    for (int i = 0; i < ROUNDS; i++) { write(pf[1], "x", 1); if (syscall(SYS_read, pf[0], p, HUGE) != 1) { printf("pipe round %d failed\n", i); break; } }
    printf("read huge pipe x200: done\n");

    int dn = open("/dev/null", O_RDWR);
    HAMMER("write huge devnull", syscall(SYS_write, dn, hole, HUGE));
    show("write null devnull", syscall(SYS_write, dn, NULL, 100));
    show("read null devnull", syscall(SYS_read, dn, NULL, 100));

    HAMMER("getrandom huge", syscall(SYS_getrandom, p, HUGE, 0));
    show("getrandom hole", syscall(SYS_getrandom, hole, 16, 0));
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    show("getdents64 hole", syscall(SYS_getdents64, dfd, hole, HUGE));
    show("getdents64 huge", syscall(SYS_getdents64, dfd, p, HUGE) > 0);

    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    show("send hole", syscall(SYS_sendto, sv[0], hole, HUGE, 0, NULL, 0));
    show("send page", syscall(SYS_sendto, sv[0], p, 4096, 0, NULL, 0));
    show("recv huge", syscall(SYS_recvfrom, sv[1], p, HUGE, 0, NULL, NULL));
    for (int i = 0; i < ROUNDS; i++) { send(sv[0], "y", 1, 0); if (syscall(SYS_recvfrom, sv[1], p, HUGE, 0, NULL, NULL) != 1) { printf("recv round %d failed\n", i); break; } }
    printf("recv huge x200: done\n");
    struct msghdr m = {0};
    struct iovec one[1] = {{p, HUGE}};
    m.msg_iov = one;
    m.msg_iovlen = 1;
    for (int i = 0; i < ROUNDS; i++) { send(sv[0], "z", 1, 0); if (syscall(SYS_recvmsg, sv[1], &m, 0) != 1) { printf("recvmsg round %d failed\n", i); break; } }
    printf("recvmsg huge x200: done\n");
    struct iovec bad[1] = {{hole, 10}};
    m.msg_iov = bad;
    show("sendmsg hole", syscall(SYS_sendmsg, sv[0], &m, 0));
    unlink("hugeio.tmp");
    return 0;
}
