/* fadd.s / fsub.s: exact sums, ties to even, overflow per rounding mode, infinities, NaN inputs (canonical */
/* NaN out, NV only for signaling NaN), signed zeros, subnormals. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2_S 2, fadd.s, rne, 0, 0x40400000, 0x3f800000, 0x40000000                                  /* 1 + 2 = 3, exact */
    TEST_FP_OP2_S 3, fadd.s, rne, 0, 0x40100000, 0x40200000, 0xbe800000                                  /* 2.5 + -0.25, exact */
    TEST_FP_OP2_S 4, fadd.s, rne, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33800000                           /* 1 + half ulp: tie rounds to even (1.0), inexact */
    TEST_FP_OP2_S 5, fadd.s, rne, FFLAG_NX, 0x3f800002, 0x3f800001, 0x33800000                           /* (1+ulp) + half ulp: tie rounds to even (up) */
    TEST_FP_OP2_S 6, fadd.s, rne, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33c00000                           /* 1 + 3/4 ulp rounds up */
    TEST_FP_OP2_S 7, fadd.s, rne, FFLAG_OF|FFLAG_NX, 0x7f800000, 0x7f7fffff, 0x7f7fffff                  /* overflow to +inf */
    TEST_FP_OP2_S 8, fadd.s, rtz, FFLAG_OF|FFLAG_NX, 0x7f7fffff, 0x7f7fffff, 0x7f7fffff                  /* overflow with RTZ gives the largest finite value */
    TEST_FP_OP2_S 9, fadd.s, rne, FFLAG_OF|FFLAG_NX, 0xff800000, 0xff7fffff, 0xff7fffff                  /* negative overflow to -inf */
    TEST_FP_OP2_S 10, fadd.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0xff800000                          /* inf + -inf is invalid: canonical NaN */
    TEST_FP_OP2_S 11, fadd.s, rne, 0, 0x7f800000, 0x7f800000, 0x7f800000                                 /* inf + inf = inf */
    TEST_FP_OP2_S 12, fadd.s, rne, 0, 0x7f800000, 0x7f800000, 0xff7fffff                                 /* inf + finite = inf, exact */
    TEST_FP_OP2_S 13, fadd.s, rne, 0, 0x7fc00000, 0x7fc00123, 0x3f800000                                 /* quiet NaN input: canonical NaN out (payload dropped), no flag */
    TEST_FP_OP2_S 14, fadd.s, rne, FFLAG_NV, 0x7fc00000, 0x3f800000, 0x7f800001                          /* signaling NaN input: canonical NaN and NV */
    TEST_FP_OP2_S 15, fadd.s, rne, 0, 0x00000000, 0x00000000, 0x80000000                                 /* +0 + -0 = +0 */
    TEST_FP_OP2_S 16, fadd.s, rdn, 0, 0x80000000, 0x00000000, 0x80000000                                 /* +0 + -0 = -0 when rounding down */
    TEST_FP_OP2_S 17, fadd.s, rne, 0, 0x80000000, 0x80000000, 0x80000000                                 /* -0 + -0 = -0 */
    TEST_FP_OP2_S 18, fadd.s, rne, 0, 0x00000000, 0x40400000, 0xc0400000                                 /* x + -x = +0 */
    TEST_FP_OP2_S 19, fadd.s, rdn, 0, 0x80000000, 0x40400000, 0xc0400000                                 /* x + -x = -0 when rounding down */
    TEST_FP_OP2_S 20, fadd.s, rne, 0, 0x00800000, 0x00000001, 0x007fffff                                 /* subnormal + subnormal = smallest normal, exact (no UF) */
    TEST_FP_OP2_S 21, fadd.s, rne, 0, 0x007fffff, 0x00800000, 0x80000001                                 /* normal - subnormal gives the largest subnormal, exact */
    TEST_FP_OP2_S 22, fadd.s, rne, FFLAG_NX, 0x4b800000, 0x4b800000, 0x3f800000                          /* lost low bit: 2^(p+1) + 1 ties to even, inexact */

    TEST_FP_OP2_S 23, fsub.s, rne, 0, 0x40000000, 0x40400000, 0x3f800000                                 /* 3 - 1 = 2 */
    TEST_FP_OP2_S 24, fsub.s, rne, 0, 0xc0000000, 0x3f800000, 0x40400000                                 /* 1 - 3 = -2 */
    TEST_FP_OP2_S 25, fsub.s, rne, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33000000                          /* 1 - quarter ulp: rounds back to 1, inexact */
    TEST_FP_OP2_S 26, fsub.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0x7f800000                          /* inf - inf is invalid */
    TEST_FP_OP2_S 27, fsub.s, rne, 0, 0x00000000, 0x40a00000, 0x40a00000                                 /* x - x = +0 */
    TEST_FP_OP2_S 28, fsub.s, rdn, 0, 0x80000000, 0x40a00000, 0x40a00000                                 /* x - x = -0 when rounding down */
    TEST_FP_OP2_S 29, fsub.s, rne, 0, 0x80000000, 0x80000000, 0x00000000                                 /* -0 - +0 = -0 */
    TEST_FP_OP2_S 30, fsub.s, rne, FFLAG_OF|FFLAG_NX, 0xff800000, 0xff7fffff, 0x7f7fffff                 /* overflow to -inf */
    TEST_FP_OP2_S 31, fsub.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800001, 0x7fc00000                          /* signaling NaN: NV */
RVJ_TEST_END
