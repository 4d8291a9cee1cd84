/* Input for the disassembler's objdump-agreement test: built with
 * riscv64-linux-gnu-gcc -static -O2 -march=rv64gc, so the test compares rvjit's disassembly with objdump's
 * over this code and all of static glibc. The code exercises what the compiler emits for floating point
 * (every rounding-mode conversion, fused multiply-add, sign injection), atomics with each memory order,
 * CSR access and bit tricks, so those encodings appear even if glibc happened not to use them. */
#include <fenv.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Atomic long counter;
static _Atomic int flag32;

__attribute__((noinline)) double poly(double x, double a, double b, double c)
{
    return fma(fma(a, x, b), x, c) - fabs(x) * copysign(2.0, -x);
}

__attribute__((noinline)) float polyf(float x, float a, float b)
{
    return fmaf(a, x, b) / sqrtf(fabsf(x) + 1.0f) + fminf(a, b) - fmaxf(a, x);
}

__attribute__((noinline)) long conversions(double d, float f)
{
    long r = (long)d + (long)f;
    r += (unsigned long)d + (unsigned)f + (int)d;
    r += lround(d) + lrint(d) + (long)floor(d) + (long)ceil(d) + (long)trunc(f);
    r += (long)(float)d + (long)(double)f;
    r += (long)((double)r * 0.5) + (long)(float)(unsigned long)r;
    return r;
}

__attribute__((noinline)) int compare(double a, double b, float c, float d)
{
    return (a < b) + (a <= b) * 2 + (a == b) * 4 + (c < d) * 8 + (c <= d) * 16 + (c == d) * 32
        + isnan(a) * 64 + isinf(c) * 128 + (fpclassify(a) == FP_SUBNORMAL) * 256;
}

__attribute__((noinline)) long atomics(long v)
{
    long r = atomic_fetch_add_explicit(&counter, v, memory_order_relaxed);
    r += atomic_fetch_sub_explicit(&counter, 1, memory_order_acquire);
    r += atomic_fetch_or_explicit(&counter, 4, memory_order_release);
    r += atomic_fetch_and_explicit(&counter, ~8L, memory_order_acq_rel);
    r += atomic_fetch_xor_explicit(&counter, 3, memory_order_seq_cst);
    r += atomic_exchange(&counter, r);
    long expected = r;
    atomic_compare_exchange_strong(&counter, &expected, v);
    int e32 = 1;
    atomic_compare_exchange_weak_explicit(&flag32, &e32, 2, memory_order_acquire, memory_order_relaxed);
    r += atomic_fetch_add(&flag32, 7) + atomic_load(&flag32);
    atomic_store_explicit(&flag32, 5, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    atomic_thread_fence(memory_order_acquire);
    atomic_thread_fence(memory_order_release);
    long old;
    /* No C builtin for min/max AMOs: spell them out. */
    __asm__ volatile("amomax.d.aqrl %0, %1, (%2)" : "=r"(old) : "r"(v), "r"(&counter) : "memory");
    r += old;
    __asm__ volatile("amominu.w.aq %0, %1, (%2)" : "=r"(old) : "r"(v), "r"(&flag32) : "memory");
    r += old;
    return r;
}

__attribute__((noinline)) unsigned long csrs(void)
{
    unsigned long cycle, time, instret;
    __asm__ volatile("rdcycle %0" : "=r"(cycle));
    __asm__ volatile("rdtime %0" : "=r"(time));
    __asm__ volatile("rdinstret %0" : "=r"(instret));
    int round = fegetround();
    fesetround(FE_TOWARDZERO);
    feclearexcept(FE_ALL_EXCEPT);
    fesetround(round);
    __asm__ volatile("fence.i");
    __asm__ volatile("fence r, rw" ::: "memory");
    __asm__ volatile("fence.tso" ::: "memory");
    return cycle ^ time ^ instret ^ (unsigned long)fetestexcept(FE_INEXACT);
}

__attribute__((noinline)) unsigned long bits(unsigned long x, unsigned int y, long z)
{
    unsigned long r = __builtin_popcountl(x) + __builtin_clzl(x | 1) + __builtin_ctzl(x | 1);
    r += (x << 17) | (x >> 47);
    r += (unsigned int)(y >> 3) + (int)(y << 5) + (z >> 9) + (unsigned char)x + (unsigned short)y;
    r += (signed char)z + (short)z + (int)z + (unsigned int)z;
    r += (x < 10) + (z < 0) + (z > 0) + (x == 0) + (x != 0);
    r -= (x != 0 ? -z : ~z);
    r *= (long)y / (z | 1) + (long)y % (z | 1) + x / (y | 1) + (unsigned)y % (unsigned)(z | 1);
    return r + ((__int128)x * z >> 64) + ((unsigned __int128)x * y >> 64);
}

int main(int argc, char **argv)
{
    double d = argc > 1 ? atof(argv[1]) : 1.5;
    float f = (float)d * 3.0f;
    char buf[64];
    snprintf(buf, sizeof buf, "%g %f", poly(d, 1, 2, 3), (double)polyf(f, 2, 3));
    long total = conversions(d, f) + compare(d, 2 * d, f, -f) + atomics((long)strlen(buf));
    total += (long)csrs() + (long)bits((unsigned long)total, (unsigned)argc, total);
    printf("%s %ld %f\n", buf, total, sin(d) + exp(f) + pow(d, 0.5));
    return (int)(total & 1);
}
