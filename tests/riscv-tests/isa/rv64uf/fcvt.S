/* fcvt.s.w/wu/l/lu (integer to single, rounding per mode; upper half of rs1 ignored for w/wu) and the */
/* format conversions fcvt.s.d / fcvt.d.s (rounding, overflow, underflow, NaNs). */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FCVT_FROM_INT_S 2, fcvt.s.w, rne, 0, 0x00000000, 0x0000000000000000                             /* 0 gives +0 */
    TEST_FCVT_FROM_INT_S 3, fcvt.s.w, rne, 0, 0xbf800000, 0xffffffffffffffff                             /* -1 */
    TEST_FCVT_FROM_INT_S 4, fcvt.s.w, rne, FFLAG_NX, 0x4f000000, 0x000000007fffffff                      /* INT32_MAX: inexact in single */
    TEST_FCVT_FROM_INT_S 5, fcvt.s.w, rtz, FFLAG_NX, 0x4effffff, 0x000000007fffffff                      /* INT32_MAX toward zero */
    TEST_FCVT_FROM_INT_S 6, fcvt.s.w, rne, 0, 0xcf000000, 0xffffffff80000000                             /* INT32_MIN exact */
    TEST_FCVT_FROM_INT_S 7, fcvt.s.w, rne, 0, 0x40400000, 0x0123456700000003                             /* upper 32 bits of rs1 ignored: 3 */
    TEST_FCVT_FROM_INT_S 8, fcvt.s.w, rne, 0, 0xbf800000, 0x00000000ffffffff                             /* low word 0xffffffff is -1 */
    TEST_FCVT_FROM_INT_S 9, fcvt.s.wu, rne, FFLAG_NX, 0x4f800000, 0x00000000ffffffff                     /* 0xffffffff unsigned */
    TEST_FCVT_FROM_INT_S 10, fcvt.s.wu, rtz, FFLAG_NX, 0x4f7fffff, 0x00000000ffffffff                    /* 0xffffffff unsigned toward zero */
    TEST_FCVT_FROM_INT_S 11, fcvt.s.wu, rne, 0, 0x4f000000, 0xffffffff80000000                           /* sign-extended word: only the low 32 bits count (2^31) */
    TEST_FCVT_FROM_INT_S 12, fcvt.s.l, rne, 0, 0xdf000000, 0x8000000000000000                            /* INT64_MIN exact (-2^63) */
    TEST_FCVT_FROM_INT_S 13, fcvt.s.l, rne, FFLAG_NX, 0x5f000000, 0x7fffffffffffffff                     /* INT64_MAX rounds to 2^63 */
    TEST_FCVT_FROM_INT_S 14, fcvt.s.l, rtz, FFLAG_NX, 0x5effffff, 0x7fffffffffffffff                     /* INT64_MAX toward zero */
    TEST_FCVT_FROM_INT_S 15, fcvt.s.l, rne, 0, 0xc0400000, 0xfffffffffffffffd                            /* -3 */
    TEST_FCVT_FROM_INT_S 16, fcvt.s.lu, rne, FFLAG_NX, 0x5f800000, 0xffffffffffffffff                    /* 2^64-1 rounds to 2^64 */
    TEST_FCVT_FROM_INT_S 17, fcvt.s.lu, rdn, FFLAG_NX, 0x5f7fffff, 0xffffffffffffffff                    /* 2^64-1 rounded down */
    TEST_FCVT_FROM_INT_S 18, fcvt.s.lu, rne, 0, 0x5f000000, 0x8000000000000000                           /* 2^63 unsigned */
    TEST_FCVT_FROM_INT_S 19, fcvt.s.l, rne, FFLAG_NX, 0x4b800000, 0x0000000001000001                     /* 2^(p+1)+1: tie rounds to even */
    TEST_FCVT_FROM_INT_S 20, fcvt.s.l, rmm, FFLAG_NX, 0x4b800001, 0x0000000001000001                     /* 2^(p+1)+1: tie rounds away with RMM */
    TEST_FCVT_FROM_INT_S 21, fcvt.s.l, rdn, FFLAG_NX, 0xcb800001, 0xfffffffffeffffff                     /* negative, rounded down (away from zero) */
    TEST_FCVT_FROM_INT_S 22, fcvt.s.l, rup, FFLAG_NX, 0xcb800000, 0xfffffffffeffffff                     /* negative, rounded up (toward zero) */

    TEST_FCVT_S_D 23, rne, 0, 0x3fc00000, 0x3ff8000000000000                                             /* fcvt.s.d: 1.5 exact */
    TEST_FCVT_S_D 24, rne, FFLAG_NX, 0x3f800000, 0x3ff0000000400000                                      /* fcvt.s.d: lost bits, inexact */
    TEST_FCVT_S_D 25, rup, FFLAG_NX, 0x3f800001, 0x3ff0000000400000                                      /* fcvt.s.d rounded up */
    TEST_FCVT_S_D 26, rne, FFLAG_OF|FFLAG_NX, 0x7f800000, 0x7fefffffffffffff                             /* fcvt.s.d: overflow to inf */
    TEST_FCVT_S_D 27, rtz, FFLAG_OF|FFLAG_NX, 0x7f7fffff, 0x7fefffffffffffff                             /* fcvt.s.d: overflow toward zero gives the largest single */
    TEST_FCVT_S_D 28, rne, 0, 0x00000200, 0x3730000000000000                                             /* fcvt.s.d: becomes a single subnormal, exact */
    TEST_FCVT_S_D 29, rne, FFLAG_UF|FFLAG_NX, 0x00000200, 0x3730000000001000                             /* fcvt.s.d: subnormal and inexact: UF */
    TEST_FCVT_S_D 30, rne, FFLAG_UF|FFLAG_NX, 0x00000000, 0x0000000000000001                             /* fcvt.s.d: double subnormal underflows to 0: UF, NX */
    TEST_FCVT_S_D 31, rne, 0, 0x80000000, 0x8000000000000000                                             /* fcvt.s.d: -0 */
    TEST_FCVT_S_D 32, rne, 0, 0xff800000, 0xfff0000000000000                                             /* fcvt.s.d: -inf */
    TEST_FCVT_S_D 33, rne, 0, 0x7fc00000, 0x7ff8000000000123                                             /* fcvt.s.d: NaN payload dropped: canonical single NaN */
    TEST_FCVT_S_D 34, rne, FFLAG_NV, 0x7fc00000, 0x7ff0000000000001                                      /* fcvt.s.d: signaling NaN: NV */

    TEST_FCVT_D_S 35, 0, 0x3ff8000000000000, 0x3fc00000                                                  /* fcvt.d.s: 1.5 exact */
    TEST_FCVT_D_S 36, 0, 0x36a0000000000000, 0x00000001                                                  /* fcvt.d.s: single subnormal becomes a normal double, exact */
    TEST_FCVT_D_S 37, 0, 0xfff0000000000000, 0xff800000                                                  /* fcvt.d.s: -inf */
    TEST_FCVT_D_S 38, 0, 0x7ff8000000000000, 0x7fc00123                                                  /* fcvt.d.s: NaN payload dropped: canonical double NaN */
    TEST_FCVT_D_S 39, FFLAG_NV, 0x7ff8000000000000, 0x7f800001                                           /* fcvt.d.s: signaling NaN: NV */
RVJ_TEST_END
