/* ptrchase: memory-latency bound. Builds one random cycle (Sattolo's shuffle) through 2 Mi nodes of
 * 8 bytes (16 MiB, far beyond L1/L2) and follows it, each load's address depending on the previous
 * load, summing the node payloads. */
#include "bench_common.h"

typedef struct { uint32_t next; uint32_t value; } node_t;

int main(int argc, char **argv)
{
    long steps = bench_scaled(10000000, bench_scale(argc, argv));
    const uint32_t n = 1u << 21;
    node_t *nodes = malloc((size_t)n * sizeof *nodes);
    uint32_t *order = malloc((size_t)n * sizeof *order);
    if (!nodes || !order) { fputs("out of memory\n", stderr); return 1; }

    rng_t r;
    rng_seed(&r, 0xC0FFEE);
    for (uint32_t i = 0; i < n; i++) order[i] = i;
    /* Sattolo: swapping only with strictly earlier slots yields a single n-cycle. */
    for (uint32_t i = n - 1; i > 0; i--) {
        uint32_t j = rng_below(&r, i);
        uint32_t t = order[i]; order[i] = order[j]; order[j] = t;
    }
    for (uint32_t i = 0; i < n; i++) {
        nodes[order[i]].next = order[(i + 1) % n];
        nodes[order[i]].value = (uint32_t)rng_next(&r);
    }
    free(order);

    uint32_t p = 0;
    uint64_t sum = 0;
    for (long s = 0; s < steps; s++) {
        sum += nodes[p].value;
        p = nodes[p].next;
    }
    printf("ptrchase nodes=%u steps=%ld last=%u checksum=%016llx\n", n, steps, p,
           (unsigned long long)mix64(sum, p));
    free(nodes);
    return 0;
}
