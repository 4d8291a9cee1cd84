/* fmadd.d fmsub.d fnmadd.d fnmsub.d: a single rounding of a*b+c, the sign conventions of the four forms, */
/* zero signs and the invalid cases (inf*0 even with a quiet NaN addend). */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP3_D 2, fmadd.d, rne, 0, 0x4024000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000 /* 2*3 + 4 = 10 */
    TEST_FP_OP3_D 3, fmadd.d, rne, 0, 0xbc90000000000000, 0x3ff0000002000000, 0x3feffffffc000000, 0xbff0000000000000 /* (1+d)(1-d) - 1 = -d^2 exactly: one rounding, not two */
    TEST_FP_OP3_D 4, fmadd.d, rne, FFLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000 /* 1*1 + half ulp: tie to even, NX */
    TEST_FP_OP3_D 5, fmadd.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x7ff0000000000000, 0x0000000000000000, 0x7ff8000000000000 /* inf * 0 + qNaN is still invalid (NV) */
    TEST_FP_OP3_D 6, fmadd.d, rne, 0, 0x7ff8000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff8000000000000 /* valid product + qNaN: canonical NaN, no flag */
    TEST_FP_OP3_D 7, fmadd.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000 /* inf + -inf inside the fma is invalid */
    TEST_FP_OP3_D 8, fmadd.d, rne, 0, 0x7fefffffffffffff, 0x7fefffffffffffff, 0x4000000000000000, 0xffefffffffffffff /* intermediate product overflow is not an overflow: exact MAX */
    TEST_FP_OP3_D 9, fmadd.d, rne, 0, 0x0000000000000000, 0x4008000000000000, 0x4000000000000000, 0xc018000000000000 /* 3*2 - 6 = +0 */
    TEST_FP_OP3_D 10, fmadd.d, rdn, 0, 0x8000000000000000, 0x4008000000000000, 0x4000000000000000, 0xc018000000000000 /* 3*2 - 6 = -0 when rounding down */
    TEST_FP_OP3_D 11, fmadd.d, rne, 0, 0x8000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0x8000000000000000 /* -0*1 + -0 = -0 */
    TEST_FP_OP3_D 12, fmadd.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x7ff0000000000001, 0x3ff0000000000000, 0x3ff0000000000000 /* signaling NaN: NV */

    TEST_FP_OP3_D 13, fmsub.d, rne, 0, 0x4000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000 /* 2*3 - 4 = 2 */
    TEST_FP_OP3_D 14, fmsub.d, rne, 0, 0xbc90000000000000, 0x3ff0000002000000, 0x3feffffffc000000, 0x3ff0000000000000 /* (1+d)(1-d) - 1 = -d^2, single rounding */
    TEST_FP_OP3_D 15, fmsub.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x7ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000000 /* inf - inf is invalid */
    TEST_FP_OP3_D 16, fmsub.d, rne, 0, 0x0000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4018000000000000 /* 2*3 - 6 = +0 */

    TEST_FP_OP3_D 17, fnmadd.d, rne, 0, 0xc024000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000 /* -(2*3) - 4 = -10 */
    TEST_FP_OP3_D 18, fnmadd.d, rne, 0, 0x0000000000000000, 0x4000000000000000, 0x4008000000000000, 0xc018000000000000 /* -(2*3) + 6 = +0 */
    TEST_FP_OP3_D 19, fnmadd.d, rne, 0, 0x8000000000000000, 0x0000000000000000, 0x3ff0000000000000, 0x0000000000000000 /* -(0*1) - 0 = -0 */
    TEST_FP_OP3_D 20, fnmadd.d, rne, 0, 0x7ff8000000000000, 0x7ff8000000000000, 0x3ff0000000000000, 0x3ff0000000000000 /* NaN result is canonical (sign not flipped) */

    TEST_FP_OP3_D 21, fnmsub.d, rne, 0, 0xc000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000 /* -(2*3) + 4 = -2 */
    TEST_FP_OP3_D 22, fnmsub.d, rne, 0, 0x0000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4018000000000000 /* -(2*3) + 6 = +0 */
    TEST_FP_OP3_D 23, fnmsub.d, rne, 0, 0x3c90000000000000, 0x3ff0000002000000, 0x3feffffffc000000, 0x3ff0000000000000 /* -(1+d)(1-d) + 1 = +d^2 */
    TEST_FP_OP3_D 24, fnmsub.d, rne, FFLAG_NV, 0x7ff8000000000000, 0x0000000000000000, 0x7ff0000000000000, 0x3ff0000000000000 /* 0 * inf is invalid */
RVJ_TEST_END
