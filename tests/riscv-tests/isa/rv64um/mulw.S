/* mulw: low 32 bits of the product. Operands are the low 32 bits; the 32-bit result is sign-extended to */
/* 64. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, mulw, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000  /* zero */
    TEST_RR   3, mulw, 0x0000000000000015, 0x0000000000000003, 0x0000000000000007  /* small */
    TEST_RR   4, mulw, 0xfffffffffffffffe, 0x000000007fffffff, 0x0000000000000002  /* result with bit 31 set is negative */
    TEST_RR   5, mulw, 0x0000000000000000, 0x0000000000010000, 0x0000000000010000  /* 2^32 truncates to 0 */
    TEST_RR   6, mulw, 0x0000000000000001, 0xffffffffffffffff, 0xffffffffffffffff  /* -1 * -1 = 1 */
    TEST_RR   7, mulw, 0xffffffff80000000, 0x0000000080000000, 0xffffffffffffffff  /* INT32_MIN * -1 = INT32_MIN */
    TEST_RR   8, mulw, 0x0000000069d0369b, 0x0000000123456789, 0xabcdef0000000003  /* upper halves ignored */
    TEST_RR   9, mulw, 0x0000000000000001, 0x00000000ffffffff, 0x00000000ffffffff  /* (-1)*(-1) in 32 bits */

    TEST_RR_RD_IS_RS1 10, mulw, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b /* rd is rs1 */
    TEST_RR_RD_IS_RS2 11, mulw, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b /* rd is rs2 */
    TEST_RR_ALL_SAME 12, mulw, 0x00000000000000a9, 0x000000000000000d              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 13, mulw, 0x0000000000000000, 0x000000000000000b                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 14, mulw, 0x0000000000000000, 0x000000000000000d                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 15, mulw, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 16, mulw, 0x000000000000000d, 0x000000000000000b                 /* result written to x0 is discarded */
    TEST_RR_LOOP 17, mulw, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 18, mulw, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 19, mulw, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 20, mulw, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 21, mulw, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
