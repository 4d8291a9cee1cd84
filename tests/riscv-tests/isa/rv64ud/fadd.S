/* fadd.d / fsub.d: exact sums, ties to even, overflow per rounding mode, infinities, NaN inputs (canonical */
/* NaN out, NV only for signaling NaN), signed zeros, subnormals. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2_D 2, fadd.d, rne, 0, 0x4008000000000000, 0x3ff0000000000000, 0x4000000000000000          /* 1 + 2 = 3, exact */
    TEST_FP_OP2_D 3, fadd.d, rne, 0, 0x4002000000000000, 0x4004000000000000, 0xbfd0000000000000          /* 2.5 + -0.25, exact */
    TEST_FP_OP2_D 4, fadd.d, rne, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000   /* 1 + half ulp: tie rounds to even (1.0), inexact */
    TEST_FP_OP2_D 5, fadd.d, rne, FFLAG_NX, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ca0000000000000   /* (1+ulp) + half ulp: tie rounds to even (up) */
    TEST_FP_OP2_D 6, fadd.d, rne, FFLAG_NX, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca8000000000000   /* 1 + 3/4 ulp rounds up */
    TEST_FP_OP2_D 7, fadd.d, rne, FFLAG_OF|FFLAG_NX, 0x7ff0000000000000, 0x7fefffffffffffff, 0x7fefffffffffffff /* overflow to +inf */
    TEST_FP_OP2_D 8, fadd.d, rtz, FFLAG_OF|FFLAG_NX, 0x7fefffffffffffff, 0x7fefffffffffffff, 0x7fefffffffffffff /* overflow with RTZ gives the largest finite value */
    TEST_FP_OP2_D 9, fadd.d, rne, FFLAG_OF|FFLAG_NX, 0xfff0000000000000, 0xffefffffffffffff, 0xffefffffffffffff /* negative overflow to -inf */
    TEST_FP_OP2_D 10, fadd.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x7ff0000000000000, 0xfff0000000000000  /* inf + -inf is invalid: canonical NaN */
    TEST_FP_OP2_D 11, fadd.d, rne, 0, 0x7ff0000000000000, 0x7ff0000000000000, 0x7ff0000000000000         /* inf + inf = inf */
    TEST_FP_OP2_D 12, fadd.d, rne, 0, 0x7ff0000000000000, 0x7ff0000000000000, 0xffefffffffffffff         /* inf + finite = inf, exact */
    TEST_FP_OP2_D 13, fadd.d, rne, 0, 0x7ff8000000000000, 0x7ff8000000000123, 0x3ff0000000000000         /* quiet NaN input: canonical NaN out (payload dropped), no flag */
    TEST_FP_OP2_D 14, fadd.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x3ff0000000000000, 0x7ff0000000000001  /* signaling NaN input: canonical NaN and NV */
    TEST_FP_OP2_D 15, fadd.d, rne, 0, 0x0000000000000000, 0x0000000000000000, 0x8000000000000000         /* +0 + -0 = +0 */
    TEST_FP_OP2_D 16, fadd.d, rdn, 0, 0x8000000000000000, 0x0000000000000000, 0x8000000000000000         /* +0 + -0 = -0 when rounding down */
    TEST_FP_OP2_D 17, fadd.d, rne, 0, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000         /* -0 + -0 = -0 */
    TEST_FP_OP2_D 18, fadd.d, rne, 0, 0x0000000000000000, 0x4008000000000000, 0xc008000000000000         /* x + -x = +0 */
    TEST_FP_OP2_D 19, fadd.d, rdn, 0, 0x8000000000000000, 0x4008000000000000, 0xc008000000000000         /* x + -x = -0 when rounding down */
    TEST_FP_OP2_D 20, fadd.d, rne, 0, 0x0010000000000000, 0x0000000000000001, 0x000fffffffffffff         /* subnormal + subnormal = smallest normal, exact (no UF) */
    TEST_FP_OP2_D 21, fadd.d, rne, 0, 0x000fffffffffffff, 0x0010000000000000, 0x8000000000000001         /* normal - subnormal gives the largest subnormal, exact */
    TEST_FP_OP2_D 22, fadd.d, rne, FFLAG_NX, 0x4340000000000000, 0x4340000000000000, 0x3ff0000000000000  /* lost low bit: 2^(p+1) + 1 ties to even, inexact */

    TEST_FP_OP2_D 23, fsub.d, rne, 0, 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000         /* 3 - 1 = 2 */
    TEST_FP_OP2_D 24, fsub.d, rne, 0, 0xc000000000000000, 0x3ff0000000000000, 0x4008000000000000         /* 1 - 3 = -2 */
    TEST_FP_OP2_D 25, fsub.d, rne, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3c90000000000000  /* 1 - quarter ulp: rounds back to 1, inexact */
    TEST_FP_OP2_D 26, fsub.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x7ff0000000000000, 0x7ff0000000000000  /* inf - inf is invalid */
    TEST_FP_OP2_D 27, fsub.d, rne, 0, 0x0000000000000000, 0x4014000000000000, 0x4014000000000000         /* x - x = +0 */
    TEST_FP_OP2_D 28, fsub.d, rdn, 0, 0x8000000000000000, 0x4014000000000000, 0x4014000000000000         /* x - x = -0 when rounding down */
    TEST_FP_OP2_D 29, fsub.d, rne, 0, 0x8000000000000000, 0x8000000000000000, 0x0000000000000000         /* -0 - +0 = -0 */
    TEST_FP_OP2_D 30, fsub.d, rne, FFLAG_OF|FFLAG_NX, 0xfff0000000000000, 0xffefffffffffffff, 0x7fefffffffffffff /* overflow to -inf */
    TEST_FP_OP2_D 31, fsub.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x7ff0000000000001, 0x7ff8000000000000  /* signaling NaN: NV */
RVJ_TEST_END
