/* fmadd.s fmsub.s fnmadd.s fnmsub.s: a single rounding of a*b+c, the sign conventions of the four forms, */
/* zero signs and the invalid cases (inf*0 even with a quiet NaN addend). */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP3_S 2, fmadd.s, rne, 0, 0x41200000, 0x40000000, 0x40400000, 0x40800000                     /* 2*3 + 4 = 10 */
    TEST_FP_OP3_S 3, fmadd.s, rne, 0, 0xb3800000, 0x3f800800, 0x3f7ff000, 0xbf800000                     /* (1+d)(1-d) - 1 = -d^2 exactly: one rounding, not two */
    TEST_FP_OP3_S 4, fmadd.s, rne, FFLAG_NX, 0x3f800000, 0x3f800000, 0x3f800000, 0x33800000              /* 1*1 + half ulp: tie to even, NX */
    TEST_FP_OP3_S 5, fmadd.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0x00000000, 0x7fc00000              /* inf * 0 + qNaN is still invalid (NV) */
    TEST_FP_OP3_S 6, fmadd.s, rne, 0, 0x7fc00000, 0x3f800000, 0x3f800000, 0x7fc00000                     /* valid product + qNaN: canonical NaN, no flag */
    TEST_FP_OP3_S 7, fmadd.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0x3f800000, 0xff800000              /* inf + -inf inside the fma is invalid */
    TEST_FP_OP3_S 8, fmadd.s, rne, 0, 0x7f7fffff, 0x7f7fffff, 0x40000000, 0xff7fffff                     /* intermediate product overflow is not an overflow: exact MAX */
    TEST_FP_OP3_S 9, fmadd.s, rne, 0, 0x00000000, 0x40400000, 0x40000000, 0xc0c00000                     /* 3*2 - 6 = +0 */
    TEST_FP_OP3_S 10, fmadd.s, rdn, 0, 0x80000000, 0x40400000, 0x40000000, 0xc0c00000                    /* 3*2 - 6 = -0 when rounding down */
    TEST_FP_OP3_S 11, fmadd.s, rne, 0, 0x80000000, 0x80000000, 0x3f800000, 0x80000000                    /* -0*1 + -0 = -0 */
    TEST_FP_OP3_S 12, fmadd.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800001, 0x3f800000, 0x3f800000             /* signaling NaN: NV */

    TEST_FP_OP3_S 13, fmsub.s, rne, 0, 0x40000000, 0x40000000, 0x40400000, 0x40800000                    /* 2*3 - 4 = 2 */
    TEST_FP_OP3_S 14, fmsub.s, rne, 0, 0xb3800000, 0x3f800800, 0x3f7ff000, 0x3f800000                    /* (1+d)(1-d) - 1 = -d^2, single rounding */
    TEST_FP_OP3_S 15, fmsub.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0x3f800000, 0x7f800000             /* inf - inf is invalid */
    TEST_FP_OP3_S 16, fmsub.s, rne, 0, 0x00000000, 0x40000000, 0x40400000, 0x40c00000                    /* 2*3 - 6 = +0 */

    TEST_FP_OP3_S 17, fnmadd.s, rne, 0, 0xc1200000, 0x40000000, 0x40400000, 0x40800000                   /* -(2*3) - 4 = -10 */
    TEST_FP_OP3_S 18, fnmadd.s, rne, 0, 0x00000000, 0x40000000, 0x40400000, 0xc0c00000                   /* -(2*3) + 6 = +0 */
    TEST_FP_OP3_S 19, fnmadd.s, rne, 0, 0x80000000, 0x00000000, 0x3f800000, 0x00000000                   /* -(0*1) - 0 = -0 */
    TEST_FP_OP3_S 20, fnmadd.s, rne, 0, 0x7fc00000, 0x7fc00000, 0x3f800000, 0x3f800000                   /* NaN result is canonical (sign not flipped) */

    TEST_FP_OP3_S 21, fnmsub.s, rne, 0, 0xc0000000, 0x40000000, 0x40400000, 0x40800000                   /* -(2*3) + 4 = -2 */
    TEST_FP_OP3_S 22, fnmsub.s, rne, 0, 0x00000000, 0x40000000, 0x40400000, 0x40c00000                   /* -(2*3) + 6 = +0 */
    TEST_FP_OP3_S 23, fnmsub.s, rne, 0, 0x33800000, 0x3f800800, 0x3f7ff000, 0x3f800000                   /* -(1+d)(1-d) + 1 = +d^2 */
    TEST_FP_OP3_S 24, fnmsub.s, rne, FFLAG_NV, 0x7fc00000, 0x00000000, 0x7f800000, 0x3f800000            /* 0 * inf is invalid */
RVJ_TEST_END
