/* intalu: integer ALU mix in the spirit of CoreMark's kernels (own code): a small integer matrix
 * multiply, a bitwise CRC-32, a division/remainder mix and bit manipulation (popcount, rotates,
 * leading zeros) with every round's result fed into the next so nothing can be hoisted. */
#include "bench_common.h"

#define N 24
#define CRC_BYTES 2048

static int32_t a[N][N], b[N][N], c[N][N];
static uint8_t buf[CRC_BYTES];

/* C = A*B, then B is perturbed from C so the next round differs. */
static uint32_t matrix_round(uint32_t salt)
{
    uint32_t sum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t acc = 0;
            for (int k = 0; k < N; k++) acc += a[i][k] * b[k][j];
            c[i][j] = acc;
            sum += (uint32_t)acc ^ (uint32_t)(i * N + j);
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) b[i][j] = (int16_t)((c[i][j] >> 3) ^ (int32_t)(salt & 0xff)) & 0x7ff;
    return sum;
}

/* Bit-at-a-time CRC-32 (reflected polynomial), a branchy shift/xor loop. */
static uint32_t crc32_bits(uint32_t crc, const uint8_t *p, int n)
{
    crc = ~crc;
    for (int i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

/* Signed and unsigned 64/32-bit division and remainder with data-dependent divisors. */
static uint64_t division_round(uint64_t x)
{
    uint64_t acc = 0;
    for (int i = 1; i <= 200; i++) {
        uint64_t d = (x >> (i & 31)) | 1u;
        int64_t sx = (int64_t)(x ^ ((uint64_t)i << 40));
        int64_t sd = (int64_t)(d & 0xffff) - 0x8000;
        if (sd == 0) sd = 7;
        uint32_t ux = (uint32_t)x, ud = (uint32_t)(d >> 3) | 1u;
        acc += x / d + x % (d + (uint64_t)i);
        acc ^= (uint64_t)(sx / sd) + (uint64_t)(sx % sd);
        acc += ux / ud + ux % ud;
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    }
    return acc;
}

static int popcount64(uint64_t v)
{
    int n = 0;
    while (v) { v &= v - 1; n++; }
    return n;
}

static int clz64(uint64_t v)
{
    if (!v) return 64;
    int n = 0;
    while (!(v & 0x8000000000000000ULL)) { v <<= 1; n++; }
    return n;
}

static inline uint64_t rotl64(uint64_t v, int r) { return (v << (r & 63)) | (v >> ((64 - r) & 63)); }

static uint64_t bits_round(uint64_t x)
{
    uint64_t acc = 0;
    for (int i = 0; i < 64; i++) {
        x = rotl64(x, 13) ^ (x >> 7) ^ (x * 0x9E3779B97F4A7C15ULL);
        acc += (uint64_t)popcount64(x) * (uint64_t)(clz64(x >> (i & 15)) + 1);
        acc ^= rotl64(acc, i) & ~x;
    }
    return acc;
}

int main(int argc, char **argv)
{
    long rounds = bench_scaled(14000, bench_scale(argc, argv));
    rng_t r;
    rng_seed(&r, 12345);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (int32_t)rng_below(&r, 2048) - 1024;
            b[i][j] = (int32_t)rng_below(&r, 2048);
        }
    for (int i = 0; i < CRC_BYTES; i++) buf[i] = (uint8_t)rng_next(&r);

    uint64_t h = 0, x = rng_next(&r);
    uint32_t crc = 0;
    for (long it = 0; it < rounds; it++) {
        uint32_t m = matrix_round((uint32_t)x);
        crc = crc32_bits(crc, buf, CRC_BYTES);
        buf[it % CRC_BYTES] ^= (uint8_t)m;
        x ^= division_round(x + m);
        x += bits_round(x ^ crc);
        h = mix64(h, m);
        h = mix64(h, crc);
        h = mix64(h, x);
    }
    printf("intalu rounds=%ld crc=%08x checksum=%016llx\n", rounds, crc, (unsigned long long)h);
    return 0;
}
