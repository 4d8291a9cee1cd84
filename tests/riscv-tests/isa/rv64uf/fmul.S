/* fmul.s: products with rounding, overflow, underflow (tininess detected after rounding), zero/infinity */
/* signs and invalid 0 * inf. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2_S 2, fmul.s, rne, 0, 0xc1200000, 0x40200000, 0xc0800000                                  /* 2.5 * -4 = -10 */
    TEST_FP_OP2_S 3, fmul.s, rne, FFLAG_NX, 0x3f800002, 0x3f800001, 0x3f800001                           /* (1+ulp)^2 = 1 + 2ulp + ulp^2: inexact */
    TEST_FP_OP2_S 4, fmul.s, rup, FFLAG_NX, 0x3f800003, 0x3f800001, 0x3f800001                           /* same, rounded up */
    TEST_FP_OP2_S 5, fmul.s, rne, FFLAG_OF|FFLAG_NX, 0x7f800000, 0x7f7fffff, 0x40000000                  /* overflow to inf */
    TEST_FP_OP2_S 6, fmul.s, rdn, FFLAG_OF|FFLAG_NX, 0x7f7fffff, 0x7f7fffff, 0x40000000                  /* overflow rounding down gives the largest finite value */
    TEST_FP_OP2_S 7, fmul.s, rup, FFLAG_OF|FFLAG_NX, 0xff7fffff, 0x7f7fffff, 0xc0000000                  /* negative overflow rounding up gives the most negative finite value */
    TEST_FP_OP2_S 8, fmul.s, rne, 0, 0x00400000, 0x00800000, 0x3f000000                                  /* halving the smallest normal: exact subnormal, no UF */
    TEST_FP_OP2_S 9, fmul.s, rne, FFLAG_UF|FFLAG_NX, 0x002aaaab, 0x00800000, 0x3eaaaaab                  /* smallest normal times ~1/3: tiny and inexact: UF and NX */
    TEST_FP_OP2_S 10, fmul.s, rne, FFLAG_UF|FFLAG_NX, 0x00000000, 0x00000001, 0x3f000000                 /* half the smallest subnormal ties to 0: UF, NX */
    TEST_FP_OP2_S 11, fmul.s, rup, FFLAG_UF|FFLAG_NX, 0x00000001, 0x00000001, 0x3f000000                 /* rounding up gives the smallest subnormal: UF, NX */
    TEST_FP_OP2_S 12, fmul.s, rne, FFLAG_NX, 0x00800000, 0x3f800001, 0x007fffff                          /* (1+ulp) * largest subnormal = 2^emin * (1 - ulp^2): tiny before rounding but rounds to the smallest normal, so no UF (tininess after rounding), NX */
    TEST_FP_OP2_S 13, fmul.s, rtz, FFLAG_UF|FFLAG_NX, 0x007fffff, 0x3f800001, 0x007fffff                 /* same with RTZ stays subnormal: UF and NX */
    TEST_FP_OP2_S 14, fmul.s, rne, FFLAG_NV, 0x7fc00000, 0x00000000, 0x7f800000                          /* 0 * inf is invalid */
    TEST_FP_OP2_S 15, fmul.s, rne, 0, 0x80000000, 0x80000000, 0x40400000                                 /* -0 * 3 = -0 */
    TEST_FP_OP2_S 16, fmul.s, rne, 0, 0x7f800000, 0xff800000, 0xc0000000                                 /* -inf * -2 = inf */
    TEST_FP_OP2_S 17, fmul.s, rne, 0, 0x7fc00000, 0x7fc00000, 0x00000000                                 /* quiet NaN * 0: canonical NaN, no flag */
    TEST_FP_OP2_S 18, fmul.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800001, 0x3f800000                          /* signaling NaN: NV */
RVJ_TEST_END
