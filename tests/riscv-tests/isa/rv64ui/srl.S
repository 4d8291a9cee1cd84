/* srl: shift right logical (zero fill); only rs2[5:0] is the shift amount. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, srl, 0x8000000000000000, 0x8000000000000000, 0x0000000000000000   /* shift by 0 */
    TEST_RR   3, srl, 0x4000000000000000, 0x8000000000000000, 0x0000000000000001   /* zero fills from the top */
    TEST_RR   4, srl, 0x0000000100000000, 0x8000000000000000, 0x000000000000001f   /* shift by 31 */
    TEST_RR   5, srl, 0x0000000080000000, 0x8000000000000000, 0x0000000000000020   /* shift by 32 */
    TEST_RR   6, srl, 0x0000000000000001, 0x8000000000000000, 0x000000000000003f   /* shift by 63 */
    TEST_RR   7, srl, 0x7fffffffffffffff, 0xffffffffffffffff, 0x0000000000000001   /* all ones by 1 */
    TEST_RR   8, srl, 0x00000000ffffffff, 0xffffffffffffffff, 0x0000000000000020   /* all ones by 32: upper half becomes zero */
    TEST_RR   9, srl, 0x0000000000000001, 0xffffffffffffffff, 0x000000000000003f   /* all ones by 63 */
    TEST_RR  10, srl, 0x0000848484848484, 0x2121212121212121, 0x000000000000000e   /* pattern by 14 */
    TEST_RR  11, srl, 0x0000000010909090, 0x2121212121212121, 0x0000000000000021   /* pattern by 33 */
    TEST_RR  12, srl, 0x2121212121212121, 0x2121212121212121, 0xffffffffffffffc0   /* rs2 = -64: amount is 0 */
    TEST_RR  13, srl, 0x0000000010909090, 0x2121212121212121, 0xffffffffffffffe1   /* rs2 = -31: amount is 33 */
    TEST_RR  14, srl, 0x0000000000000001, 0x0000000080000000, 0x000000000000001f   /* 32-bit value: no sign involvement */

    TEST_RR_RD_IS_RS1 15, srl, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 16, srl, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005 /* rd is rs2 */
    TEST_RR_ALL_SAME 17, srl, 0x0000000000000000, 0x0000000000000130               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 18, srl, 0x0000000000000000, 0x0000000000000005                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 19, srl, 0x0000000000000130, 0x0000000000000130                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 20, srl, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 21, srl, 0x0000000000000130, 0x0000000000000005                  /* result written to x0 is discarded */
    TEST_RR_LOOP 22, srl, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 23, srl, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 24, srl, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 25, srl, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 26, srl, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
