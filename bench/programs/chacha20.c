/* chacha20: a stream cipher (RFC 8439 block function, own code): add-rotate-xor rounds on 32-bit words.
 * Encrypts a generated buffer in place many times with an advancing block counter and prints a
 * checksum of the final ciphertext; a self-test checks one keystream block against a reference. */
#include <string.h>
#include "bench_common.h"

static inline uint32_t rotl32(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

#define QUARTER(a, b, c, d)                         \
    do {                                            \
        a += b; d ^= a; d = rotl32(d, 16);          \
        c += d; b ^= c; b = rotl32(b, 12);          \
        a += b; d ^= a; d = rotl32(d, 8);           \
        c += d; b ^= c; b = rotl32(b, 7);           \
    } while (0)

static uint32_t load32(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

/* One 64-byte keystream block for (key, counter, nonce). */
static void chacha20_block(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12], uint8_t out[64])
{
    uint32_t s[16], x[16];
    s[0] = 0x61707865; s[1] = 0x3320646e; s[2] = 0x79622d32; s[3] = 0x6b206574; /* "expand 32-byte k" */
    for (int i = 0; i < 8; i++) s[4 + i] = load32(key + 4 * i);
    s[12] = counter;
    for (int i = 0; i < 3; i++) s[13 + i] = load32(nonce + 4 * i);
    memcpy(x, s, sizeof s);
    for (int i = 0; i < 10; i++) {
        QUARTER(x[0], x[4], x[8], x[12]); QUARTER(x[1], x[5], x[9], x[13]);
        QUARTER(x[2], x[6], x[10], x[14]); QUARTER(x[3], x[7], x[11], x[15]);
        QUARTER(x[0], x[5], x[10], x[15]); QUARTER(x[1], x[6], x[11], x[12]);
        QUARTER(x[2], x[7], x[8], x[13]); QUARTER(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) {
        uint32_t v = x[i] + s[i];
        out[4 * i] = (uint8_t)v; out[4 * i + 1] = (uint8_t)(v >> 8);
        out[4 * i + 2] = (uint8_t)(v >> 16); out[4 * i + 3] = (uint8_t)(v >> 24);
    }
}

static void chacha20_xor(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12], uint8_t *buf, size_t n)
{
    uint8_t ks[64];
    for (size_t off = 0; off < n; off += 64, counter++) {
        chacha20_block(key, counter, nonce, ks);
        size_t take = n - off < 64 ? n - off : 64;
        for (size_t i = 0; i < take; i++) buf[off + i] ^= ks[i];
    }
}

int main(int argc, char **argv)
{
    long rounds = bench_scaled(2700, bench_scale(argc, argv));
    uint8_t key[32], nonce[12] = { 0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0 }, block[64];
    for (int i = 0; i < 32; i++) key[i] = (uint8_t)i;

    /* RFC 8439 section 2.3.2 keystream block: first and last bytes. */
    chacha20_block(key, 1, nonce, block);
    if (block[0] != 0x10 || block[1] != 0xf1 || block[2] != 0xe7 || block[3] != 0xe4 || block[63] != 0x4e) {
        puts("chacha20: self-test failed");
        return 1;
    }

    enum { LEN = 65536 };
    static uint8_t buf[LEN];
    rng_t r;
    rng_seed(&r, 2020);
    for (int i = 0; i < LEN; i++) buf[i] = (uint8_t)rng_next(&r);
    uint32_t counter = 1;
    for (long it = 0; it < rounds; it++) {
        chacha20_xor(key, counter, nonce, buf, LEN);
        counter += LEN / 64;
        key[it % 32] ^= buf[it % LEN];
    }
    uint64_t h = 0;
    for (int i = 0; i < LEN; i += 8) {
        uint64_t v;
        memcpy(&v, buf + i, 8);
        h = mix64(h, v);
    }
    printf("chacha20 bytes=%d rounds=%ld checksum=%016llx\n", LEN, rounds, (unsigned long long)h);
    return 0;
}
