/* sltu: set if rs1 < rs2 as unsigned 64-bit integers. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, sltu, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000  /* equal: 0 */
    TEST_RR   3, sltu, 0x0000000000000000, 0x0000000000000001, 0x0000000000000001  /* equal: 0 */
    TEST_RR   4, sltu, 0x0000000000000001, 0x0000000000000003, 0x0000000000000007  /* less: 1 */
    TEST_RR   5, sltu, 0x0000000000000000, 0x0000000000000007, 0x0000000000000003  /* greater: 0 */
    TEST_RR   6, sltu, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000001  /* all ones is the largest unsigned value */
    TEST_RR   7, sltu, 0x0000000000000001, 0x0000000000000001, 0xffffffffffffffff  /* 1 < 0xffff... */
    TEST_RR   8, sltu, 0x0000000000000000, 0x8000000000000000, 0x7fffffffffffffff  /* 0x8000... > 0x7fff... unsigned */
    TEST_RR   9, sltu, 0x0000000000000001, 0x7fffffffffffffff, 0x8000000000000000  /* 0x7fff... < 0x8000... unsigned */
    TEST_RR  10, sltu, 0x0000000000000001, 0x0000000000000000, 0xffffffffffffffff  /* 0 is the smallest */
    TEST_RR  11, sltu, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000000  /* nothing is below 0 */
    TEST_RR  12, sltu, 0x0000000000000001, 0x00000000ffffffff, 0x0000000100000000  /* compares all 64 bits */
    TEST_RR  13, sltu, 0x0000000000000001, 0xfffffffffffffffe, 0xffffffffffffffff  /* adjacent at the top */

    TEST_RR_RD_IS_RS1 14, sltu, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d /* rd is rs1 */
    TEST_RR_RD_IS_RS2 15, sltu, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d /* rd is rs2 */
    TEST_RR_ALL_SAME 16, sltu, 0x0000000000000000, 0x000000000000000b              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 17, sltu, 0x0000000000000001, 0x000000000000000d                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 18, sltu, 0x0000000000000000, 0x000000000000000b                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 19, sltu, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 20, sltu, 0x000000000000000b, 0x000000000000000d                 /* result written to x0 is discarded */
    TEST_RR_LOOP 21, sltu, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 22, sltu, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 23, sltu, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 24, sltu, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 25, sltu, 0x0000000000000001, 0x000000000000000b, 0x000000000000000d, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
