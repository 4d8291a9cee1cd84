/* Memory system calls with hostile arguments (issue 19): lengths and addresses past the end of the user
   address space or wrapping 2^64, brk values that wrap, bad flags, and the page permissions Linux gives.
   Every call goes through syscall() so glibc checks nothing first.
   "common": answers qemu-riscv64 shares with Linux (the test compares with qemu).
   "linux": answers where qemu-user's own mmap emulation deviates from Linux (the test holds the Linux
            answer: mm/mremap.c, mm/madvise.c, mm/mprotect.c, arch/riscv/mm/fault.c).
   "exhaust": fills guest RAM, then execve must fail with ENOMEM (rvjit only; qemu has the host's RAM). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL

static int data_word = 42;

static const char *err_name(int e)
{
    switch (e)
    {
    case EINVAL: return "EINVAL";
    case ENOMEM: return "ENOMEM";
    case EFAULT: return "EFAULT";
    case EPERM: return "EPERM";
    case EAGAIN: return "EAGAIN";
    case ENOSYS: return "ENOSYS";
    case EOVERFLOW: return "EOVERFLOW";
    default: return "other";
    }
}

/* Prints "name: 0" (or "ok" for an address result) or "name: -1 ERRNO". */
static void report(const char *name, long r, int address_result)
{
    if (r == -1) printf("%s: -1 %s\n", name, err_name(errno));
    else if (address_result) printf("%s: ok\n", name);
    else printf("%s: %ld\n", name, r);
}

static void *map_pages(unsigned long n)
{
    void *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); exit(2); }
    return p;
}

/* /proc/self/maps: every line a non-empty range, sorted, none wrapping. */
static int maps_sane(void)
{
    static char buf[65536];
    int fd = open("/proc/self/maps", O_RDONLY);
    if (fd < 0) return 0;
    size_t n = 0;
    ssize_t r;
    while (n < sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) n += (size_t)r;
    close(fd);
    buf[n] = 0;
    unsigned long previous_end = 0;
    int lines = 0;
    for (char *line = buf; *line; )
    {
        unsigned long start, end;
        if (sscanf(line, "%lx-%lx", &start, &end) != 2) return 0;
        if (start >= end || start < previous_end || end > (1UL << 57)) return 0;
        previous_end = end;
        lines++;
        char *next = strchr(line, '\n');
        if (!next) break;
        line = next + 1;
    }
    return lines > 0;
}

static int fork_works(void)
{
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) _exit(data_word == 42 ? 7 : 8);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -2;
    return WEXITSTATUS(status);
}

static void check_brk(void)
{
    /* Nothing may allocate while the break is probed (printf would): results are printed after. */
    long current = syscall(SYS_brk, 0);
    int minus_one = syscall(SYS_brk, -1L) == current;
    int minus_page = syscall(SYS_brk, -4096L) == current;
    int huge = syscall(SYS_brk, 1L << 62) == current;
    int low = syscall(SYS_brk, 4096L) == current;
    int after = syscall(SYS_brk, 0) == current;
    printf("brk(-1) keeps the break: %d\n", minus_one);
    printf("brk(-4096) keeps the break: %d\n", minus_page);
    printf("brk(1<<62) keeps the break: %d\n", huge);
    printf("brk(4096) keeps the break: %d\n", low);
    printf("brk(0) after: %d\n", after);
    printf("data after brk: %d\n", data_word);
}

static void check_mmap(void)
{
    report("mmap(NULL, 0)", syscall(SYS_mmap, 0, 0UL, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 1);
    report("mmap(NULL, -1)", syscall(SYS_mmap, 0, -1UL, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 1);
    report("mmap(NULL, 1<<62)", syscall(SYS_mmap, 0, 1UL << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 1);
    report("mmap(1<<63, 4096, FIXED)", syscall(SYS_mmap, 1UL << 63, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), 1);
    report("mmap(-4096, 8192, FIXED)", syscall(SYS_mmap, -4096UL, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), 1);
    int fd = open("/proc/self/exe", O_RDONLY);
    report("mmap(file, offset -4096)", syscall(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, fd, -4096L), 1);
    report("mmap(file, offset 1<<62)", syscall(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, fd, 1L << 62), 1);
    close(fd);
}

static void check_munmap(char *p)
{
    report("munmap(p, 1<<62)", syscall(SYS_munmap, p, 1UL << 62), 0);
    report("munmap(p, -4096)", syscall(SYS_munmap, p, -4096UL), 0);
    report("munmap(p, -1)", syscall(SYS_munmap, p, -1UL), 0);
    report("munmap(p, 0)", syscall(SYS_munmap, p, 0UL), 0);
    report("munmap(p+1, 4096)", syscall(SYS_munmap, p + 1, PAGE), 0);
    report("munmap(1<<63, 4096)", syscall(SYS_munmap, 1UL << 63, PAGE), 0);
    printf("pages after munmap: %d %d\n", p[0], p[PAGE]);
}

static void check_mremap_common(char *q)
{
    report("mremap(q, 4096, 8192, MAYMOVE|FIXED, 1<<63)", syscall(SYS_mremap, q, PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, 1UL << 63), 1);
    report("mremap(q, 4096, 8192, MAYMOVE|FIXED, -8192)", syscall(SYS_mremap, q, PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, -2 * PAGE), 1);
    report("mremap(q, 4096, 8192, MAYMOVE|FIXED, 1<<62)", syscall(SYS_mremap, q, PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, 1UL << 62), 1);
    report("mremap(q, 1<<62, 4096, 0)", syscall(SYS_mremap, q, 1UL << 62, PAGE, 0, 0), 1);
    report("mremap(q, 4096, 8192, FIXED)", syscall(SYS_mremap, q, PAGE, 2 * PAGE, MREMAP_FIXED, q + 8 * PAGE), 1);
    report("mremap(q, 4096, 4096, bad flags)", syscall(SYS_mremap, q, PAGE, PAGE, 0x80, 0), 1);
    report("mremap(q+1, 4096, 4096, 0)", syscall(SYS_mremap, q + 1, PAGE, PAGE, 0, 0), 1);
    printf("page after mremap: %d\n", q[0]);
}

static void check_mprotect(char *p)
{
    report("mprotect(p, 1<<62)", syscall(SYS_mprotect, p, 1UL << 62, PROT_READ), 0);
    report("mprotect(p, -4096)", syscall(SYS_mprotect, p, -4096UL, PROT_READ), 0);
    report("mprotect(p, -1)", syscall(SYS_mprotect, p, -1UL, PROT_READ), 0);
    report("mprotect(p, 4096, PROT_SEM)", syscall(SYS_mprotect, p, PAGE, PROT_READ | PROT_WRITE | 0x8), 0);
    report("mprotect(p, 4096, bad prot)", syscall(SYS_mprotect, p, PAGE, PROT_READ | 0x10), 0);
    report("mprotect(p, 4096, GROWSDOWN|GROWSUP)", syscall(SYS_mprotect, p, PAGE, PROT_READ | 0x03000000), 0);
    report("mprotect(p+1, 4096)", syscall(SYS_mprotect, p + 1, PAGE, PROT_READ), 0);
}

static void check_madvise(char *p)
{
    report("madvise(p, -4096, DONTNEED)", syscall(SYS_madvise, p, -4096UL, MADV_DONTNEED), 0);
    report("madvise(p, -1, DONTNEED)", syscall(SYS_madvise, p, -1UL, MADV_DONTNEED), 0);
    report("madvise(p+1, 4096, DONTNEED)", syscall(SYS_madvise, p + 1, PAGE, MADV_DONTNEED), 0);
    report("madvise(p, 0, DONTNEED)", syscall(SYS_madvise, p, 0UL, MADV_DONTNEED), 0);
    printf("pages after madvise: %d %d\n", p[0], p[PAGE]);
}

static void check_msync(char *p)
{
    report("msync(p, 1<<62)", syscall(SYS_msync, p, 1UL << 62, MS_SYNC), 0);
    report("msync(p, -4096)", syscall(SYS_msync, p, -4096UL, MS_SYNC), 0);
    report("msync(p, 4096, bad flags)", syscall(SYS_msync, p, PAGE, 0x100), 0);
    report("msync(p, 4096, ASYNC|SYNC)", syscall(SYS_msync, p, PAGE, MS_ASYNC | MS_SYNC), 0);
    report("msync(p+1, 4096)", syscall(SYS_msync, p + 1, PAGE, MS_SYNC), 0);
    report("msync(p, 4096)", syscall(SYS_msync, p, PAGE, MS_SYNC), 0);
}

static void check_mlock(char *p, char *hole)
{
    report("mlock(p, 4096)", syscall(SYS_mlock, p, PAGE), 0);
    report("munlock(p, 4096)", syscall(SYS_munlock, p, PAGE), 0);
    report("mlock(hole, 4096)", syscall(SYS_mlock, hole, PAGE), 0);
    report("munlock(hole, 4096)", syscall(SYS_munlock, hole, PAGE), 0);
    report("munlock(p, -4096)", syscall(SYS_munlock, p, -4096UL), 0);
    report("mlockall(0)", syscall(SYS_mlockall, 0), 0);
    report("mlockall(ONFAULT)", syscall(SYS_mlockall, 4 /* MCL_ONFAULT */), 0);
    report("mlockall(bad)", syscall(SYS_mlockall, 0x10), 0);
}

static void check_mincore(char *p)
{
    static unsigned char vec[16];
    report("mincore(p, 8192)", syscall(SYS_mincore, p, 2 * PAGE, vec), 0);
    printf("mincore resident: %d %d\n", vec[0] & 1, vec[1] & 1);
    memset(vec, 0, sizeof vec);
    report("mincore(p, -4096)", syscall(SYS_mincore, p, -4096UL, vec), 0);
    report("mincore(p, 1<<62)", syscall(SYS_mincore, p, 1UL << 62, vec), 0);
    /* p + length wraps to just past p: a page count of almost 2^52. */
    report("mincore(p, wrap)", syscall(SYS_mincore, p, -(unsigned long)p + 2 * PAGE, vec), 0);
    report("mincore(p+1, 4096)", syscall(SYS_mincore, p + 1, PAGE, vec), 0);
}

/* A private file mapping with PROT_WRITE and no PROT_READ: write implies read (the file is two pages, so
   its pages are whole file pages a page cache may share). */
static void check_write_only_file_mapping(void)
{
    char name[] = "memargs-XXXXXX";
    int fd = mkstemp(name);
    static char content[2 * PAGE];
    memset(content, 'f', sizeof content);
    memcpy(content, "hello", 5);
    if (fd < 0 || write(fd, content, sizeof content) != (ssize_t)sizeof content) { perror("file"); exit(2); }
    volatile char *w = mmap(NULL, 2 * PAGE, PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (w == MAP_FAILED) { perror("mmap write-only"); exit(2); }
    printf("write-only file page read before write: %c%c\n", w[0], w[PAGE]);
    w[1] = 'E';
    printf("write-only file page after write: %c%c\n", w[0], w[1]);
    munmap((void *)w, 2 * PAGE);
    close(fd);
    unlink(name);
}

/* An anonymous page made write-only while fork shares it copy-on-write: still readable. */
static void check_write_only_after_fork(void)
{
    volatile char *a = map_pages(1);
    a[0] = 'a';
    pid_t pid = fork();
    if (pid == 0)
    {
        if (mprotect((void *)a, PAGE, PROT_WRITE) != 0) _exit(3);
        char c = a[0];
        a[0] = 'b';
        _exit(c == 'a' && a[0] == 'b' ? 0 : 4);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("write-only page shared with a fork child: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status));
}

static char *p_pages, *q_page, *hole_page;

static void setup(void)
{
    p_pages = map_pages(2);
    p_pages[0] = 1;
    p_pages[PAGE] = 2;
    q_page = map_pages(1);
    q_page[0] = 5;
    hole_page = map_pages(1);
    munmap(hole_page, PAGE);
}

static void check_after(void)
{
    printf("maps sane: %d\n", maps_sane());
    printf("fork after: %d\n", fork_works());
}

static void section_brk(void) { check_brk(); check_after(); }
static void section_mmap(void) { check_mmap(); check_after(); }
static void section_munmap(void) { check_munmap(p_pages); check_after(); }
static void section_mremap(void) { check_mremap_common(q_page); check_after(); }
static void section_mprotect(void) { check_mprotect(p_pages); }
static void section_madvise(void) { check_madvise(p_pages); }
static void section_msync(void) { check_msync(p_pages); }
static void section_mlock(void) { check_mlock(p_pages, hole_page); }
static void section_mincore(void) { check_mincore(p_pages); }
static void section_writeonly(void) { check_write_only_file_mapping(); check_write_only_after_fork(); }

static sigjmp_buf fault_jump;

static void on_segv(int sig, siginfo_t *info, void *context)
{
    (void)sig; (void)context;
    siglongjmp(fault_jump, info->si_code == SEGV_ACCERR ? 1 : 2);
}

/* PROT_EXEC alone: the page runs but cannot be read (RISC-V Linux maps it X only; qemu-user reads it). */
static void section_linux_execonly(void)
{
    uint32_t *code = map_pages(1);
    code[0] = 0x02a00513; /* li a0, 42 */
    code[1] = 0x00008067; /* ret */
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    if (mprotect(code, PAGE, PROT_EXEC) != 0) { perror("mprotect exec"); exit(2); }
    printf("exec-only page runs: %d\n", ((int (*)(void))code)());
    struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO | SA_NODEFER };
    sigaction(SIGSEGV, &sa, NULL);
    int outcome = sigsetjmp(fault_jump, 1);
    if (outcome == 0)
    {
        volatile uint32_t word = *(volatile uint32_t *)code;
        printf("exec-only page read: %x\n", word);
    }
    else printf("exec-only page read: SIGSEGV %s\n", outcome == 1 ? "SEGV_ACCERR" : "other");
    signal(SIGSEGV, SIG_DFL);
}

static void section_linux_munmap(void)
{
    /* mm/mmap.c: a range starting past TASK_SIZE is EINVAL (qemu 7.2 aborts on this one). */
    report("munmap(-4096, 4096)", syscall(SYS_munmap, -4096UL, PAGE), 0);
    check_after();
}

static void section_linux_mremap(void)
{
    char *q = q_page;
    /* mm/mremap.c: a new length that rounds up to 0 is EINVAL (qemu: ENOMEM). */
    report("mremap(q, 4096, -1, MAYMOVE)", syscall(SYS_mremap, q, PAGE, -1UL, MREMAP_MAYMOVE, 0), 1);
    /* Shrinking unmaps [q+new, q+old): an old length past the user space is EINVAL from munmap (qemu: ENOMEM). */
    report("mremap(q, -4096, 4096, 0)", syscall(SYS_mremap, q, -4096UL, PAGE, 0, 0), 1);
    printf("page after mremap: %d\n", q[0]);
    check_after();
}

static void section_linux_mprotect(void)
{
    /* mm/mprotect.c: a zero length succeeds before any range check (qemu: ENOMEM). */
    report("mprotect(q, 0)", syscall(SYS_mprotect, q_page, 0UL, PROT_READ), 0);
}

static void section_linux_madvise(void)
{
    char *q = q_page;
    /* mm/madvise.c: unknown advice is EINVAL, unmapped ranges ENOMEM (qemu ignores advice). */
    report("madvise(q, 4096, 12345)", syscall(SYS_madvise, q, PAGE, 12345), 0);
    report("madvise(hole, 4096, NORMAL)", syscall(SYS_madvise, hole_page, PAGE, MADV_NORMAL), 0);
    report("madvise(hole, 4096, DONTNEED)", syscall(SYS_madvise, hole_page, PAGE, MADV_DONTNEED), 0);
    report("madvise(q, 4096, WILLNEED)", syscall(SYS_madvise, q, PAGE, MADV_WILLNEED), 0);
    printf("page after madvise: %d\n", q[0]);
}

/* Fills guest RAM through read() from /dev/zero (a kernel write that finds no frame is EFAULT, not a
   kill), then execve: it must fail with ENOMEM. Everything used afterwards is made resident first. */
extern char __executable_start[], etext[], __data_start[], _end[];

static void exhaust(char *self)
{
    int zero = open("/dev/zero", O_RDONLY);
    unsigned long size = 4UL << 30;
    char *big = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (zero < 0 || big == MAP_FAILED) { perror("setup"); exit(2); }
    char *argv[] = { self, "common", NULL };
    char message[64];
    strcpy(message, "execve: ");
    for (volatile char *c = __executable_start; c < etext; c += PAGE) (void)*c;
    for (volatile char *c = __data_start; c < _end; c += PAGE) *c = *c;
    fflush(stdout);
    unsigned long filled = 0;
    long r = 0;
    while (filled < size && (r = syscall(SYS_read, zero, big + filled, 16UL << 20)) > 0) filled += (unsigned long)r;
    if (filled >= size) { printf("RAM was not exhausted\n"); exit(2); }
    r = syscall(SYS_execve, self, argv, NULL);
    int e = errno;
    size_t n = strlen(message);
    const char *name = r == -1 ? err_name(e) : "returned";
    while (*name) message[n++] = *name++;
    message[n++] = '\n';
    syscall(SYS_write, 1, message, n);
    syscall(SYS_exit_group, 0);
}

static const struct { const char *name; void (*run)(void); } sections[] = {
    { "brk", section_brk }, { "mmap", section_mmap }, { "munmap", section_munmap }, { "mremap", section_mremap },
    { "mprotect", section_mprotect }, { "madvise", section_madvise }, { "msync", section_msync },
    { "mlock", section_mlock }, { "mincore", section_mincore }, { "writeonly", section_writeonly },
    { "linux-munmap", section_linux_munmap }, { "linux-mremap", section_linux_mremap },
    { "linux-mprotect", section_linux_mprotect }, { "linux-madvise", section_linux_madvise },
    { "linux-execonly", section_linux_execonly },
};

/* Arguments: section names, "common" (every section qemu agrees on), "linux" (the others), or "exhaust". */
int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "exhaust") == 0) exhaust(argv[0]);
    setup();
    for (int a = 1; a < argc; a++)
    {
        int found = 0;
        for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        {
            int is_linux = strncmp(sections[i].name, "linux-", 6) == 0;
            if (strcmp(argv[a], sections[i].name) == 0 || (strcmp(argv[a], "common") == 0 && !is_linux) ||
                (strcmp(argv[a], "linux") == 0 && is_linux))
            {
                sections[i].run();
                found = 1;
            }
        }
        if (!found) { fprintf(stderr, "unknown section %s\n", argv[a]); return 2; }
    }
    return 0;
}
