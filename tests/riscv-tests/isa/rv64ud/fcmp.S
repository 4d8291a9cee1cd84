/* feq.d (quiet) and flt.d / fle.d (signaling): results, signed zeros, and the invalid flag rules for NaN */
/* operands. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_CMP_D 2, feq.d, 0, 1, 0x3ff0000000000000, 0x3ff0000000000000                                 /* equal */
    TEST_FP_CMP_D 3, feq.d, 0, 0, 0x3ff0000000000000, 0x4000000000000000                                 /* less */
    TEST_FP_CMP_D 4, feq.d, 0, 0, 0x4000000000000000, 0x3ff0000000000000                                 /* greater */
    TEST_FP_CMP_D 5, feq.d, 0, 1, 0x8000000000000000, 0x0000000000000000                                 /* -0 and +0 compare equal */
    TEST_FP_CMP_D 6, feq.d, 0, 0, 0xfff0000000000000, 0x7ff0000000000000                                 /* -inf < inf */
    TEST_FP_CMP_D 7, feq.d, 0, 0, 0x0000000000000001, 0x0000000000000000                                 /* smallest subnormal > 0 */
    TEST_FP_CMP_D 8, feq.d, 0, 0, 0x7ff8000000000000, 0x3ff0000000000000                                 /* quiet NaN: false; NV only for the signaling compares flt/fle */
    TEST_FP_CMP_D 9, feq.d, 0, 0, 0x3ff0000000000000, 0x7ff8000000000123                                 /* quiet NaN second */
    TEST_FP_CMP_D 10, feq.d, FFLAG_NV, 0, 0x7ff0000000000001, 0x3ff0000000000000                         /* signaling NaN: false and NV */
    TEST_FP_CMP_D 11, feq.d, 0, 0, 0x7ff8000000000000, 0x7ff8000000000000                                /* NaN is not equal to itself */

    TEST_FP_CMP_D 12, flt.d, 0, 0, 0x3ff0000000000000, 0x3ff0000000000000                                /* equal */
    TEST_FP_CMP_D 13, flt.d, 0, 1, 0x3ff0000000000000, 0x4000000000000000                                /* less */
    TEST_FP_CMP_D 14, flt.d, 0, 0, 0x4000000000000000, 0x3ff0000000000000                                /* greater */
    TEST_FP_CMP_D 15, flt.d, 0, 0, 0x8000000000000000, 0x0000000000000000                                /* -0 and +0 compare equal */
    TEST_FP_CMP_D 16, flt.d, 0, 1, 0xfff0000000000000, 0x7ff0000000000000                                /* -inf < inf */
    TEST_FP_CMP_D 17, flt.d, 0, 0, 0x0000000000000001, 0x0000000000000000                                /* smallest subnormal > 0 */
    TEST_FP_CMP_D 18, flt.d, FFLAG_NV, 0, 0x7ff8000000000000, 0x3ff0000000000000                         /* quiet NaN: false; NV only for the signaling compares flt/fle */
    TEST_FP_CMP_D 19, flt.d, FFLAG_NV, 0, 0x3ff0000000000000, 0x7ff8000000000123                         /* quiet NaN second */
    TEST_FP_CMP_D 20, flt.d, FFLAG_NV, 0, 0x7ff0000000000001, 0x3ff0000000000000                         /* signaling NaN: false and NV */
    TEST_FP_CMP_D 21, flt.d, FFLAG_NV, 0, 0x7ff8000000000000, 0x7ff8000000000000                         /* NaN is not equal to itself */

    TEST_FP_CMP_D 22, fle.d, 0, 1, 0x3ff0000000000000, 0x3ff0000000000000                                /* equal */
    TEST_FP_CMP_D 23, fle.d, 0, 1, 0x3ff0000000000000, 0x4000000000000000                                /* less */
    TEST_FP_CMP_D 24, fle.d, 0, 0, 0x4000000000000000, 0x3ff0000000000000                                /* greater */
    TEST_FP_CMP_D 25, fle.d, 0, 1, 0x8000000000000000, 0x0000000000000000                                /* -0 and +0 compare equal */
    TEST_FP_CMP_D 26, fle.d, 0, 1, 0xfff0000000000000, 0x7ff0000000000000                                /* -inf < inf */
    TEST_FP_CMP_D 27, fle.d, 0, 0, 0x0000000000000001, 0x0000000000000000                                /* smallest subnormal > 0 */
    TEST_FP_CMP_D 28, fle.d, FFLAG_NV, 0, 0x7ff8000000000000, 0x3ff0000000000000                         /* quiet NaN: false; NV only for the signaling compares flt/fle */
    TEST_FP_CMP_D 29, fle.d, FFLAG_NV, 0, 0x3ff0000000000000, 0x7ff8000000000123                         /* quiet NaN second */
    TEST_FP_CMP_D 30, fle.d, FFLAG_NV, 0, 0x7ff0000000000001, 0x3ff0000000000000                         /* signaling NaN: false and NV */
    TEST_FP_CMP_D 31, fle.d, FFLAG_NV, 0, 0x7ff8000000000000, 0x7ff8000000000000                         /* NaN is not equal to itself */

RVJ_TEST_END
