/* The system-call argument fuzzer's guest: issues random system calls with hostile arguments.
 *
 * usage: syscall_fuzz SEED BATCHES CALLS [ALLOWANCE...]
 * The parent forks one child per batch; the child makes CALLS random calls (seeded from SEED and the batch
 * number, so a batch is reproducible alone) and exits. The parent survives whatever a child does: it
 * catches every signal it can, kills a child that takes too long, and prints one summary line:
 *   syscall_fuzz: seed S: C calls in B batches: E exited, K killed, T timed out
 * and, for each child killed by a signal, the call it was making (number and arguments), from a page
 * shared with the child. Calls that end the process on purpose (exit, execve, rt_sigreturn, lethal
 * signals to itself) are never made; fork is made a few times per batch with the child exiting at once.
 * ALLOWANCE names a known rvjit bug being fixed elsewhere whose trigger the guest avoids meanwhile (the host
 * side lists them in its reports): "io-length-allocates-host-memory" keeps the lengths of the read and
 * write families (and their iovecs) at 1 MiB or less.
 * Run it only inside rvjit's --root jail: it creates, renames and removes files in its working directory.
 * Never under qemu-riscv64, which would make these calls on the host. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the child records before each call, for the parent to print when the child dies. */
struct shared_log {
    volatile long calls;
    volatile long nr;
    volatile long args[6];
};

static uint64_t rng_state;

static uint64_t next(void)
{
    /* xorshift64*: small, seedable, the same on every host. */
    uint64_t x = rng_state;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static uint64_t below(uint64_t n) { return n ? next() % n : 0; }

static uint64_t mix(uint64_t a, uint64_t b)
{
    uint64_t z = a * 0x9E3779B97F4A7C15ULL + b + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return z ? z : 1;
}

/* Memory the fuzzed calls may read and write: two data pages followed by a PROT_NONE guard page, so
 * "near the end of a mapped page" pointers cross into a fault. */
static unsigned char *data;
static unsigned char *scratch;   /* a region the memory-management calls may unmap or remap */
static const long page = 4096;

static const char *const paths[] = {
    "a", "b", "d", "d/e", "s", "f.txt", ".", "..", "/", "/a", "/d/../a", "/proc/self/maps",
    "/proc/self/fd/0", "/proc/self/status", "/dev/null", "/dev/zero", "/dev/urandom", "/proc", "",
    "d/../../../a", "a/", "/dev", "/tmp",
};
#define NPATHS (sizeof paths / sizeof paths[0])

static long fds[16];
static int nfds;

static long pick_fd(void)
{
    switch (below(6)) {
    case 0: return (long)below(3);
    case 1: return -1;
    case 2: return -100; /* AT_FDCWD */
    case 3: return nfds ? fds[below(nfds)] : 3;
    case 4: return 3 + (long)below(20);
    default: return (long)(int)next();
    }
}

/* Places a path string in the data page and returns it. */
static long pick_path(void)
{
    char *p = (char *)data + page + 2048 + 256 * below(4);
    strcpy(p, paths[below(NPATHS)]);
    return (long)p;
}

static long pick_pointer(void)
{
    switch (below(10)) {
    case 0: return 0;
    case 1: return (long)(0xffffffc000000000ULL + (below(1 << 20) << 12)); /* the kernel half */
    case 2: return (long)(0x1000 + below(16) * page);                      /* unmapped, low */
    case 3: return (long)(0x3000000000ULL + below(1 << 20) * 8);           /* unmapped, high */
    case 4: return (long)(data + 2 * page - (1 << below(5)));              /* just before the guard page */
    case 5: return (long)(data + 2 * page);                                 /* the guard page */
    case 6: return pick_path();
    case 7: return (long)(data + below(page));
    case 8: return (long)(0x8000000000000000ULL | next());                  /* non-canonical */
    default: return (long)data;
    }
}

static long pick_length(void)
{
    static const long lengths[] = { 0, 1, 2, 7, 8, 64, 4095, 4096, 4097, 8192, 65536, 0x7ffff000L,
        0x80000000L, 0xffffffffL, -1L, -4096L, 0x7fffffffffffffffL, 1L << 40 };
    if (below(4) == 0) return (long)below(1 << 16);
    return lengths[below(sizeof lengths / sizeof lengths[0])];
}

static long pick_flags(void)
{
    switch (below(4)) {
    case 0: return 0;
    case 1: return 1L << below(32);
    case 2: return (long)(uint32_t)next();
    default: return (long)next();
    }
}

static long pick_int(void)
{
    static const long small[] = { -1, 0, 1, 2, 3, 4, 5, 8, 16, 64, 255, 256, 1024, 4096, 0x7fffffff, -0x80000000L };
    return small[below(sizeof small / sizeof small[0])];
}

static long pick_arg(void)
{
    switch (below(7)) {
    case 0: return pick_int();
    case 1: return pick_fd();
    case 2: case 3: return pick_pointer();
    case 4: return pick_length();
    case 5: return pick_flags();
    default: return (long)next();
    }
}

/* Addresses for the calls that change mappings: never the program's own code, data, stack or the
 * buffers above, so most batches keep running (the random values almost never hit them). */
static long pick_map_address(void)
{
    switch (below(5)) {
    case 0: return (long)scratch;
    case 1: return (long)(scratch + page * below(4));
    case 2: return (long)(scratch + 1 + below(page - 1));
    case 3: return pick_pointer() == (long)data ? 0 : (long)(0x2000000000ULL + (below(1 << 16) << 12));
    default: return (long)next();
    }
}

/* A sockaddr the network calls may use: loopback or an AF_UNIX path in the jail, never a host elsewhere. */
static long pick_sockaddr(long *len)
{
    unsigned char *p = data + page + 1024;
    memset(p, 0, 128);
    *len = (long)below(130);
    switch (below(4)) {
    case 0: { /* AF_INET 127.0.0.1 */
        p[0] = 2; p[2] = (unsigned char)below(256); p[3] = (unsigned char)below(256);
        p[4] = 127; p[7] = 1;
        if (below(2)) *len = 16;
        return (long)p;
    }
    case 1: { /* AF_INET6 ::1 */
        p[0] = 10; p[2] = (unsigned char)below(256); p[3] = (unsigned char)below(256); p[23] = 1;
        if (below(2)) *len = 28;
        return (long)p;
    }
    case 2: { /* AF_UNIX, a name in the jail or an abstract name of our own */
        p[0] = 1;
        if (below(2)) strcpy((char *)p + 2, paths[below(5)]);
        else { p[2] = 0; strcpy((char *)p + 3, "rvjit-fuzz"); }
        if (below(2)) *len = 2 + 20;
        return (long)p;
    }
    default: {
        long q = pick_pointer();
        return q == (long)data ? 0 : q;
    }
    }
}

static int forks_left;
static pid_t parent_pid;

static long pick_pid(void)
{
    switch (below(6)) {
    case 0: return 0;
    case 1: return getpid();
    case 2: return -1;
    case 3: return 99999;
    case 4: return -(long)getpid();
    default: return (long)(int)next();
    }
}

static long pick_signal(void)
{
    long s;
    do s = below(4) ? (long)below(66) : (long)(int)next();
    while (s == SIGKILL || s == SIGSTOP);
    return s;
}

/* Calls never made: they end the process on purpose, replace it, or fork without exiting. */
static int forbidden(long nr)
{
    switch (nr) {
    case SYS_exit: case SYS_exit_group: case SYS_execve: case SYS_execveat: case SYS_rt_sigreturn:
    case SYS_clone3: case SYS_reboot:
    case SYS_process_vm_readv: case SYS_process_vm_writev: /* would write into the parent */
        return 1;
    default:
        return 0;
    }
}

static struct shared_log *slog;

static long call(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
    slog->nr = nr;
    slog->args[0] = a0; slog->args[1] = a1; slog->args[2] = a2;
    slog->args[3] = a3; slog->args[4] = a4; slog->args[5] = a5;
    slog->calls++;
    return syscall(nr, a0, a1, a2, a3, a4, a5);
}

/* The calls rvjit implements (most picks), so a batch exercises argument checks, not ENOSYS. */
static const short implemented[] = {
    17,19,20,21,22,23,24,25,29,32,33,34,35,36,37,38,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,59,61,62,
    63,64,65,66,67,68,69,70,71,72,73,76,78,79,80,81,82,83,84,88,90,91,92,95,96,97,98,99,100,101,102,103,
    112,113,114,115,116,118,119,120,121,122,123,124,125,126,129,130,131,132,133,134,135,136,137,138,140,
    141,143,144,145,146,147,148,149,150,151,152,153,154,155,156,157,158,159,160,161,162,163,164,165,166,
    167,168,169,170,172,173,174,175,176,177,178,179,198,199,200,201,202,203,204,205,206,207,208,209,210,
    211,212,213,214,215,216,220,222,223,226,227,228,229,230,231,232,233,242,258,259,260,261,267,276,278,
    279,283,284,285,286,287,291,293,439,
};

static void one_call(void)
{
    long nr;
    do nr = below(8) ? implemented[below(sizeof implemented / sizeof implemented[0])]
                     : below(2) ? (long)below(294) : 424 + (long)below(30);
    while (forbidden(nr));
    long a[6];
    for (int i = 0; i < 6; i++) a[i] = pick_arg();
    for (long i = 0; i < 64; i++) data[i] = (unsigned char)next(); /* fresh random structures */

    long socklen;
    switch (nr) {
    case SYS_clone: {
        if (forks_left-- <= 0) return;
        long r = call(nr, SIGCHLD, 0, 0, 0, 0, 0);
        if (r == 0) syscall(SYS_exit, 0);
        return;
    }
    case SYS_kill: a[0] = pick_pid(); a[1] = pick_signal(); break;
    case SYS_tkill: a[0] = pick_pid(); a[1] = pick_signal(); break;
    case SYS_tgkill: a[0] = pick_pid(); a[1] = pick_pid(); a[2] = pick_signal(); break;
    case SYS_rt_sigqueueinfo: a[0] = pick_pid(); a[1] = pick_signal(); break;
    case SYS_rt_tgsigqueueinfo: a[0] = pick_pid(); a[1] = pick_pid(); a[2] = pick_signal(); break;
    case SYS_pidfd_send_signal: a[1] = pick_signal(); break;
    case SYS_prlimit64: a[0] = below(2) ? 0 : getpid(); break;
    case SYS_socket: case SYS_socketpair:
        a[0] = below(4) ? (long[]){ 1, 2, 10 }[below(3)] : pick_int();
        a[1] = (long[]){ 1, 2, 5 }[below(3)] | (below(2) ? 0x800 : 0) | (below(2) ? 0x80000 : 0);
        a[2] = 0;
        break;
    case SYS_connect: case SYS_bind: a[1] = pick_sockaddr(&socklen); a[2] = socklen; break;
    case SYS_sendto: a[4] = pick_sockaddr(&socklen); a[5] = socklen; break;
    case SYS_sendmsg: {
        /* struct msghdr { name, namelen, iov, iovlen, control, controllen, flags } with a safe name. */
        long *m = (long *)(data + page + 512);
        long *iov = m + 8;
        m[0] = pick_sockaddr(&socklen); m[1] = socklen;
        m[2] = below(4) ? (long)iov : pick_pointer(); m[3] = (long)below(4);
        m[4] = 0; m[5] = 0; m[6] = 0;
        iov[0] = (long)data; iov[1] = pick_length(); iov[2] = pick_pointer(); iov[3] = pick_length();
        a[1] = below(8) ? (long)m : pick_pointer();
        break;
    }
    case SYS_mmap:
        a[0] = pick_map_address();
        /* MAP_FIXED only over the scratch region, so the program's own pages stay. */
        if ((a[3] & 0x100010) && a[0] != (long)scratch) a[3] &= ~0x100010L;
        break;
    case SYS_munmap: case SYS_mprotect: case SYS_madvise: case SYS_mremap: case SYS_msync:
    case SYS_mlock: case SYS_munlock: case SYS_mlock2: case SYS_mincore:
        a[0] = pick_map_address();
        if (nr == SYS_mremap) {
            if (a[3] & 2) a[4] = pick_map_address(); /* MREMAP_FIXED: new address in the scratch region */
            if (a[4] != (long)scratch) a[3] &= ~2L;
        }
        if (nr == SYS_mincore) a[2] = pick_pointer();
        break;
    case SYS_fallocate: /* never allocate much of the host's disk */
        a[2] &= 0xffffff; a[3] &= 0xfffff;
        break;
    case SYS_sendfile: a[3] &= 0xfffff; break;
    case SYS_copy_file_range: a[4] &= 0xfffff; break;
    case SYS_splice: a[4] &= 0xfffff; break;
    case SYS_tee: a[2] &= 0xfffff; break;
    case SYS_openat: case SYS_mkdirat: case SYS_unlinkat: case SYS_faccessat: case SYS_faccessat2:
    case SYS_fchmodat: case SYS_fchownat: case SYS_newfstatat: case SYS_readlinkat: case SYS_mknodat:
    case SYS_utimensat: case SYS_statx:
        if (below(4)) a[1] = pick_path();
        if (below(2)) a[0] = -100;
        break;
    case 38 /* renameat */: case SYS_renameat2: case SYS_linkat:
        if (below(4)) { a[1] = pick_path(); a[3] = pick_path(); }
        if (below(2)) a[0] = a[2] = -100;
        break;
    case SYS_symlinkat:
        /* A link's target is a relative name in the jail (links that point outside are the jail's own tests). */
        a[0] = (long)(data + page + 3072); strcpy((char *)a[0], paths[below(6)]);
        a[2] = pick_path(); a[1] = -100;
        break;
    case SYS_chdir: case SYS_truncate: case SYS_statfs:
        if (below(4)) a[0] = pick_path();
        if (nr == SYS_truncate) a[1] &= 0xffffffffffL;
        break;
    default:
        break;
    }
    long r = call(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    /* Keep descriptors the calls return, so later calls act on real files, sockets, pipes. */
    if (r >= 0 && r < 1024 && (nr == SYS_openat || nr == SYS_socket || nr == SYS_dup || nr == SYS_eventfd2 ||
            nr == SYS_epoll_create1 || nr == SYS_memfd_create || nr == SYS_accept || nr == SYS_accept4 ||
            nr == SYS_fcntl))
        fds[nfds++ % 16] = r, nfds = nfds > 16 ? 16 : nfds;
    if (r == 0 && (nr == SYS_pipe2 || nr == SYS_socketpair) && a[nr == SYS_pipe2 ? 0 : 3] == (long)data) {
        int *pair = (int *)data;
        if (pair[0] >= 0 && pair[0] < 1024) fds[nfds++ % 16] = pair[0];
        if (pair[1] >= 0 && pair[1] < 1024) fds[nfds++ % 16] = pair[1];
        if (nfds > 16) nfds = 16;
    }
}

static void on_signal(int sig) { (void)sig; }

static void setup_files(void)
{
    /* A few files and directories for the path calls to find. */
    int fd = (int)syscall(SYS_openat, -100, "f.txt", 0102, 0644);
    if (fd >= 0) { (void)!write(fd, "hello fuzz\n", 11); fds[nfds++] = fd; }
    syscall(SYS_mkdirat, -100, "d", 0755);
    fd = (int)syscall(SYS_openat, -100, "a", 0102, 0600);
    if (fd >= 0) fds[nfds++] = fd;
    int p[2];
    if (pipe(p) == 0) { fds[nfds++] = p[0]; fds[nfds++] = p[1]; }
}

static void run_batch(uint64_t seed, long batch, long calls)
{
    rng_state = mix(seed, (uint64_t)batch);
    forks_left = 3;
    setup_files();
    /* Blocking calls end with EINTR: a SIGALRM every 20 ms (unless a fuzzed call changes that; the
     * parent then kills the batch when its time is up). */
    struct sigaction sa = { 0 };
    sa.sa_handler = on_signal;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    for (long i = 0; i < calls; i++) one_call();
    syscall(SYS_exit, 0);
}

static volatile sig_atomic_t parent_alarm;
static void on_parent_alarm(int sig) { (void)sig; parent_alarm = 1; }

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: syscall_fuzz SEED BATCHES CALLS\n"); return 2; }
    uint64_t seed = strtoull(argv[1], NULL, 0);
    long batches = strtol(argv[2], NULL, 0), calls = strtol(argv[3], NULL, 0);
    parent_pid = getpid();
    slog = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    data = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    scratch = mmap((void *)0x2000000000, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (slog == MAP_FAILED || data == MAP_FAILED || scratch == MAP_FAILED) { perror("mmap"); return 1; }
    mprotect(data + 2 * page, page, PROT_NONE);

    /* The parent takes every signal a child may send it (SIGKILL and SIGSTOP are never sent). */
    struct sigaction sa = { 0 };
    sa.sa_handler = on_signal;
    for (int s = 1; s < 65; s++)
        if (s != SIGKILL && s != SIGSTOP && s != SIGALRM && s != SIGCHLD) sigaction(s, &sa, NULL);
    /* glibc reserves 32 and 33 and refuses them in sigaction(); a child may still send them to us. The
     * kernel's struct sigaction on riscv64: handler, flags, mask (no restorer: the kernel provides it). */
    struct { void (*handler)(int); unsigned long flags; unsigned long mask; } raw = { on_signal, 0, 0 };
    syscall(SYS_rt_sigaction, 32, &raw, NULL, 8);
    syscall(SYS_rt_sigaction, 33, &raw, NULL, 8);
    struct sigaction alarm_action = { 0 };
    alarm_action.sa_handler = on_parent_alarm;
    sigaction(SIGALRM, &alarm_action, NULL);

    long total = 0, exited = 0, killed = 0, timed_out = 0;
    for (long b = 0; b < batches; b++) {
        slog->calls = 0;
        slog->nr = -1;
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 1; }
        if (pid == 0) run_batch(seed, b, calls);
        parent_alarm = 0;
        struct itimerval limit = { { 0, 0 }, { 2, 0 } };
        setitimer(ITIMER_REAL, &limit, NULL);
        int status = 0;
        pid_t r;
        while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR && !parent_alarm) { }
        if (r < 0) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
            timed_out++;
            printf("batch %ld: timed out in call %ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n", b, slog->nr,
                slog->args[0], slog->args[1], slog->args[2], slog->args[3], slog->args[4], slog->args[5]);
        } else if (WIFSIGNALED(status)) {
            killed++;
            printf("batch %ld: killed by signal %d in call %ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n", b, WTERMSIG(status),
                slog->nr, slog->args[0], slog->args[1], slog->args[2], slog->args[3], slog->args[4], slog->args[5]);
        } else {
            exited++;
        }
        struct itimerval off = { { 0, 0 }, { 0, 0 } };
        setitimer(ITIMER_REAL, &off, NULL);
        total += slog->calls;
    }
    printf("syscall_fuzz: seed %llu: %ld calls in %ld batches: %ld exited, %ld killed, %ld timed out\n",
        (unsigned long long)seed, total, batches, exited, killed, timed_out);
    return 0;
}
