/* div: signed division rounding toward zero; x/0 = -1; INT64_MIN/-1 = INT64_MIN (no trap). */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, div, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006   /* 20 / 6 = 3 */
    TEST_RR   3, div, 0xfffffffffffffffd, 0xffffffffffffffec, 0x0000000000000006   /* -20 / 6 = -3 (toward zero) */
    TEST_RR   4, div, 0xfffffffffffffffd, 0x0000000000000014, 0xfffffffffffffffa   /* 20 / -6 = -3 */
    TEST_RR   5, div, 0x0000000000000003, 0xffffffffffffffec, 0xfffffffffffffffa   /* -20 / -6 = 3 */
    TEST_RR   6, div, 0x8000000000000000, 0x8000000000000000, 0x0000000000000001   /* INT64_MIN / 1 */
    TEST_RR   7, div, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff   /* INT64_MIN / -1 overflows to INT64_MIN */
    TEST_RR   8, div, 0xffffffffffffffff, 0x8000000000000000, 0x0000000000000000   /* division by zero gives -1 */
    TEST_RR   9, div, 0xffffffffffffffff, 0x0000000000000001, 0x0000000000000000   /* division by zero gives -1 */
    TEST_RR  10, div, 0xffffffffffffffff, 0x0000000000000000, 0x0000000000000000   /* 0 / 0 gives -1 */
    TEST_RR  11, div, 0x0000000000000000, 0x0000000000000001, 0x8000000000000000   /* 1 / INT64_MIN = 0 */
    TEST_RR  12, div, 0x0000000000000000, 0x7fffffffffffffff, 0x8000000000000000   /* INT64_MAX / INT64_MIN = 0 */
    TEST_RR  13, div, 0xc000000000000000, 0x8000000000000000, 0x0000000000000002   /* INT64_MIN / 2 */
    TEST_RR  14, div, 0xffffffff00000001, 0x00000000ffffffff, 0xffffffffffffffff   /* divides all 64 bits: 0xffffffff / -1 */

    TEST_RR_RD_IS_RS1 15, div, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 16, div, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006 /* rd is rs2 */
    TEST_RR_ALL_SAME 17, div, 0x0000000000000001, 0x0000000000000014               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 18, div, 0x0000000000000000, 0x0000000000000006                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 19, div, 0xffffffffffffffff, 0x0000000000000014                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 20, div, 0xffffffffffffffff                                    /* x0 as both sources */
    TEST_RR_X0_RD 21, div, 0x0000000000000014, 0x0000000000000006                  /* result written to x0 is discarded */
    TEST_RR_LOOP 22, div, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 23, div, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 24, div, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 25, div, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 26, div, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
