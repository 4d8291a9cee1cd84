/*
 * Oracle for the F/D extension semantics: executes every F and D instruction (with each static rounding
 * mode) on a RISC-V machine over a corpus of interesting operands and prints one line per vector:
 *
 *     <mnemonic> <rm|-> <operand>... <result> <fflags>
 *
 * All numbers are hex. A single-precision f-register value is printed as 8 digits when it is properly
 * NaN-boxed (upper 32 bits all ones) and as 16 digits otherwise; doubles and integer registers are printed
 * with %llx. fflags is the accrued-exception CSR after the instruction, starting from zero.
 *
 * Build and run (see README.md):
 *     riscv64-linux-gnu-gcc -static -O2 -march=rv64gc gen_fp_vectors.c -o gen_fp_vectors
 *     qemu-riscv64 ./gen_fp_vectors [scale] > fp_vectors.txt
 * scale (default 1) multiplies the number of random vectors; the committed file uses the default.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef u64 (*op_fn)(u64 a, u64 b, u64 c, unsigned *flags);

/* ---- Instruction wrappers: each loads raw bit patterns, clears fflags, runs one instruction. ---- */

#define PRE2 "fmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\tfmv.d.x ft2, %4\n\tcsrw fflags, zero\n\t"
#define OUTS : "=&r"(r), "=&r"(f) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3"
#define BODY(text) u64 r; unsigned f; asm volatile(PRE2 text "\n\tfrflags %1" OUTS); *flags = f; return r;

#define W_FFF_RM(fn, insn, rm) static u64 fn##_##rm(u64 a, u64 b, u64 c, unsigned *flags) \
    { BODY(insn " ft3, ft0, ft1, " #rm "\n\tfmv.x.d %0, ft3") }
#define W_FF_RM(fn, insn, rm) static u64 fn##_##rm(u64 a, u64 b, u64 c, unsigned *flags) \
    { BODY(insn " ft3, ft0, " #rm "\n\tfmv.x.d %0, ft3") }
#define W_FFFF_RM(fn, insn, rm) static u64 fn##_##rm(u64 a, u64 b, u64 c, unsigned *flags) \
    { BODY(insn " ft3, ft0, ft1, ft2, " #rm "\n\tfmv.x.d %0, ft3") }
#define W_XF_RM(fn, insn, rm) static u64 fn##_##rm(u64 a, u64 b, u64 c, unsigned *flags) \
    { BODY(insn " %0, ft0, " #rm) }
#define W_FX_RM(fn, insn, rm) static u64 fn##_##rm(u64 a, u64 b, u64 c, unsigned *flags) \
    { BODY(insn " ft3, %2, " #rm "\n\tfmv.x.d %0, ft3") }

#define ALL_RM(W, fn, insn) W(fn, insn, rne) W(fn, insn, rtz) W(fn, insn, rdn) W(fn, insn, rup) W(fn, insn, rmm) \
    static const op_fn fn##_tab[5] = { fn##_rne, fn##_rtz, fn##_rdn, fn##_rup, fn##_rmm };

#define NO_RM(fn, text) static u64 fn##_x(u64 a, u64 b, u64 c, unsigned *flags) { BODY(text) } \
    static const op_fn fn##_tab[5] = { fn##_x, 0, 0, 0, 0 };

ALL_RM(W_FFF_RM, fadd_s, "fadd.s") ALL_RM(W_FFF_RM, fsub_s, "fsub.s")
ALL_RM(W_FFF_RM, fmul_s, "fmul.s") ALL_RM(W_FFF_RM, fdiv_s, "fdiv.s")
ALL_RM(W_FFF_RM, fadd_d, "fadd.d") ALL_RM(W_FFF_RM, fsub_d, "fsub.d")
ALL_RM(W_FFF_RM, fmul_d, "fmul.d") ALL_RM(W_FFF_RM, fdiv_d, "fdiv.d")
ALL_RM(W_FF_RM, fsqrt_s, "fsqrt.s") ALL_RM(W_FF_RM, fsqrt_d, "fsqrt.d")
ALL_RM(W_FFFF_RM, fmadd_s, "fmadd.s") ALL_RM(W_FFFF_RM, fmsub_s, "fmsub.s")
ALL_RM(W_FFFF_RM, fnmsub_s, "fnmsub.s") ALL_RM(W_FFFF_RM, fnmadd_s, "fnmadd.s")
ALL_RM(W_FFFF_RM, fmadd_d, "fmadd.d") ALL_RM(W_FFFF_RM, fmsub_d, "fmsub.d")
ALL_RM(W_FFFF_RM, fnmsub_d, "fnmsub.d") ALL_RM(W_FFFF_RM, fnmadd_d, "fnmadd.d")
ALL_RM(W_XF_RM, fcvt_w_s, "fcvt.w.s") ALL_RM(W_XF_RM, fcvt_wu_s, "fcvt.wu.s")
ALL_RM(W_XF_RM, fcvt_l_s, "fcvt.l.s") ALL_RM(W_XF_RM, fcvt_lu_s, "fcvt.lu.s")
ALL_RM(W_XF_RM, fcvt_w_d, "fcvt.w.d") ALL_RM(W_XF_RM, fcvt_wu_d, "fcvt.wu.d")
ALL_RM(W_XF_RM, fcvt_l_d, "fcvt.l.d") ALL_RM(W_XF_RM, fcvt_lu_d, "fcvt.lu.d")
ALL_RM(W_FX_RM, fcvt_s_w, "fcvt.s.w") ALL_RM(W_FX_RM, fcvt_s_wu, "fcvt.s.wu")
ALL_RM(W_FX_RM, fcvt_s_l, "fcvt.s.l") ALL_RM(W_FX_RM, fcvt_s_lu, "fcvt.s.lu")
ALL_RM(W_FX_RM, fcvt_d_l, "fcvt.d.l") ALL_RM(W_FX_RM, fcvt_d_lu, "fcvt.d.lu")
ALL_RM(W_FF_RM, fcvt_s_d, "fcvt.s.d")
NO_RM(fcvt_d_w, "fcvt.d.w ft3, %2\n\tfmv.x.d %0, ft3")
NO_RM(fcvt_d_wu, "fcvt.d.wu ft3, %2\n\tfmv.x.d %0, ft3")
NO_RM(fcvt_d_s, "fcvt.d.s ft3, ft0\n\tfmv.x.d %0, ft3")
NO_RM(fmin_s, "fmin.s ft3, ft0, ft1\n\tfmv.x.d %0, ft3") NO_RM(fmax_s, "fmax.s ft3, ft0, ft1\n\tfmv.x.d %0, ft3")
NO_RM(fmin_d, "fmin.d ft3, ft0, ft1\n\tfmv.x.d %0, ft3") NO_RM(fmax_d, "fmax.d ft3, ft0, ft1\n\tfmv.x.d %0, ft3")
NO_RM(fsgnj_s, "fsgnj.s ft3, ft0, ft1\n\tfmv.x.d %0, ft3") NO_RM(fsgnjn_s, "fsgnjn.s ft3, ft0, ft1\n\tfmv.x.d %0, ft3")
NO_RM(fsgnjx_s, "fsgnjx.s ft3, ft0, ft1\n\tfmv.x.d %0, ft3")
NO_RM(fsgnj_d, "fsgnj.d ft3, ft0, ft1\n\tfmv.x.d %0, ft3") NO_RM(fsgnjn_d, "fsgnjn.d ft3, ft0, ft1\n\tfmv.x.d %0, ft3")
NO_RM(fsgnjx_d, "fsgnjx.d ft3, ft0, ft1\n\tfmv.x.d %0, ft3")
NO_RM(feq_s, "feq.s %0, ft0, ft1") NO_RM(flt_s, "flt.s %0, ft0, ft1") NO_RM(fle_s, "fle.s %0, ft0, ft1")
NO_RM(feq_d, "feq.d %0, ft0, ft1") NO_RM(flt_d, "flt.d %0, ft0, ft1") NO_RM(fle_d, "fle.d %0, ft0, ft1")
NO_RM(fclass_s, "fclass.s %0, ft0") NO_RM(fclass_d, "fclass.d %0, ft0")
NO_RM(fmv_x_w, "fmv.x.w %0, ft0") NO_RM(fmv_x_d, "fmv.x.d %0, ft0")
NO_RM(fmv_w_x, "fmv.w.x ft3, %2\n\tfmv.x.d %0, ft3") NO_RM(fmv_d_x, "fmv.d.x ft3, %2\n\tfmv.x.d %0, ft3")

/* ---- Deterministic random numbers (splitmix64, fixed seed). ---- */

static u64 rng_state = 0x5eed0f0f1234abcdULL;
static u64 rnd(void)
{
    u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static unsigned rnd_below(unsigned n) { return (unsigned)(rnd() % n); }

/* ---- Operand corpus. ---- */

#define BOX(x) (0xffffffff00000000ULL | (u32)(x))

/* Core values used for exhaustive pairs; S values are boxed here except the two deliberately unboxed ones. */
static const u64 core_s[] = {
    BOX(0x00000000), BOX(0x80000000), BOX(0x00000001), BOX(0x807fffff), BOX(0x00800000), BOX(0x80800001),
    BOX(0x3f800000), BOX(0xbf800000), BOX(0x3f800001), BOX(0x3f7fffff), BOX(0x3fc00000), BOX(0xc0400000),
    BOX(0x7f7fffff), BOX(0xff7fffff), BOX(0x7f800000), BOX(0xff800000), BOX(0x7fc00000), BOX(0x7f800001),
    BOX(0x1f800001), BOX(0x5f7ffffe), BOX(0x3effffff), 0x000000003f800000ULL,
};
static const u64 core_d[] = {
    0x0000000000000000ULL, 0x8000000000000000ULL, 0x0000000000000001ULL, 0x800fffffffffffffULL,
    0x0010000000000000ULL, 0x8010000000000001ULL, 0x3ff0000000000000ULL, 0xbff0000000000000ULL,
    0x3ff0000000000001ULL, 0x3fefffffffffffffULL, 0x3ff8000000000000ULL, 0xc008000000000000ULL,
    0x7fefffffffffffffULL, 0xffefffffffffffffULL, 0x7ff0000000000000ULL, 0xfff0000000000000ULL,
    0x7ff8000000000000ULL, 0x7ff0000000000001ULL, 0x1ff0000000000001ULL, 0x5fefffffffffffffULL,
    0x3fdfffffffffffffULL, 0xfff4000000000000ULL,
};
/* Further special values, sampled randomly. */
static const u32 extra_s[] = {
    0x80000001, 0x007fffff, 0x80800000, 0x00800001, 0x00ffffff, 0x40000000, 0x3f000000, 0x7f000000,
    0xffc00000, 0x7fa00000, 0xffbfffff, 0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f7fffff,
    0x4f800000, 0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001, 0x5f800000, 0x3f400000, 0x40200000,
    0xbfc00000, 0x20000000, 0x00400000, 0x34000000, 0x33800000, 0x4b000000, 0x4b800000, 0x4b7fffff,
    0x3f3504f3, 0x7effffff, 0x0dffffff, 0x00000003, 0xbf000000, 0x3fffffff,
};
static const u64 extra_d[] = {
    0x8000000000000001ULL, 0x000fffffffffffffULL, 0x8010000000000000ULL, 0x0010000000000001ULL,
    0x001fffffffffffffULL, 0x4000000000000000ULL, 0x3fe0000000000000ULL, 0x7fe0000000000000ULL,
    0xfff8000000000000ULL, 0x7ff4000000000000ULL, 0xfff7ffffffffffffULL, 0x41dfffffffc00000ULL,
    0x41dfffffffe00000ULL, 0x41dfffffffffffffULL, 0x41e0000000000000ULL, 0xc1e0000000000000ULL,
    0xc1e0000000200000ULL, 0xc1e0000000100000ULL, 0x41efffffffe00000ULL, 0x41efffffffffffffULL,
    0x41f0000000000000ULL, 0x43dfffffffffffffULL, 0x43e0000000000000ULL, 0xc3e0000000000000ULL,
    0xc3e0000000000001ULL, 0x43efffffffffffffULL, 0x43f0000000000000ULL, 0x3fe8000000000000ULL,
    0x4004000000000000ULL, 0xbff8000000000000ULL, 0x4330000000000000ULL, 0x4340000000000000ULL,
    0x433fffffffffffffULL, 0x3fe6a09e667f3bcdULL, 0x7fdfffffffffffffULL, 0x01ffffffffffffffULL,
    0x36a0000000000000ULL, 0x47efffffe0000000ULL, 0x47efffffefffffffULL, 0x47effffff0000000ULL,
    0x380fffffffffffffULL, 0x3810000000000000ULL, 0x380ffffff0000000ULL, 0x3690000000000000ULL,
    0x0000000000000003ULL, 0xbfe0000000000000ULL, 0x3fffffffffffffffULL,
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int is_single(char fmt) { return fmt == 'S'; }

static u64 special(char fmt)
{
    if (is_single(fmt)) {
        unsigned i = rnd_below(COUNT(core_s) + COUNT(extra_s));
        return i < COUNT(core_s) ? core_s[i] : BOX(extra_s[i - COUNT(core_s)]);
    }
    unsigned i = rnd_below(COUNT(core_d) + COUNT(extra_d));
    return i < COUNT(core_d) ? core_d[i] : extra_d[i - COUNT(core_d)];
}

/* Builds a value from sign, biased exponent and fraction, clamping the exponent into the encodable range. */
static u64 make(char fmt, int sign, int bexp, u64 frac)
{
    if (is_single(fmt)) {
        if (bexp < 0) bexp = 0;
        if (bexp > 255) bexp = 255;
        return BOX(((u32)sign << 31) | ((u32)bexp << 23) | (u32)(frac & 0x7fffff));
    }
    if (bexp < 0) bexp = 0;
    if (bexp > 2047) bexp = 2047;
    return ((u64)sign << 63) | ((u64)bexp << 52) | (frac & 0xfffffffffffffULL);
}

static int bias(char fmt) { return is_single(fmt) ? 127 : 1023; }
static int max_bexp(char fmt) { return is_single(fmt) ? 254 : 2046; }

/* A fraction with structure: random, sparse, dense, or with a short random prefix (ties in add/convert). */
static u64 fraction(void)
{
    switch (rnd_below(6)) {
    case 0: return rnd() & rnd() & rnd();
    case 1: return rnd() | rnd() | rnd();
    case 2: return rnd() << (rnd_below(52) + 12) >> 12;
    case 3: return ~(rnd() << (rnd_below(52) + 12));
    default: return rnd();
    }
}

/* A random operand of the given format, biased towards interesting regions. */
static u64 operand(char fmt)
{
    int sign = rnd_below(2);
    unsigned k = rnd_below(20);
    if (k < 3) return special(fmt);
    if (k < 5) return is_single(fmt) ? (rnd_below(64) == 0 ? rnd() : BOX(rnd())) : rnd();
    if (k < 7) return make(fmt, sign, rnd_below(30), fraction());                      /* near underflow */
    if (k < 9) return make(fmt, sign, max_bexp(fmt) - (int)rnd_below(30), fraction()); /* near overflow */
    return make(fmt, sign, bias(fmt) + (int)rnd_below(61) - 30, fraction());           /* ordinary */
}

static int bexp_of(char fmt, u64 v) { return is_single(fmt) ? (int)((v >> 23) & 0xff) : (int)((v >> 52) & 0x7ff); }

/* A second operand related to the first so that add/mul/div land near exactness, cancellation or the range ends. */
static u64 partner(char fmt, const char *op, u64 a)
{
    int sign = rnd_below(2);
    int ea = bexp_of(fmt, a);
    int b0 = bias(fmt);
    switch (rnd_below(6)) {
    case 0: return operand(fmt);
    case 1: return special(fmt);
    case 2: /* close to a or -a: cancellation and small exponent differences */
        return (a ^ ((u64)sign << (is_single(fmt) ? 31 : 63))) + (rnd_below(9)) - 4;
    default: {
        int target;
        if (strstr(op, "mul")) {
            /* product exponent near the subnormal range or the overflow threshold */
            target = rnd_below(2) ? 1 - (int)rnd_below(30) : max_bexp(fmt) + 2 - (int)rnd_below(4);
            return make(fmt, sign, target - ea + b0, fraction());
        }
        if (strstr(op, "div")) {
            target = rnd_below(2) ? 1 - (int)rnd_below(30) : max_bexp(fmt) + 2 - (int)rnd_below(4);
            return make(fmt, sign, ea - target + b0, fraction());
        }
        /* add/sub and others: exponent a few steps away, any fraction */
        return make(fmt, sign, ea - (int)rnd_below(60) + 5, fraction());
    }
    }
}

/* ---- Output. ---- */

static void put_value(char kind, u64 v)
{
    if (kind == 'S' && (v >> 32) == 0xffffffffULL) printf(" %08x", (u32)v);
    else if (kind == 'S') printf(" %016llx", (unsigned long long)v);
    else printf(" %llx", (unsigned long long)v);
}

struct op {
    const char *name;
    const char *sig;      /* result kind then operand kinds: S single, D double, X integer register */
    const op_fn *tab;     /* five rounding-mode variants, or one (no rm) */
    int has_rm;
    char gen;             /* operand generator: a arithmetic, f fused, i to-integer, n from-integer, m misc */
};

static long total;

static void emit(const struct op *o, int rm, const u64 *ops)
{
    unsigned flags;
    u64 args[3] = { 0, 0, 0 };
    int n = (int)strlen(o->sig) - 1;
    for (int i = 0; i < n; i++) args[i] = ops[i];
    u64 r = o->tab[o->has_rm ? rm : 0](args[0], args[1], args[2], &flags);
    printf("%s %c", o->name, o->has_rm ? '0' + rm : '-');
    for (int i = 0; i < n; i++) put_value(o->sig[i + 1], args[i]);
    put_value(o->sig[0], r);
    printf(" %x\n", flags);
    total++;
}

static void emit_all_rm(const struct op *o, const u64 *ops)
{
    if (!o->has_rm) { emit(o, 0, ops); return; }
    for (int rm = 0; rm < 5; rm++) emit(o, rm, ops);
}

/* An integer operand: near powers of two, limits, ties for conversion, random. */
static u64 integer_operand(void)
{
    unsigned s = rnd_below(64);
    switch (rnd_below(8)) {
    case 0: return rnd();
    case 1: return rnd() >> rnd_below(64);
    case 2: return (1ULL << s) + rnd_below(7) - 3;
    case 3: return -((1ULL << s) + rnd_below(7) - 3);
    case 4: /* short prefix then a half bit: tie cases when rounding to 24 or 53 bits */
        return ((rnd() >> 38) << (s < 40 ? s + 1 : 40)) | ((1ULL << (s < 40 ? s : 39)) + (rnd_below(3) == 0 ? 1 : 0));
    case 5: return ((rnd() >> 9) | 1) << rnd_below(12);
    case 6: return (u64)(int64_t)(int32_t)(rnd() >> rnd_below(64)) ^ (rnd_below(2) ? 0 : rnd() << 32);
    default: return rnd_below(2000) - 1000;
    }
}

/* A float operand for conversion to integer: near 0, the 32/64-bit limits and half-integers. */
static u64 to_integer_operand(char fmt)
{
    static const int anchors[] = { 0, 1, 2, 23, 24, 31, 32, 52, 53, 63, 64 };
    if (rnd_below(6) == 0) return operand(fmt);
    int p = anchors[rnd_below(COUNT(anchors))];
    int sign = rnd_below(2);
    u64 v = make(fmt, sign, bias(fmt) + p, 0);
    if (p == 0 && rnd_below(3) == 0) {
        /* small values with fractional parts, including exact halves */
        return make(fmt, sign, bias(fmt) - (int)rnd_below(3) + 1, rnd() & (is_single(fmt) ? 0x7c0000 : 0xf800000000000ULL));
    }
    return v + rnd_below(9) - 4;
}

int main(int argc, char **argv)
{
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    static const struct op ops[] = {
        { "fadd.s", "SSS", fadd_s_tab, 1, 'a' }, { "fsub.s", "SSS", fsub_s_tab, 1, 'a' },
        { "fmul.s", "SSS", fmul_s_tab, 1, 'a' }, { "fdiv.s", "SSS", fdiv_s_tab, 1, 'a' },
        { "fadd.d", "DDD", fadd_d_tab, 1, 'a' }, { "fsub.d", "DDD", fsub_d_tab, 1, 'a' },
        { "fmul.d", "DDD", fmul_d_tab, 1, 'a' }, { "fdiv.d", "DDD", fdiv_d_tab, 1, 'a' },
        { "fmin.s", "SSS", fmin_s_tab, 0, 'a' }, { "fmax.s", "SSS", fmax_s_tab, 0, 'a' },
        { "fmin.d", "DDD", fmin_d_tab, 0, 'a' }, { "fmax.d", "DDD", fmax_d_tab, 0, 'a' },
        { "feq.s", "XSS", feq_s_tab, 0, 'a' }, { "flt.s", "XSS", flt_s_tab, 0, 'a' }, { "fle.s", "XSS", fle_s_tab, 0, 'a' },
        { "feq.d", "XDD", feq_d_tab, 0, 'a' }, { "flt.d", "XDD", flt_d_tab, 0, 'a' }, { "fle.d", "XDD", fle_d_tab, 0, 'a' },
        { "fsgnj.s", "SSS", fsgnj_s_tab, 0, 'm' }, { "fsgnjn.s", "SSS", fsgnjn_s_tab, 0, 'm' },
        { "fsgnjx.s", "SSS", fsgnjx_s_tab, 0, 'm' },
        { "fsgnj.d", "DDD", fsgnj_d_tab, 0, 'm' }, { "fsgnjn.d", "DDD", fsgnjn_d_tab, 0, 'm' },
        { "fsgnjx.d", "DDD", fsgnjx_d_tab, 0, 'm' },
        { "fsqrt.s", "SS", fsqrt_s_tab, 1, 'u' }, { "fsqrt.d", "DD", fsqrt_d_tab, 1, 'u' },
        { "fclass.s", "XS", fclass_s_tab, 0, 'u' }, { "fclass.d", "XD", fclass_d_tab, 0, 'u' },
        { "fcvt.s.d", "SD", fcvt_s_d_tab, 1, 'u' }, { "fcvt.d.s", "DS", fcvt_d_s_tab, 0, 'u' },
        { "fmv.x.w", "XS", fmv_x_w_tab, 0, 'm' }, { "fmv.x.d", "XD", fmv_x_d_tab, 0, 'm' },
        { "fmv.w.x", "SX", fmv_w_x_tab, 0, 'n' }, { "fmv.d.x", "DX", fmv_d_x_tab, 0, 'n' },
        { "fmadd.s", "SSSS", fmadd_s_tab, 1, 'f' }, { "fmsub.s", "SSSS", fmsub_s_tab, 1, 'f' },
        { "fnmsub.s", "SSSS", fnmsub_s_tab, 1, 'f' }, { "fnmadd.s", "SSSS", fnmadd_s_tab, 1, 'f' },
        { "fmadd.d", "DDDD", fmadd_d_tab, 1, 'f' }, { "fmsub.d", "DDDD", fmsub_d_tab, 1, 'f' },
        { "fnmsub.d", "DDDD", fnmsub_d_tab, 1, 'f' }, { "fnmadd.d", "DDDD", fnmadd_d_tab, 1, 'f' },
        { "fcvt.w.s", "XS", fcvt_w_s_tab, 1, 'i' }, { "fcvt.wu.s", "XS", fcvt_wu_s_tab, 1, 'i' },
        { "fcvt.l.s", "XS", fcvt_l_s_tab, 1, 'i' }, { "fcvt.lu.s", "XS", fcvt_lu_s_tab, 1, 'i' },
        { "fcvt.w.d", "XD", fcvt_w_d_tab, 1, 'i' }, { "fcvt.wu.d", "XD", fcvt_wu_d_tab, 1, 'i' },
        { "fcvt.l.d", "XD", fcvt_l_d_tab, 1, 'i' }, { "fcvt.lu.d", "XD", fcvt_lu_d_tab, 1, 'i' },
        { "fcvt.s.w", "SX", fcvt_s_w_tab, 1, 'n' }, { "fcvt.s.wu", "SX", fcvt_s_wu_tab, 1, 'n' },
        { "fcvt.s.l", "SX", fcvt_s_l_tab, 1, 'n' }, { "fcvt.s.lu", "SX", fcvt_s_lu_tab, 1, 'n' },
        { "fcvt.d.w", "DX", fcvt_d_w_tab, 0, 'n' }, { "fcvt.d.wu", "DX", fcvt_d_wu_tab, 0, 'n' },
        { "fcvt.d.l", "DX", fcvt_d_l_tab, 1, 'n' }, { "fcvt.d.lu", "DX", fcvt_d_lu_tab, 1, 'n' },
    };

    for (unsigned i = 0; i < COUNT(ops); i++) {
        const struct op *o = &ops[i];
        char fa = o->sig[1];
        const u64 *core = is_single(fa) ? core_s : core_d;
        unsigned ncore = is_single(fa) ? COUNT(core_s) : COUNT(core_d);
        u64 v[3];
        switch (o->gen) {
        case 'a': /* binary arithmetic and comparisons: all core pairs (fsub: see fadd), then related random pairs */
            for (unsigned x = 0; x < ncore && !strstr(o->name, "sub"); x++)
                for (unsigned y = 0; y < ncore; y++) { v[0] = core[x]; v[1] = core[y]; emit_all_rm(o, v); }
            for (int n = 0; n < 240 * scale; n++) {
                v[0] = operand(fa);
                v[1] = partner(fa, o->name, v[0]);
                if (rnd_below(2)) { u64 t = v[0]; v[0] = v[1]; v[1] = t; }
                emit_all_rm(o, v);
            }
            break;
        case 'm': /* sign injection and moves: no rounding, a modest sample */
            for (int n = 0; n < 120 * scale; n++) { v[0] = operand(fa); v[1] = operand(fa); emit_all_rm(o, v); }
            break;
        case 'u': /* unary: every core and extra value, then random */
            for (unsigned x = 0; x < ncore; x++) { v[0] = core[x]; emit_all_rm(o, v); }
            for (unsigned x = 0; x < (is_single(fa) ? COUNT(extra_s) : COUNT(extra_d)); x++) {
                v[0] = is_single(fa) ? BOX(extra_s[x]) : extra_d[x];
                emit_all_rm(o, v);
            }
            for (int n = 0; n < 250 * scale; n++) {
                v[0] = operand(fa);
                if (fa == 'D' && o->sig[0] == 'S' && rnd_below(2)) /* fcvt.s.d: land in the single range ends */
                    v[0] = make('D', rnd_below(2), rnd_below(2) ? 1023 - 126 - (int)rnd_below(26) : 1023 + 127 - (int)rnd_below(2),
                                rnd_below(2) ? fraction() : (rnd() | 0xfffffe0000000ULL) >> rnd_below(3));
                emit_all_rm(o, v);
            }
            break;
        case 'f': { /* fused multiply-add: core triples sampled, then products cancelled by c */
            const struct op *mul = &ops[is_single(fa) ? 2 : 6];
            for (int n = 0; n < 320 * scale; n++) {
                unsigned kind = rnd_below(4);
                v[0] = kind == 0 ? core[rnd_below(ncore)] : operand(fa);
                v[1] = kind == 0 ? core[rnd_below(ncore)] : partner(fa, "mul", v[0]);
                if (kind == 0) v[2] = core[rnd_below(ncore)];
                else if (kind == 1) v[2] = operand(fa);
                else {
                    unsigned fl;
                    u64 p = mul->tab[rnd_below(5)](v[0], v[1], 0, &fl);
                    if (kind == 3) p ^= rnd() & (is_single(fa) ? 0xfff : 0x1fffffff);
                    v[2] = p + rnd_below(5) - 2;
                    if (rnd_below(2)) v[2] ^= is_single(fa) ? 0x80000000ULL : 0x8000000000000000ULL;
                }
                emit_all_rm(o, v);
            }
            break;
        }
        case 'i': /* to integer */
            for (unsigned x = 0; x < ncore; x++) { v[0] = core[x]; emit_all_rm(o, v); }
            for (int n = 0; n < 150 * scale; n++) { v[0] = to_integer_operand(fa); emit_all_rm(o, v); }
            break;
        case 'n': /* from integer */
            for (int n = 0; n < 150 * scale; n++) { v[0] = integer_operand(); emit_all_rm(o, v); }
            break;
        }
    }
    fprintf(stderr, "%ld vectors\n", total);
    return 0;
}
