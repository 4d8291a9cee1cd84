/* fmin.s / fmax.s: IEEE 754-2019 minimumNumber/maximumNumber: -0 < +0, a single NaN operand yields the */
/* other operand, two NaNs yield the canonical NaN, NV only for signaling NaNs. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2NR_S 2, fmin.s, 0, 0x3f800000, 0x3f800000, 0x40000000                                     /* 1 vs 2 */
    TEST_FP_OP2NR_S 3, fmin.s, 0, 0xc0000000, 0xbf800000, 0xc0000000                                     /* -1 vs -2 */
    TEST_FP_OP2NR_S 4, fmin.s, 0, 0x80000000, 0x80000000, 0x00000000                                     /* -0 is smaller than +0 */
    TEST_FP_OP2NR_S 5, fmin.s, 0, 0x80000000, 0x00000000, 0x80000000                                     /* +0 is larger than -0 */
    TEST_FP_OP2NR_S 6, fmin.s, 0, 0x40400000, 0x7fc00000, 0x40400000                                     /* one quiet NaN: the other operand, no flag */
    TEST_FP_OP2NR_S 7, fmin.s, 0, 0x40400000, 0x40400000, 0x7fc00123                                     /* one quiet NaN (second): the other operand */
    TEST_FP_OP2NR_S 8, fmin.s, FFLAG_NV, 0x40400000, 0x7f800001, 0x40400000                              /* signaling NaN: the other operand, NV */
    TEST_FP_OP2NR_S 9, fmin.s, FFLAG_NV, 0x7fc00000, 0x7fc00000, 0x7f800001                              /* two NaNs: canonical NaN, NV for the signaling one */
    TEST_FP_OP2NR_S 10, fmin.s, 0, 0x7fc00000, 0x7fc00123, 0x7fc00123                                    /* two quiet NaNs: canonical NaN, no flag */
    TEST_FP_OP2NR_S 11, fmin.s, 0, 0xff800000, 0xff800000, 0x7f7fffff                                    /* -inf vs max */
    TEST_FP_OP2NR_S 12, fmin.s, 0, 0x00000001, 0x7f800000, 0x00000001                                    /* inf vs smallest subnormal */

    TEST_FP_OP2NR_S 13, fmax.s, 0, 0x40000000, 0x3f800000, 0x40000000                                    /* 1 vs 2 */
    TEST_FP_OP2NR_S 14, fmax.s, 0, 0xbf800000, 0xbf800000, 0xc0000000                                    /* -1 vs -2 */
    TEST_FP_OP2NR_S 15, fmax.s, 0, 0x00000000, 0x80000000, 0x00000000                                    /* -0 is smaller than +0 */
    TEST_FP_OP2NR_S 16, fmax.s, 0, 0x00000000, 0x00000000, 0x80000000                                    /* +0 is larger than -0 */
    TEST_FP_OP2NR_S 17, fmax.s, 0, 0x40400000, 0x7fc00000, 0x40400000                                    /* one quiet NaN: the other operand, no flag */
    TEST_FP_OP2NR_S 18, fmax.s, 0, 0x40400000, 0x40400000, 0x7fc00123                                    /* one quiet NaN (second): the other operand */
    TEST_FP_OP2NR_S 19, fmax.s, FFLAG_NV, 0x40400000, 0x7f800001, 0x40400000                             /* signaling NaN: the other operand, NV */
    TEST_FP_OP2NR_S 20, fmax.s, FFLAG_NV, 0x7fc00000, 0x7fc00000, 0x7f800001                             /* two NaNs: canonical NaN, NV for the signaling one */
    TEST_FP_OP2NR_S 21, fmax.s, 0, 0x7fc00000, 0x7fc00123, 0x7fc00123                                    /* two quiet NaNs: canonical NaN, no flag */
    TEST_FP_OP2NR_S 22, fmax.s, 0, 0x7f7fffff, 0xff800000, 0x7f7fffff                                    /* -inf vs max */
    TEST_FP_OP2NR_S 23, fmax.s, 0, 0x7f800000, 0x7f800000, 0x00000001                                    /* inf vs smallest subnormal */

RVJ_TEST_END
