/* pcompute: CPU-bound work split over N threads (argv[1], default 1) at work scale argv[2] (default 1.0).
 * The total work is fixed, a number of independent blocks: each block is a 4 KiB array seeded from the
 * block's number and mixed for several rounds (multiply, xor-shift, rotate, a neighbour's value); blocks are
 * split into one contiguous range per thread. Each thread works in its own 64-byte-aligned array and
 * adds its blocks' checksums into one shared atomic counter, so the printed line is the same for every
 * thread count and 1 vs 2 threads times the same work. */
#include <pthread.h>
#include <stdalign.h>
#include <string.h>

#include "../programs/bench_common.h"

#define BLOCK_WORDS 512  /* 4 KiB per block: each thread's data stays in its own L1 */
#define ROUNDS 48
#define BASE_BLOCKS 16000
#define MAX_THREADS 64

/* One thread's private state, aligned and padded to cache lines so threads never share a line. */
typedef struct {
    alignas(64) uint64_t data[BLOCK_WORDS];
    long first, end;  /* blocks [first, end) */
    alignas(64) char pad[64];
} worker_t;

static worker_t workers[MAX_THREADS];
static alignas(64) uint64_t total_checksum;  /* shared: one atomic add per block */
static alignas(64) long blocks_done;

static uint64_t rotl(uint64_t v, int k) { return (v << k) | (v >> (64 - k)); }

static uint64_t run_block(uint64_t *a, long block)
{
    rng_t r;
    rng_seed(&r, 0x5DEECE66DULL * (uint64_t)(block + 1));
    for (int i = 0; i < BLOCK_WORDS; i++) a[i] = rng_next(&r);
    for (int round = 0; round < ROUNDS; round++) {
        uint64_t carry = (uint64_t)round * 0x9E3779B97F4A7C15ULL;
        for (int i = 0; i < BLOCK_WORDS; i++) {
            uint64_t v = a[i] ^ carry;
            v ^= v >> 29;
            v *= 0xBF58476D1CE4E5B9ULL;
            v = rotl(v, (int)(carry & 31) + 1) + a[(i + 1) & (BLOCK_WORDS - 1)];
            a[i] = v;
            carry = v;
        }
    }
    uint64_t h = (uint64_t)block;
    for (int i = 0; i < BLOCK_WORDS; i++) h = mix64(h, a[i]);
    return h;
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    for (long b = w->first; b < w->end; b++) {
        uint64_t h = run_block(w->data, b);
        __atomic_fetch_add(&total_checksum, h, __ATOMIC_RELAXED);
        __atomic_fetch_add(&blocks_done, 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int threads = 1;
    if (argc >= 2) {
        char *end;
        long t = strtol(argv[1], &end, 10);
        if (end == argv[1] || *end != '\0' || t < 1 || t > MAX_THREADS) {
            fprintf(stderr, "usage: %s [threads 1..%d] [scale>0]\n", argv[0], MAX_THREADS);
            return 2;
        }
        threads = (int)t;
    }
    double scale = bench_scale(argc - 1, argv + 1);
    long blocks = bench_scaled(BASE_BLOCKS, scale);

    pthread_t ids[MAX_THREADS];
    for (int t = 0; t < threads; t++) {
        workers[t].first = blocks * t / threads;
        workers[t].end = blocks * (t + 1) / threads;
        if (pthread_create(&ids[t], NULL, worker_main, &workers[t]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    }
    for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);

    printf("pcompute: %ld blocks x %d rounds, done %ld, checksum %016llx\n", blocks, ROUNDS,
           __atomic_load_n(&blocks_done, __ATOMIC_RELAXED),
           (unsigned long long)__atomic_load_n(&total_checksum, __ATOMIC_RELAXED));
    return 0;
}
