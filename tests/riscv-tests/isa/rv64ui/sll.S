/* sll: shift left logical; only rs2[5:0] is the shift amount. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, sll, 0x0000000000000001, 0x0000000000000001, 0x0000000000000000   /* shift by 0 */
    TEST_RR   3, sll, 0x0000000000000002, 0x0000000000000001, 0x0000000000000001   /* shift by 1 */
    TEST_RR   4, sll, 0x0000000000000080, 0x0000000000000001, 0x0000000000000007   /* shift by 7 */
    TEST_RR   5, sll, 0x0000000080000000, 0x0000000000000001, 0x000000000000001f   /* into bit 31: no sign extension */
    TEST_RR   6, sll, 0x0000000100000000, 0x0000000000000001, 0x0000000000000020   /* shift by 32 */
    TEST_RR   7, sll, 0x8000000000000000, 0x0000000000000001, 0x000000000000003f   /* into bit 63 */
    TEST_RR   8, sll, 0xfffffffffffffffe, 0xffffffffffffffff, 0x0000000000000001   /* all ones by 1 */
    TEST_RR   9, sll, 0x8000000000000000, 0xffffffffffffffff, 0x000000000000003f   /* all ones by 63 */
    TEST_RR  10, sll, 0x4848484848484000, 0x2121212121212121, 0x000000000000000e   /* pattern by 14 */
    TEST_RR  11, sll, 0x4242424200000000, 0x2121212121212121, 0x0000000000000021   /* pattern by 33 */
    TEST_RR  12, sll, 0x2121212121212121, 0x2121212121212121, 0xffffffffffffffc0   /* rs2 = -64: amount is 0 */
    TEST_RR  13, sll, 0x4242424242424242, 0x2121212121212121, 0xffffffffffffffc1   /* rs2 = -63: amount is 1 */
    TEST_RR  14, sll, 0x2121212121212121, 0x2121212121212121, 0x0000000000000040   /* rs2 = 64: amount is 0 */
    TEST_RR  15, sll, 0x4848400000000000, 0x2121212121212121, 0x7fffffffffffff6e   /* high bits of rs2 ignored: amount 46 */

    TEST_RR_RD_IS_RS1 16, sll, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 17, sll, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005 /* rd is rs2 */
    TEST_RR_ALL_SAME 18, sll, 0x000000000001a000, 0x000000000000000d               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 19, sll, 0x0000000000000000, 0x0000000000000005                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 20, sll, 0x000000000000000d, 0x000000000000000d                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 21, sll, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 22, sll, 0x000000000000000d, 0x0000000000000005                  /* result written to x0 is discarded */
    TEST_RR_LOOP 23, sll, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 24, sll, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 25, sll, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 26, sll, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 27, sll, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
