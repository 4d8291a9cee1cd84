/* addw: 32-bit add. Result is the low 32 bits sign-extended to 64; upper halves of the sources are ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, addw, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000  /* 0 + 0 */
    TEST_RR   3, addw, 0x0000000000000002, 0x0000000000000001, 0x0000000000000001  /* small */
    TEST_RR   4, addw, 0x000000000000000a, 0x0000000000000003, 0x0000000000000007  /* small */
    TEST_RR   5, addw, 0xffffffff80000000, 0x000000007fffffff, 0x0000000000000001  /* 32-bit overflow: result sign-extended from bit 31 */
    TEST_RR   6, addw, 0x0000000000000000, 0x00000000ffffffff, 0x0000000000000001  /* carry out of bit 31 is dropped */
    TEST_RR   7, addw, 0x0000000000000000, 0x0000000080000000, 0x0000000080000000  /* INT32_MIN + INT32_MIN = 0 */
    TEST_RR   8, addw, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff  /* -1 + -1 = -2 */
    TEST_RR   9, addw, 0x0000000000000003, 0x1234567800000001, 0xabcdef0000000002  /* upper halves ignored */
    TEST_RR  10, addw, 0xffffffffffff8000, 0x00000000ffff8000, 0x0000000000000000  /* sign extension of a negative 32-bit value */
    TEST_RR  11, addw, 0x000000007fffffff, 0x7fffffff80000000, 0x80000000ffffffff  /* upper halves ignored, negative result */

    TEST_RR_RD_IS_RS1 12, addw, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b /* rd is rs1 */
    TEST_RR_RD_IS_RS2 13, addw, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b /* rd is rs2 */
    TEST_RR_ALL_SAME 14, addw, 0x000000000000001a, 0x000000000000000d              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 15, addw, 0x000000000000000b, 0x000000000000000b                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 16, addw, 0x000000000000000d, 0x000000000000000d                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 17, addw, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 18, addw, 0x000000000000000d, 0x000000000000000b                 /* result written to x0 is discarded */
    TEST_RR_LOOP 19, addw, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 20, addw, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 21, addw, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 22, addw, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 23, addw, 0x0000000000000018, 0x000000000000000d, 0x000000000000000b, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
