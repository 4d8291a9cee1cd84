/* feq.s (quiet) and flt.s / fle.s (signaling): results, signed zeros, and the invalid flag rules for NaN */
/* operands. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_CMP_S 2, feq.s, 0, 1, 0x3f800000, 0x3f800000                                                 /* equal */
    TEST_FP_CMP_S 3, feq.s, 0, 0, 0x3f800000, 0x40000000                                                 /* less */
    TEST_FP_CMP_S 4, feq.s, 0, 0, 0x40000000, 0x3f800000                                                 /* greater */
    TEST_FP_CMP_S 5, feq.s, 0, 1, 0x80000000, 0x00000000                                                 /* -0 and +0 compare equal */
    TEST_FP_CMP_S 6, feq.s, 0, 0, 0xff800000, 0x7f800000                                                 /* -inf < inf */
    TEST_FP_CMP_S 7, feq.s, 0, 0, 0x00000001, 0x00000000                                                 /* smallest subnormal > 0 */
    TEST_FP_CMP_S 8, feq.s, 0, 0, 0x7fc00000, 0x3f800000                                                 /* quiet NaN: false; NV only for the signaling compares flt/fle */
    TEST_FP_CMP_S 9, feq.s, 0, 0, 0x3f800000, 0x7fc00123                                                 /* quiet NaN second */
    TEST_FP_CMP_S 10, feq.s, FFLAG_NV, 0, 0x7f800001, 0x3f800000                                         /* signaling NaN: false and NV */
    TEST_FP_CMP_S 11, feq.s, 0, 0, 0x7fc00000, 0x7fc00000                                                /* NaN is not equal to itself */

    TEST_FP_CMP_S 12, flt.s, 0, 0, 0x3f800000, 0x3f800000                                                /* equal */
    TEST_FP_CMP_S 13, flt.s, 0, 1, 0x3f800000, 0x40000000                                                /* less */
    TEST_FP_CMP_S 14, flt.s, 0, 0, 0x40000000, 0x3f800000                                                /* greater */
    TEST_FP_CMP_S 15, flt.s, 0, 0, 0x80000000, 0x00000000                                                /* -0 and +0 compare equal */
    TEST_FP_CMP_S 16, flt.s, 0, 1, 0xff800000, 0x7f800000                                                /* -inf < inf */
    TEST_FP_CMP_S 17, flt.s, 0, 0, 0x00000001, 0x00000000                                                /* smallest subnormal > 0 */
    TEST_FP_CMP_S 18, flt.s, FFLAG_NV, 0, 0x7fc00000, 0x3f800000                                         /* quiet NaN: false; NV only for the signaling compares flt/fle */
    TEST_FP_CMP_S 19, flt.s, FFLAG_NV, 0, 0x3f800000, 0x7fc00123                                         /* quiet NaN second */
    TEST_FP_CMP_S 20, flt.s, FFLAG_NV, 0, 0x7f800001, 0x3f800000                                         /* signaling NaN: false and NV */
    TEST_FP_CMP_S 21, flt.s, FFLAG_NV, 0, 0x7fc00000, 0x7fc00000                                         /* NaN is not equal to itself */

    TEST_FP_CMP_S 22, fle.s, 0, 1, 0x3f800000, 0x3f800000                                                /* equal */
    TEST_FP_CMP_S 23, fle.s, 0, 1, 0x3f800000, 0x40000000                                                /* less */
    TEST_FP_CMP_S 24, fle.s, 0, 0, 0x40000000, 0x3f800000                                                /* greater */
    TEST_FP_CMP_S 25, fle.s, 0, 1, 0x80000000, 0x00000000                                                /* -0 and +0 compare equal */
    TEST_FP_CMP_S 26, fle.s, 0, 1, 0xff800000, 0x7f800000                                                /* -inf < inf */
    TEST_FP_CMP_S 27, fle.s, 0, 0, 0x00000001, 0x00000000                                                /* smallest subnormal > 0 */
    TEST_FP_CMP_S 28, fle.s, FFLAG_NV, 0, 0x7fc00000, 0x3f800000                                         /* quiet NaN: false; NV only for the signaling compares flt/fle */
    TEST_FP_CMP_S 29, fle.s, FFLAG_NV, 0, 0x3f800000, 0x7fc00123                                         /* quiet NaN second */
    TEST_FP_CMP_S 30, fle.s, FFLAG_NV, 0, 0x7f800001, 0x3f800000                                         /* signaling NaN: false and NV */
    TEST_FP_CMP_S 31, fle.s, FFLAG_NV, 0, 0x7fc00000, 0x7fc00000                                         /* NaN is not equal to itself */

RVJ_TEST_END
