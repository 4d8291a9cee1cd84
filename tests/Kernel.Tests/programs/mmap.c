/* mmap, munmap, mprotect, mremap, madvise; file mappings (private and shared); demand paging of a large
   sparse area; a SIGSEGV handler that catches a write to a read-only page. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile void *fault_addr;

static void on_segv(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    fault_addr = info->si_addr;
    siglongjmp(env, sig);
}

int main(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *a = mmap(NULL, 8 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("anon mmap ok=%d zero=%d\n", a != MAP_FAILED, a[5 * page] == 0);
    for (int i = 0; i < 8; i++) a[i * page] = (char)('a' + i);
    printf("munmap middle=%d\n", munmap(a + 2 * page, 2 * page));
    printf("mprotect ro=%d\n", mprotect(a, page, PROT_READ));

    struct sigaction sa = { 0 };
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    if (sigsetjmp(env, 1) == 0) { a[10] = 'x'; printf("write to read-only page did not fault\n"); }
    else printf("caught SIGSEGV at offset %ld\n", (long)((char *)fault_addr - a));
    if (sigsetjmp(env, 1) == 0) { volatile char c = a[2 * page]; (void)c; printf("read of unmapped page did not fault\n"); }
    else printf("caught SIGSEGV in hole at page %ld\n", (long)((char *)fault_addr - a) / page);
    printf("read-only page still readable: %c\n", a[0]);
    printf("mprotect rw=%d\n", mprotect(a, page, PROT_READ | PROT_WRITE));
    a[10] = 'y';
    printf("after mprotect rw: %c\n", a[10]);

    /* MAP_FIXED over part of an existing mapping, MAP_FIXED_NOREPLACE refuses. */
    char *f = mmap(a + 4 * page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("fixed at requested=%d zeroed=%d neighbour=%c\n", f == a + 4 * page, f[0] == 0, a[5 * page]);
    void *nr = mmap(a + 4 * page, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | 0x100000, -1, 0);
    printf("noreplace kept the old page=%d\n", nr != (void *)(a + 4 * page) && f[0] == 0);

    /* madvise(DONTNEED) drops private anonymous contents. */
    a[6 * page] = 'q';
    printf("madvise=%d after=%d\n", madvise(a + 6 * page, page, MADV_DONTNEED), a[6 * page]);

    /* mremap grows (possibly moving) and keeps contents. */
    char *m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(m, "remapped contents");
    char *g = mremap(m, page, 64 * page, MREMAP_MAYMOVE);
    printf("mremap ok=%d kept='%s' tail zero=%d\n", g != MAP_FAILED, g, g[63 * page] == 0);
    g = mremap(g, 64 * page, page, 0);
    printf("mremap shrink same address=%d\n", g != MAP_FAILED);

    /* A big sparse area: only touched pages cost memory. */
    size_t huge = (size_t)4 << 30;
    char *h = mmap(NULL, huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    long sum = 0;
    for (size_t off = 0; off < huge; off += huge / 64) { h[off] = 1; sum += h[off]; }
    printf("sparse 4GiB touched=%ld\n", sum);
    munmap(h, huge);

    /* File mappings. */
    int fd = open("mapped.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    ftruncate(fd, 3 * page);
    pwrite(fd, "file data", 9, page);
    char *pf = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    printf("private file map sees '%s'\n", pf + page);
    pf[page] = 'F';
    char back[16] = { 0 };
    pread(fd, back, 9, page);
    printf("private write stays private: '%s'\n", back);
    char *sf = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    memcpy(sf + 2 * page, "shared write", 12);
    printf("msync=%d\n", msync(sf, 3 * page, MS_SYNC));
    fd = open("mapped.bin", O_RDONLY);
    memset(back, 0, sizeof back);
    pread(fd, back, 12, 2 * page);
    printf("file after shared write: '%s'\n", back);
    char *pf2 = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 2 * page);
    printf("second mapping at offset: '%.12s'\n", pf2);
    close(fd);
    munmap(sf, 3 * page);
    munmap(pf, 3 * page);
    unlink("mapped.bin");

    /* Mapping past the end of a file reads zeros in the last page. */
    fd = open("short.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "abc", 3);
    char *sh = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("short file: '%s' tail zero=%d\n", sh, sh[100] == 0);
    close(fd);
    unlink("short.bin");
    printf("munmap unaligned: %s\n", munmap(a + 1, page) ? strerror(errno) : "ok");
    return 0;
}
