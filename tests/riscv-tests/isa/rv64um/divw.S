/* divw: signed 32-bit division. Operands are the low 32 bits; the 32-bit result is sign-extended to 64. */
/* x/0 = -1; INT32_MIN/-1 = INT32_MIN. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, divw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006  /* 20 / 6 */
    TEST_RR   3, divw, 0xfffffffffffffffd, 0xffffffffffffffec, 0x0000000000000006  /* -20 / 6 = -3 */
    TEST_RR   4, divw, 0xfffffffffffffffd, 0x0000000000000014, 0xfffffffffffffffa  /* 20 / -6 */
    TEST_RR   5, divw, 0x0000000000000003, 0xffffffffffffffec, 0xfffffffffffffffa  /* -20 / -6 */
    TEST_RR   6, divw, 0xffffffff80000000, 0x0000000080000000, 0xffffffffffffffff  /* INT32_MIN / -1 overflows to INT32_MIN (sign-extended) */
    TEST_RR   7, divw, 0xffffffff80000000, 0x0000000080000000, 0x0000000000000001  /* INT32_MIN / 1 */
    TEST_RR   8, divw, 0xffffffffffffffff, 0x0000000000000005, 0x0000000000000000  /* division by zero gives -1 */
    TEST_RR   9, divw, 0xffffffffffffffff, 0x0000000000000014, 0x0000000100000000  /* divisor whose low word is 0: division by zero */
    TEST_RR  10, divw, 0x0000000000000003, 0xffffffff00000014, 0x0000000000000006  /* upper half of dividend ignored */
    TEST_RR  11, divw, 0xffffffff80000001, 0x000000007fffffff, 0x00000000ffffffff  /* INT32_MAX / -1 */

    TEST_RR_RD_IS_RS1 12, divw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 13, divw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006 /* rd is rs2 */
    TEST_RR_ALL_SAME 14, divw, 0x0000000000000001, 0x0000000000000014              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 15, divw, 0x0000000000000000, 0x0000000000000006                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 16, divw, 0xffffffffffffffff, 0x0000000000000014                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 17, divw, 0xffffffffffffffff                                   /* x0 as both sources */
    TEST_RR_X0_RD 18, divw, 0x0000000000000014, 0x0000000000000006                 /* result written to x0 is discarded */
    TEST_RR_LOOP 19, divw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 20, divw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 21, divw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 22, divw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 23, divw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
