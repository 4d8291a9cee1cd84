/* subw: 32-bit subtract. Result is the low 32 bits sign-extended to 64; upper halves of the sources are ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, subw, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000  /* 0 - 0 */
    TEST_RR   3, subw, 0xfffffffffffffffc, 0x0000000000000003, 0x0000000000000007  /* negative result sign-extended */
    TEST_RR   4, subw, 0xffffffffffffffff, 0x0000000000000000, 0x0000000000000001  /* 0 - 1 = -1 */
    TEST_RR   5, subw, 0x000000007fffffff, 0x0000000080000000, 0x0000000000000001  /* INT32_MIN - 1 wraps to INT32_MAX */
    TEST_RR   6, subw, 0xffffffff80000000, 0x0000000000000000, 0x0000000080000000  /* 0 - INT32_MIN = INT32_MIN */
    TEST_RR   7, subw, 0xffffffff80000000, 0x000000007fffffff, 0x00000000ffffffff  /* INT32_MAX - -1 wraps */
    TEST_RR   8, subw, 0x0000000000000003, 0x1234567800000005, 0xabcdef0000000002  /* upper halves ignored */
    TEST_RR   9, subw, 0xffffffffffffffff, 0x0000000100000000, 0x0000000000000001  /* borrow from bit 32 is not seen */

    TEST_RR_RD_IS_RS1 10, subw, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b /* rd is rs1 */
    TEST_RR_RD_IS_RS2 11, subw, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b /* rd is rs2 */
    TEST_RR_ALL_SAME 12, subw, 0x0000000000000000, 0x0000000000000018              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 13, subw, 0xfffffffffffffff5, 0x000000000000000b                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 14, subw, 0x0000000000000018, 0x0000000000000018                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 15, subw, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 16, subw, 0x0000000000000018, 0x000000000000000b                 /* result written to x0 is discarded */
    TEST_RR_LOOP 17, subw, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 18, subw, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 19, subw, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 20, subw, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 21, subw, 0x000000000000000d, 0x0000000000000018, 0x000000000000000b, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
