/* Shared helpers for the comparison benchmark programs: the fixed-seed PRNG, the work-scale argument
 * (argv[1]) and the checksum mixing used to print one deterministic result line per program.
 * Portable C only (stdio/stdlib/stdint), so the same source builds for riscv64 Linux and the host. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* xorshift64* generator: fast, good enough for test data, and identical on every platform. */
typedef struct { uint64_t s; } rng_t;

static inline void rng_seed(rng_t *r, uint64_t seed) { r->s = seed ? seed : 0x9E3779B97F4A7C15ULL; }

static inline uint64_t rng_next(rng_t *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* Uniform value in [0, n) (modulo bias is irrelevant for benchmark data). */
static inline uint32_t rng_below(rng_t *r, uint32_t n) { return (uint32_t)((rng_next(r) >> 32) % n); }

/* argv[1] is a positive work multiplier (default 1.0) scaling each program's repetition count, so the
 * comparison script can shrink or grow every benchmark with one option. */
static double bench_scale(int argc, char **argv)
{
    if (argc < 2) return 1.0;
    char *end;
    double s = strtod(argv[1], &end);
    if (end == argv[1] || *end != '\0' || !(s > 0.0)) {
        fprintf(stderr, "usage: %s [scale>0]\n", argv[0]);
        exit(2);
    }
    return s;
}

/* Base work count times the scale, at least 1. */
static long bench_scaled(long base, double scale)
{
    double n = (double)base * scale + 0.5;
    return n < 1.0 ? 1 : (long)n;
}

/* Order-dependent 64-bit checksum accumulator (FNV-like multiply-xor). */
static inline uint64_t mix64(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h * 0x100000001B3ULL;
}

#endif
