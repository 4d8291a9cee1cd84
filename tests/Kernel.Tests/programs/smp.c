// Threads that share memory for real (on several harts at once): atomic counters, LR/SC loops, a flag one thread
// spins on while another sets it, and a mapping replaced under a thread that reads it (every hart must stop using
// the old translation before mmap returns). Prints only totals that are the same however the threads interleave.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { Threads = 4, Rounds = 200000, Remaps = 300 };

static atomic_long amo_count;
static long lrsc_count;
static atomic_int go;

static void *count(void *arg)
{
    (void)arg;
    while (!atomic_load(&go)) { }
    for (int i = 0; i < Rounds; i++) {
        atomic_fetch_add_explicit(&amo_count, 1, memory_order_relaxed);
        // A compare-and-swap loop: lr.d / sc.d.
        long old = __atomic_load_n(&lrsc_count, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&lrsc_count, &old, old + 1, 1, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) { }
    }
    return 0;
}

static atomic_int ping, pong;

static void *spin_partner(void *arg)
{
    (void)arg;
    for (int i = 1; i <= 1000; i++) {
        while (atomic_load(&ping) != i) { }
        atomic_store(&pong, i);
    }
    return 0;
}

static char *window;
static atomic_int remap_seq, remap_ack, remap_wrong;

static void *reader(void *arg)
{
    (void)arg;
    for (int i = 1; i <= Remaps; i++) {
        while (atomic_load(&remap_seq) != i) { }
        if (window[0] != (i % 2 ? 'B' : 'A')) atomic_fetch_add(&remap_wrong, 1);
        atomic_store(&remap_ack, i);
    }
    return 0;
}

// Code one thread rewrites while another calls it: after __riscv_flush_icache (which flushes every hart) the
// caller must run the new code.
typedef long (*constant_fn)(void);
static unsigned int *code;
static atomic_int code_seq, code_ack, code_wrong;

static void write_constant(long k)
{
    code[0] = 0x00000513u | ((unsigned)k << 20); // addi a0, zero, k
    code[1] = 0x00008067u;                        // ret
    __builtin___clear_cache((char *)code, (char *)(code + 2));
}

static void *caller(void *arg)
{
    (void)arg;
    long sum = 0;
    for (int i = 1; i <= 200; i++) {
        while (atomic_load(&code_seq) != i) sum += ((constant_fn)code)();
        if (((constant_fn)code)() != i) atomic_fetch_add(&code_wrong, 1);
        atomic_store(&code_ack, i);
    }
    return (void *)sum;
}

// Each thread sums its own array; a spinlock built on amoswap guards a plain counter; a lock-free (Treiber) stack
// takes every thread's nodes.
enum { ArrayLength = 1 << 16, NodesPerThread = 20000 };
static long arrays[Threads][ArrayLength];
static long sums[Threads * 8];
static int spin;
static long guarded;
struct node { struct node *next; };
static struct node nodes[Threads][NodesPerThread];
static struct node *_Atomic top;

static void *mixed(void *arg)
{
    long id = (long)arg;
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < ArrayLength; i++) sums[id * 8] += arrays[id][i];
    for (int i = 0; i < 50000; i++) {
        while (__atomic_exchange_n(&spin, 1, __ATOMIC_ACQUIRE)) { }
        guarded++;
        __atomic_store_n(&spin, 0, __ATOMIC_RELEASE);
    }
    for (int i = 0; i < NodesPerThread; i++) {
        struct node *n = &nodes[id][i];
        struct node *old = atomic_load(&top);
        do n->next = old; while (!atomic_compare_exchange_weak(&top, &old, n));
    }
    return 0;
}

int main(void)
{
    pthread_t t[Threads];
    for (int i = 0; i < Threads; i++) pthread_create(&t[i], 0, count, 0);
    atomic_store(&go, 1);
    for (int i = 0; i < Threads; i++) pthread_join(t[i], 0);
    printf("amo %ld lrsc %ld (expected %d)\n", (long)amo_count, lrsc_count, Threads * Rounds);

    pthread_t p;
    pthread_create(&p, 0, spin_partner, 0);
    int late = 0;
    for (int i = 1; i <= 1000; i++) {
        atomic_store(&ping, i);
        while (atomic_load(&pong) != i) { }
        if (atomic_load(&pong) != i) late++;
    }
    pthread_join(p, 0);
    printf("ping-pong 1000 rounds, %d out of order\n", late);

    // Two pages of one file, mapped in turn at one address: a hart that kept the old translation reads the other letter.
    int fd = memfd_create("smp", 0);
    char pages[8192];
    memset(pages, 'A', 4096);
    memset(pages + 4096, 'B', 4096);
    if (fd < 0 || write(fd, pages, sizeof pages) != sizeof pages) { perror("memfd"); return 1; }
    window = mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0);
    pthread_create(&p, 0, reader, 0);
    for (int i = 1; i <= Remaps; i++) {
        if (mmap(window, 4096, PROT_READ, MAP_SHARED | MAP_FIXED, fd, (i % 2) * 4096) != window) { perror("mmap"); return 1; }
        atomic_store(&remap_seq, i);
        while (atomic_load(&remap_ack) != i) { }
    }
    pthread_join(p, 0);
    printf("remapped %d times under a reader, %d stale reads\n", Remaps, (int)remap_wrong);

    code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    write_constant(0);
    pthread_create(&p, 0, caller, 0);
    for (int i = 1; i <= 200; i++) {
        write_constant(i);
        atomic_store(&code_seq, i);
        while (atomic_load(&code_ack) != i) { }
    }
    pthread_join(p, 0);
    printf("code rewritten 200 times under a caller, %d stale calls\n", (int)code_wrong);

    for (int t = 0; t < Threads; t++)
        for (int i = 0; i < ArrayLength; i++) arrays[t][i] = (long)t * ArrayLength + i;
    for (long i = 0; i < Threads; i++) pthread_create(&t[i], 0, mixed, (void *)i);
    for (int i = 0; i < Threads; i++) pthread_join(t[i], 0);
    long total = 0;
    for (int i = 0; i < Threads; i++) total += sums[i * 8];
    long popped = 0;
    for (struct node *n = atomic_load(&top); n; n = n->next) popped++;
    printf("array sums %ld, spinlocked counter %ld, stack nodes %ld\n", total, guarded, popped);

    long offered = syscall(SYS_membarrier, 0, 0, 0);
    long registered = syscall(SYS_membarrier, 16, 0, 0), expedited = syscall(SYS_membarrier, 8, 0, 0), global = syscall(SYS_membarrier, 1, 0, 0);
    printf("membarrier: offers global and private expedited %d, register %ld, private expedited %ld, global %ld\n",
        (offered & 9) == 9, registered, expedited, global);
    return 0;
}
