/* fcvt.d.w/wu/l/lu (integer to double: exact for 32-bit sources, rounding for large 64-bit ones; upper */
/* half of rs1 ignored for w/wu) and fcvt.s.d / fcvt.d.s between the formats. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FCVT_FROM_INT_EXACT_D 2, fcvt.d.w, 0, 0x0000000000000000, 0x0000000000000000                    /* 0 gives +0 */
    TEST_FCVT_FROM_INT_EXACT_D 3, fcvt.d.w, 0, 0xbff0000000000000, 0xffffffffffffffff                    /* -1 */
    TEST_FCVT_FROM_INT_EXACT_D 4, fcvt.d.w, 0, 0x41dfffffffc00000, 0x000000007fffffff                    /* INT32_MAX exact */
    TEST_FCVT_FROM_INT_EXACT_D 5, fcvt.d.w, 0, 0x41dfffffffc00000, 0x000000007fffffff                    /* INT32_MAX toward zero */
    TEST_FCVT_FROM_INT_EXACT_D 6, fcvt.d.w, 0, 0xc1e0000000000000, 0xffffffff80000000                    /* INT32_MIN exact */
    TEST_FCVT_FROM_INT_EXACT_D 7, fcvt.d.w, 0, 0x4008000000000000, 0x0123456700000003                    /* upper 32 bits of rs1 ignored: 3 */
    TEST_FCVT_FROM_INT_EXACT_D 8, fcvt.d.w, 0, 0xbff0000000000000, 0x00000000ffffffff                    /* low word 0xffffffff is -1 */
    TEST_FCVT_FROM_INT_EXACT_D 9, fcvt.d.wu, 0, 0x41efffffffe00000, 0x00000000ffffffff                   /* 0xffffffff unsigned */
    TEST_FCVT_FROM_INT_EXACT_D 10, fcvt.d.wu, 0, 0x41efffffffe00000, 0x00000000ffffffff                  /* 0xffffffff unsigned toward zero */
    TEST_FCVT_FROM_INT_EXACT_D 11, fcvt.d.wu, 0, 0x41e0000000000000, 0xffffffff80000000                  /* sign-extended word: only the low 32 bits count (2^31) */
    TEST_FCVT_FROM_INT_D 12, fcvt.d.l, rne, 0, 0xc3e0000000000000, 0x8000000000000000                    /* INT64_MIN exact (-2^63) */
    TEST_FCVT_FROM_INT_D 13, fcvt.d.l, rne, FFLAG_NX, 0x43e0000000000000, 0x7fffffffffffffff             /* INT64_MAX rounds to 2^63 */
    TEST_FCVT_FROM_INT_D 14, fcvt.d.l, rtz, FFLAG_NX, 0x43dfffffffffffff, 0x7fffffffffffffff             /* INT64_MAX toward zero */
    TEST_FCVT_FROM_INT_D 15, fcvt.d.l, rne, 0, 0xc008000000000000, 0xfffffffffffffffd                    /* -3 */
    TEST_FCVT_FROM_INT_D 16, fcvt.d.lu, rne, FFLAG_NX, 0x43f0000000000000, 0xffffffffffffffff            /* 2^64-1 rounds to 2^64 */
    TEST_FCVT_FROM_INT_D 17, fcvt.d.lu, rdn, FFLAG_NX, 0x43efffffffffffff, 0xffffffffffffffff            /* 2^64-1 rounded down */
    TEST_FCVT_FROM_INT_D 18, fcvt.d.lu, rne, 0, 0x43e0000000000000, 0x8000000000000000                   /* 2^63 unsigned */
    TEST_FCVT_FROM_INT_D 19, fcvt.d.l, rne, FFLAG_NX, 0x4340000000000000, 0x0020000000000001             /* 2^(p+1)+1: tie rounds to even */
    TEST_FCVT_FROM_INT_D 20, fcvt.d.l, rmm, FFLAG_NX, 0x4340000000000001, 0x0020000000000001             /* 2^(p+1)+1: tie rounds away with RMM */
    TEST_FCVT_FROM_INT_D 21, fcvt.d.l, rdn, FFLAG_NX, 0xc340000000000001, 0xffdfffffffffffff             /* negative, rounded down (away from zero) */
    TEST_FCVT_FROM_INT_D 22, fcvt.d.l, rup, FFLAG_NX, 0xc340000000000000, 0xffdfffffffffffff             /* negative, rounded up (toward zero) */
RVJ_TEST_END
