/* divuw: unsigned 32-bit division. Operands are the low 32 bits; the 32-bit result is sign-extended to 64. */
/* x/0 = all ones. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, divuw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006 /* 20 / 6 */
    TEST_RR   3, divuw, 0x000000002aaaaaa7, 0xffffffffffffffec, 0x0000000000000006 /* 0xffffffec / 6 */
    TEST_RR   4, divuw, 0x0000000000000000, 0x0000000000000014, 0xfffffffffffffffa /* huge 32-bit divisor gives 0 */
    TEST_RR   5, divuw, 0xffffffffffffffff, 0x00000000ffffffff, 0x0000000000000001 /* 0xffffffff / 1 sign-extends to -1 */
    TEST_RR   6, divuw, 0xffffffff80000000, 0x0000000080000000, 0x0000000000000001 /* result with bit 31 set is sign-extended */
    TEST_RR   7, divuw, 0xffffffffffffffff, 0x0000000000000005, 0x0000000000000000 /* division by zero gives all ones */
    TEST_RR   8, divuw, 0xffffffffffffffff, 0x0000000000000014, 0x0000000100000000 /* low word of divisor 0: division by zero */
    TEST_RR   9, divuw, 0x0000000000000003, 0xabcdef0000000014, 0x0000000000000006 /* upper half of dividend ignored */

    TEST_RR_RD_IS_RS1 10, divuw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 11, divuw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006 /* rd is rs2 */
    TEST_RR_ALL_SAME 12, divuw, 0x0000000000000001, 0x0000000000000014             /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 13, divuw, 0x0000000000000000, 0x0000000000000006               /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 14, divuw, 0xffffffffffffffff, 0x0000000000000014               /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 15, divuw, 0xffffffffffffffff                                  /* x0 as both sources */
    TEST_RR_X0_RD 16, divuw, 0x0000000000000014, 0x0000000000000006                /* result written to x0 is discarded */
    TEST_RR_LOOP 17, divuw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 18, divuw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 19, divuw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 20, divuw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 21, divuw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
