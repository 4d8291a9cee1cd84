/* fdiv.s and fsqrt.s: correctly rounded quotients and roots, division by zero (DZ), invalid 0/0, inf/inf, */
/* sqrt of negatives, sqrt(-0) = -0. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2_S 2, fdiv.s, rne, FFLAG_NX, 0x3eaaaaab, 0x3f800000, 0x40400000                           /* 1/3: inexact, rounds down */
    TEST_FP_OP2_S 3, fdiv.s, rup, FFLAG_NX, 0x3eaaaaab, 0x3f800000, 0x40400000                           /* 1/3 rounded up */
    TEST_FP_OP2_S 4, fdiv.s, rne, FFLAG_NX, 0x3f2aaaab, 0x40000000, 0x40400000                           /* 2/3: inexact, rounds up */
    TEST_FP_OP2_S 5, fdiv.s, rtz, FFLAG_NX, 0x3f2aaaaa, 0x40000000, 0x40400000                           /* 2/3 toward zero */
    TEST_FP_OP2_S 6, fdiv.s, rne, 0, 0xc0200000, 0xc1200000, 0x40800000                                  /* -10/4 = -2.5 exact */
    TEST_FP_OP2_S 7, fdiv.s, rne, FFLAG_DZ, 0x7f800000, 0x3f800000, 0x00000000                           /* 1/+0 = +inf with DZ */
    TEST_FP_OP2_S 8, fdiv.s, rne, FFLAG_DZ, 0xff800000, 0x3f800000, 0x80000000                           /* 1/-0 = -inf with DZ */
    TEST_FP_OP2_S 9, fdiv.s, rne, FFLAG_NV, 0x7fc00000, 0x00000000, 0x00000000                           /* 0/0 is invalid */
    TEST_FP_OP2_S 10, fdiv.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0x7f800000                          /* inf/inf is invalid */
    TEST_FP_OP2_S 11, fdiv.s, rne, 0, 0x7f800000, 0x7f800000, 0x00000000                                 /* inf/0 = inf, no DZ */
    TEST_FP_OP2_S 12, fdiv.s, rne, 0, 0x80000000, 0x40e00000, 0xff800000                                 /* 7/-inf = -0 */
    TEST_FP_OP2_S 13, fdiv.s, rne, FFLAG_OF|FFLAG_NX, 0x7f800000, 0x7f7fffff, 0x3f000000                 /* overflow */
    TEST_FP_OP2_S 14, fdiv.s, rne, FFLAG_UF|FFLAG_NX, 0x002aaaab, 0x00800000, 0x40400000                 /* underflow: UF and NX */
    TEST_FP_OP2_S 15, fdiv.s, rne, 0, 0x7fc00000, 0x7fc00000, 0x00000000                                 /* NaN/0: canonical NaN, no DZ */
    TEST_FP_OP2_S 16, fdiv.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800001, 0x3f800000                          /* signaling NaN: NV */

    TEST_FP_OP1_S 17, fsqrt.s, rne, 0, 0x40000000, 0x40800000                                            /* sqrt(4) = 2 exact */
    TEST_FP_OP1_S 18, fsqrt.s, rne, FFLAG_NX, 0x3fb504f3, 0x40000000                                     /* sqrt(2) inexact */
    TEST_FP_OP1_S 19, fsqrt.s, rup, FFLAG_NX, 0x3fb504f4, 0x40000000                                     /* sqrt(2) rounded up */
    TEST_FP_OP1_S 20, fsqrt.s, rne, 0, 0x3f000000, 0x3e800000                                            /* sqrt(1/4) = 1/2 */
    TEST_FP_OP1_S 21, fsqrt.s, rne, 0, 0x00000000, 0x00000000                                            /* sqrt(+0) = +0 */
    TEST_FP_OP1_S 22, fsqrt.s, rne, 0, 0x80000000, 0x80000000                                            /* sqrt(-0) = -0, no flag */
    TEST_FP_OP1_S 23, fsqrt.s, rne, FFLAG_NV, 0x7fc00000, 0xbf800000                                     /* sqrt(-1) is invalid */
    TEST_FP_OP1_S 24, fsqrt.s, rne, 0, 0x7f800000, 0x7f800000                                            /* sqrt(inf) = inf */
    TEST_FP_OP1_S 25, fsqrt.s, rne, FFLAG_NV, 0x7fc00000, 0xff800000                                     /* sqrt(-inf) is invalid */
    TEST_FP_OP1_S 26, fsqrt.s, rne, FFLAG_NX, 0x1a3504f3, 0x00000001                                     /* sqrt of the smallest subnormal */
    TEST_FP_OP1_S 27, fsqrt.s, rne, FFLAG_NX, 0x5f7fffff, 0x7f7fffff                                     /* sqrt of the largest value */
    TEST_FP_OP1_S 28, fsqrt.s, rne, 0, 0x7fc00000, 0x7fc00123                                            /* quiet NaN: canonical NaN, no flag */
    TEST_FP_OP1_S 29, fsqrt.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800001                                     /* signaling NaN: NV */
RVJ_TEST_END
