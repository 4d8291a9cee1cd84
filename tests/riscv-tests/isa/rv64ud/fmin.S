/* fmin.d / fmax.d: IEEE 754-2019 minimumNumber/maximumNumber: -0 < +0, a single NaN operand yields the */
/* other operand, two NaNs yield the canonical NaN, NV only for signaling NaNs. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    TEST_FP_OP2NR_D 2, fmin.d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0x4000000000000000             /* 1 vs 2 */
    TEST_FP_OP2NR_D 3, fmin.d, 0, 0xc000000000000000, 0xbff0000000000000, 0xc000000000000000             /* -1 vs -2 */
    TEST_FP_OP2NR_D 4, fmin.d, 0, 0x8000000000000000, 0x8000000000000000, 0x0000000000000000             /* -0 is smaller than +0 */
    TEST_FP_OP2NR_D 5, fmin.d, 0, 0x8000000000000000, 0x0000000000000000, 0x8000000000000000             /* +0 is larger than -0 */
    TEST_FP_OP2NR_D 6, fmin.d, 0, 0x4008000000000000, 0x7ff8000000000000, 0x4008000000000000             /* one quiet NaN: the other operand, no flag */
    TEST_FP_OP2NR_D 7, fmin.d, 0, 0x4008000000000000, 0x4008000000000000, 0x7ff8000000000123             /* one quiet NaN (second): the other operand */
    TEST_FP_OP2NR_D 8, fmin.d, FFLAG_NV, 0x4008000000000000, 0x7ff0000000000001, 0x4008000000000000      /* signaling NaN: the other operand, NV */
    TEST_FP_OP2NR_D 9, fmin.d, FFLAG_NV, 0x7ff8000000000000, 0x7ff8000000000000, 0x7ff0000000000001      /* two NaNs: canonical NaN, NV for the signaling one */
    TEST_FP_OP2NR_D 10, fmin.d, 0, 0x7ff8000000000000, 0x7ff8000000000123, 0x7ff8000000000123            /* two quiet NaNs: canonical NaN, no flag */
    TEST_FP_OP2NR_D 11, fmin.d, 0, 0xfff0000000000000, 0xfff0000000000000, 0x7fefffffffffffff            /* -inf vs max */
    TEST_FP_OP2NR_D 12, fmin.d, 0, 0x0000000000000001, 0x7ff0000000000000, 0x0000000000000001            /* inf vs smallest subnormal */

    TEST_FP_OP2NR_D 13, fmax.d, 0, 0x4000000000000000, 0x3ff0000000000000, 0x4000000000000000            /* 1 vs 2 */
    TEST_FP_OP2NR_D 14, fmax.d, 0, 0xbff0000000000000, 0xbff0000000000000, 0xc000000000000000            /* -1 vs -2 */
    TEST_FP_OP2NR_D 15, fmax.d, 0, 0x0000000000000000, 0x8000000000000000, 0x0000000000000000            /* -0 is smaller than +0 */
    TEST_FP_OP2NR_D 16, fmax.d, 0, 0x0000000000000000, 0x0000000000000000, 0x8000000000000000            /* +0 is larger than -0 */
    TEST_FP_OP2NR_D 17, fmax.d, 0, 0x4008000000000000, 0x7ff8000000000000, 0x4008000000000000            /* one quiet NaN: the other operand, no flag */
    TEST_FP_OP2NR_D 18, fmax.d, 0, 0x4008000000000000, 0x4008000000000000, 0x7ff8000000000123            /* one quiet NaN (second): the other operand */
    TEST_FP_OP2NR_D 19, fmax.d, FFLAG_NV, 0x4008000000000000, 0x7ff0000000000001, 0x4008000000000000     /* signaling NaN: the other operand, NV */
    TEST_FP_OP2NR_D 20, fmax.d, FFLAG_NV, 0x7ff8000000000000, 0x7ff8000000000000, 0x7ff0000000000001     /* two NaNs: canonical NaN, NV for the signaling one */
    TEST_FP_OP2NR_D 21, fmax.d, 0, 0x7ff8000000000000, 0x7ff8000000000123, 0x7ff8000000000123            /* two quiet NaNs: canonical NaN, no flag */
    TEST_FP_OP2NR_D 22, fmax.d, 0, 0x7fefffffffffffff, 0xfff0000000000000, 0x7fefffffffffffff            /* -inf vs max */
    TEST_FP_OP2NR_D 23, fmax.d, 0, 0x7ff0000000000000, 0x7ff0000000000000, 0x0000000000000001            /* inf vs smallest subnormal */

RVJ_TEST_END
