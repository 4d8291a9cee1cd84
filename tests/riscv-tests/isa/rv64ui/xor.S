/* xor: bitwise exclusive or. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, xor, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0   /* patterns */
    TEST_RR   3, xor, 0x0f0f0f0f0f0f0f0f, 0x0ff00ff00ff00ff0, 0x00ff00ff00ff00ff   /* patterns */
    TEST_RR   4, xor, 0xf0f0f0f0f0f0f0f0, 0x00ff00ff00ff00ff, 0xf00ff00ff00ff00f   /* patterns */
    TEST_RR   5, xor, 0x0f0f0f0f0f0f0f0f, 0xf00ff00ff00ff00f, 0xff00ff00ff00ff00   /* patterns */
    TEST_RR   6, xor, 0x0000000000000000, 0xffffffffffffffff, 0xffffffffffffffff   /* x ^ x = 0 */
    TEST_RR   7, xor, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000000   /* x ^ 0 = x */
    TEST_RR   8, xor, 0x8000000000000001, 0x8000000000000000, 0x0000000000000001   /* top and bottom bits */

    TEST_RR_RD_IS_RS1 9, xor, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 10, xor, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0 /* rd is rs2 */
    TEST_RR_ALL_SAME 11, xor, 0x0000000000000000, 0xff00ff00ff00ff00               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 12, xor, 0x0ff00ff00ff00ff0, 0x0ff00ff00ff00ff0                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 13, xor, 0xff00ff00ff00ff00, 0xff00ff00ff00ff00                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 14, xor, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 15, xor, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0                  /* result written to x0 is discarded */
    TEST_RR_LOOP 16, xor, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 17, xor, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 18, xor, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 19, xor, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 20, xor, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
