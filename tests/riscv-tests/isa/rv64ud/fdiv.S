/* fdiv.d and fsqrt.d: correctly rounded quotients and roots, division by zero (DZ), invalid 0/0, inf/inf, */
/* sqrt of negatives, sqrt(-0) = -0. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2_D 2, fdiv.d, rne, FFLAG_NX, 0x3fd5555555555555, 0x3ff0000000000000, 0x4008000000000000   /* 1/3: inexact, rounds down */
    TEST_FP_OP2_D 3, fdiv.d, rup, FFLAG_NX, 0x3fd5555555555556, 0x3ff0000000000000, 0x4008000000000000   /* 1/3 rounded up */
    TEST_FP_OP2_D 4, fdiv.d, rne, FFLAG_NX, 0x3fe5555555555555, 0x4000000000000000, 0x4008000000000000   /* 2/3: inexact, rounds up */
    TEST_FP_OP2_D 5, fdiv.d, rtz, FFLAG_NX, 0x3fe5555555555555, 0x4000000000000000, 0x4008000000000000   /* 2/3 toward zero */
    TEST_FP_OP2_D 6, fdiv.d, rne, 0, 0xc004000000000000, 0xc024000000000000, 0x4010000000000000          /* -10/4 = -2.5 exact */
    TEST_FP_OP2_D 7, fdiv.d, rne, FFLAG_DZ, 0x7ff0000000000000, 0x3ff0000000000000, 0x0000000000000000   /* 1/+0 = +inf with DZ */
    TEST_FP_OP2_D 8, fdiv.d, rne, FFLAG_DZ, 0xfff0000000000000, 0x3ff0000000000000, 0x8000000000000000   /* 1/-0 = -inf with DZ */
    TEST_FP_OP2_D 9, fdiv.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x0000000000000000, 0x0000000000000000   /* 0/0 is invalid */
    TEST_FP_OP2_D 10, fdiv.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x7ff0000000000000, 0x7ff0000000000000  /* inf/inf is invalid */
    TEST_FP_OP2_D 11, fdiv.d, rne, 0, 0x7ff0000000000000, 0x7ff0000000000000, 0x0000000000000000         /* inf/0 = inf, no DZ */
    TEST_FP_OP2_D 12, fdiv.d, rne, 0, 0x8000000000000000, 0x401c000000000000, 0xfff0000000000000         /* 7/-inf = -0 */
    TEST_FP_OP2_D 13, fdiv.d, rne, FFLAG_OF|FFLAG_NX, 0x7ff0000000000000, 0x7fefffffffffffff, 0x3fe0000000000000 /* overflow */
    TEST_FP_OP2_D 14, fdiv.d, rne, FFLAG_UF|FFLAG_NX, 0x0005555555555555, 0x0010000000000000, 0x4008000000000000 /* underflow: UF and NX */
    TEST_FP_OP2_D 15, fdiv.d, rne, 0, 0x7ff8000000000000, 0x7ff8000000000000, 0x0000000000000000         /* NaN/0: canonical NaN, no DZ */
    TEST_FP_OP2_D 16, fdiv.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x7ff0000000000001, 0x3ff0000000000000  /* signaling NaN: NV */

    TEST_FP_OP1_D 17, fsqrt.d, rne, 0, 0x4000000000000000, 0x4010000000000000                            /* sqrt(4) = 2 exact */
    TEST_FP_OP1_D 18, fsqrt.d, rne, FFLAG_NX, 0x3ff6a09e667f3bcd, 0x4000000000000000                     /* sqrt(2) inexact */
    TEST_FP_OP1_D 19, fsqrt.d, rup, FFLAG_NX, 0x3ff6a09e667f3bcd, 0x4000000000000000                     /* sqrt(2) rounded up */
    TEST_FP_OP1_D 20, fsqrt.d, rne, 0, 0x3fe0000000000000, 0x3fd0000000000000                            /* sqrt(1/4) = 1/2 */
    TEST_FP_OP1_D 21, fsqrt.d, rne, 0, 0x0000000000000000, 0x0000000000000000                            /* sqrt(+0) = +0 */
    TEST_FP_OP1_D 22, fsqrt.d, rne, 0, 0x8000000000000000, 0x8000000000000000                            /* sqrt(-0) = -0, no flag */
    TEST_FP_OP1_D 23, fsqrt.d, rne, FFLAG_NV, 0x7ff8000000000000, 0xbff0000000000000                     /* sqrt(-1) is invalid */
    TEST_FP_OP1_D 24, fsqrt.d, rne, 0, 0x7ff0000000000000, 0x7ff0000000000000                            /* sqrt(inf) = inf */
    TEST_FP_OP1_D 25, fsqrt.d, rne, FFLAG_NV, 0x7ff8000000000000, 0xfff0000000000000                     /* sqrt(-inf) is invalid */
    TEST_FP_OP1_D 26, fsqrt.d, rne, 0, 0x1e60000000000000, 0x0000000000000001                            /* sqrt of the smallest subnormal */
    TEST_FP_OP1_D 27, fsqrt.d, rne, FFLAG_NX, 0x5fefffffffffffff, 0x7fefffffffffffff                     /* sqrt of the largest value */
    TEST_FP_OP1_D 28, fsqrt.d, rne, 0, 0x7ff8000000000000, 0x7ff8000000000123                            /* quiet NaN: canonical NaN, no flag */
    TEST_FP_OP1_D 29, fsqrt.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x7ff0000000000001                     /* signaling NaN: NV */
RVJ_TEST_END
