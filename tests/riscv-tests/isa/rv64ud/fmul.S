/* fmul.d: products with rounding, overflow, underflow (tininess detected after rounding), zero/infinity */
/* signs and invalid 0 * inf. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2_D 2, fmul.d, rne, 0, 0xc024000000000000, 0x4004000000000000, 0xc010000000000000          /* 2.5 * -4 = -10 */
    TEST_FP_OP2_D 3, fmul.d, rne, FFLAG_NX, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ff0000000000001   /* (1+ulp)^2 = 1 + 2ulp + ulp^2: inexact */
    TEST_FP_OP2_D 4, fmul.d, rup, FFLAG_NX, 0x3ff0000000000003, 0x3ff0000000000001, 0x3ff0000000000001   /* same, rounded up */
    TEST_FP_OP2_D 5, fmul.d, rne, FFLAG_OF|FFLAG_NX, 0x7ff0000000000000, 0x7fefffffffffffff, 0x4000000000000000 /* overflow to inf */
    TEST_FP_OP2_D 6, fmul.d, rdn, FFLAG_OF|FFLAG_NX, 0x7fefffffffffffff, 0x7fefffffffffffff, 0x4000000000000000 /* overflow rounding down gives the largest finite value */
    TEST_FP_OP2_D 7, fmul.d, rup, FFLAG_OF|FFLAG_NX, 0xffefffffffffffff, 0x7fefffffffffffff, 0xc000000000000000 /* negative overflow rounding up gives the most negative finite value */
    TEST_FP_OP2_D 8, fmul.d, rne, 0, 0x0008000000000000, 0x0010000000000000, 0x3fe0000000000000          /* halving the smallest normal: exact subnormal, no UF */
    TEST_FP_OP2_D 9, fmul.d, rne, FFLAG_UF|FFLAG_NX, 0x0005555555555555, 0x0010000000000000, 0x3fd5555555555555 /* smallest normal times ~1/3: tiny and inexact: UF and NX */
    TEST_FP_OP2_D 10, fmul.d, rne, FFLAG_UF|FFLAG_NX, 0x0000000000000000, 0x0000000000000001, 0x3fe0000000000000 /* half the smallest subnormal ties to 0: UF, NX */
    TEST_FP_OP2_D 11, fmul.d, rup, FFLAG_UF|FFLAG_NX, 0x0000000000000001, 0x0000000000000001, 0x3fe0000000000000 /* rounding up gives the smallest subnormal: UF, NX */
    TEST_FP_OP2_D 12, fmul.d, rne, FFLAG_NX, 0x0010000000000000, 0x3ff0000000000001, 0x000fffffffffffff  /* (1+ulp) * largest subnormal = 2^emin * (1 - ulp^2): tiny before rounding but rounds to the smallest normal, so no UF (tininess after rounding), NX */
    TEST_FP_OP2_D 13, fmul.d, rtz, FFLAG_UF|FFLAG_NX, 0x000fffffffffffff, 0x3ff0000000000001, 0x000fffffffffffff /* same with RTZ stays subnormal: UF and NX */
    TEST_FP_OP2_D 14, fmul.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x0000000000000000, 0x7ff0000000000000  /* 0 * inf is invalid */
    TEST_FP_OP2_D 15, fmul.d, rne, 0, 0x8000000000000000, 0x8000000000000000, 0x4008000000000000         /* -0 * 3 = -0 */
    TEST_FP_OP2_D 16, fmul.d, rne, 0, 0x7ff0000000000000, 0xfff0000000000000, 0xc000000000000000         /* -inf * -2 = inf */
    TEST_FP_OP2_D 17, fmul.d, rne, 0, 0x7ff8000000000000, 0x7ff8000000000000, 0x0000000000000000         /* quiet NaN * 0: canonical NaN, no flag */
    TEST_FP_OP2_D 18, fmul.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x7ff0000000000001, 0x3ff0000000000000  /* signaling NaN: NV */
RVJ_TEST_END
