/* Access patterns the TLB cannot hold, in hot loops (compiled code): windows 256 MiB apart whose pages share TLB
 * slots, touched in turn at random offsets (some accesses misaligned across a page end); then faults reached from a
 * hot loop: a page made PROT_NONE (the handler reports the faulting pc as an offset into the loop's function and the
 * progress made) and a page made read-only (the handler makes it writable and the store runs again). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define PAGE 4096UL
#define WINDOW (16UL << 20)
#define STRIDE (256UL << 20)
#define WINDOWS 4

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

__attribute__((noinline)) static uint64_t scatter(unsigned char *base, long steps)
{
    uint64_t sum = 0;
    for (long n = 0; n < steps; n++) {
        uint64_t r = next_random();
        unsigned char *p = base + (n % WINDOWS) * STRIDE + r % (WINDOW - 8);
        uint64_t v;
        memcpy(&v, p, 8); /* an 8-byte load, misaligned and sometimes across a page end */
        sum = sum * 31 + v + (r >> 40);
        v += sum;
        memcpy(p, &v, 8);
        ((volatile uint32_t *)base)[(r >> 20) % 1024] += (uint32_t)v; /* a hot page between the far ones */
    }
    return sum;
}

static sigjmp_buf jump;
static volatile long fault_pc_offset, fault_addr_offset, faults;
static unsigned char *fault_base;
static uintptr_t fault_function;
static volatile int repair; /* 0: leave through siglongjmp; 1: make the page writable and retry */

static void on_segv(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    ucontext_t *uc = context;
    faults++;
    fault_pc_offset = (long)(uc->uc_mcontext.__gregs[REG_PC] - fault_function);
    fault_addr_offset = (long)((unsigned char *)info->si_addr - fault_base);
    if (repair) {
        unsigned char *page = (unsigned char *)((uintptr_t)info->si_addr & ~(PAGE - 1));
        mprotect(page, PAGE, PROT_READ | PROT_WRITE);
        return;
    }
    siglongjmp(jump, 1);
}

__attribute__((noinline)) static uint64_t read_pages(volatile uint64_t *p, long pages, volatile long *done)
{
    uint64_t sum = 0;
    for (long i = 0; i < pages; i++) {
        sum += p[i * (PAGE / 8) + (i & 7)];
        *done = i + 1;
    }
    return sum;
}

__attribute__((noinline)) static void write_pages(volatile uint64_t *p, long pages)
{
    for (long i = 0; i < pages; i++) p[i * (PAGE / 8) + 3] = (uint64_t)i * 7 + 1;
}

int main(void)
{
    /* One STRIDE more than the windows span, so that a multiple of STRIDE lies inside with all windows after it. */
    unsigned long reserved = (WINDOWS + 1) * STRIDE;
    unsigned char *far = mmap(NULL, reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (far == MAP_FAILED) { perror("mmap"); return 1; }
    /* Start at a multiple of STRIDE inside the reservation: the windows' pages then share TLB slots exactly. */
    unsigned char *base = (unsigned char *)(((uintptr_t)far + STRIDE - 1) & ~(STRIDE - 1));
    int windows = base + (WINDOWS - 1) * STRIDE + WINDOW <= far + reserved ? WINDOWS : WINDOWS - 1;
    for (int w = 0; w < windows; w++)
        if (mprotect(base + w * STRIDE, WINDOW, PROT_READ | PROT_WRITE) != 0) { perror("mprotect"); return 1; }
    for (int w = 0; w < windows; w++)
        for (unsigned long off = 0; off < WINDOW; off += PAGE) base[w * STRIDE + off] = (unsigned char)(w + off / PAGE);
    if (windows == WINDOWS) {
        printf("scatter %016llx\n", (unsigned long long)scatter(base, 400000));
    } else {
        puts("scatter: reservation not aligned"); /* never so far; keeps the output deterministic if it happens */
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);

    long pages = 64;
    unsigned char *area = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) { perror("mmap"); return 1; }
    memset(area, 1, pages * PAGE);
    fault_base = area;
    volatile long done = 0;
    uint64_t warm = 0;
    for (int round = 0; round < 200; round++) warm += read_pages((volatile uint64_t *)area, 32, &done);
    printf("warm %llu\n", (unsigned long long)warm);

    /* A PROT_NONE page in the middle: the hot loop's load faults there. */
    mprotect(area + 40 * PAGE, PAGE, PROT_NONE);
    fault_function = (uintptr_t)read_pages;
    if (sigsetjmp(jump, 1) == 0) {
        read_pages((volatile uint64_t *)area, pages, &done);
        puts("no fault");
    }
    printf("load fault: faults=%ld done=%ld addr=+%#lx pc=read_pages+%ld\n", faults, (long)done, fault_addr_offset,
           fault_pc_offset);

    /* A read-only page: the store faults, the handler makes it writable, the store runs again. */
    mprotect(area + 40 * PAGE, PAGE, PROT_READ | PROT_WRITE);
    for (int round = 0; round < 200; round++) write_pages((volatile uint64_t *)area, 32);
    mprotect(area + 50 * PAGE, PAGE, PROT_READ);
    faults = 0;
    repair = 1;
    fault_function = (uintptr_t)write_pages;
    write_pages((volatile uint64_t *)area, pages);
    uint64_t check = 0;
    for (long i = 0; i < pages; i++) check = check * 31 + ((volatile uint64_t *)area)[i * (PAGE / 8) + 3];
    printf("store fault: faults=%ld addr=+%#lx pc=write_pages+%ld check=%016llx\n", faults, fault_addr_offset,
           fault_pc_offset, (unsigned long long)check);
    return 0;
}
