// A bare-metal sample for rvjit's system mode: prints through the HTIF console and exits through tohost,
// the protocol riscv-tests and QEMU's spike machine use. Built by samples/build.sh.
#include <stdint.h>

volatile uint64_t tohost __attribute__((section(".tohost"), aligned(64)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(64)));

static void putchar_htif(char c)
{
    tohost = (1ULL << 56) | (1ULL << 48) | (uint8_t)c; // device 1 (console), command 1 (putchar)
    while (tohost != 0) { }                            // the host clears tohost once it has taken the character
}

static void puts_htif(const char *s)
{
    while (*s) putchar_htif(*s++);
}

static void put_u64(uint64_t v)
{
    char buf[21];
    int i = 20;
    buf[i] = 0;
    do { buf[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    puts_htif(&buf[i]);
}

// Sums the primes below n with a sieve: enough work to show the engine running real code.
static uint64_t sum_primes(unsigned n)
{
    static uint8_t composite[100000];
    uint64_t sum = 0;
    for (unsigned i = 2; i < n; i++) {
        if (composite[i]) continue;
        sum += i;
        for (unsigned j = 2 * i; j < n; j += i) composite[j] = 1;
    }
    return sum;
}

void main(void)
{
    puts_htif("Hello from rvjit (bare-metal RV64GC)\n");
    puts_htif("sum of primes below 100000 = ");
    put_u64(sum_primes(100000));
    puts_htif("\n");
    tohost = 1; // exit code 0
    for (;;) { }
}
