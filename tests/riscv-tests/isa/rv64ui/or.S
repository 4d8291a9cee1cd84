/* or: bitwise or. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, or, 0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0    /* patterns */
    TEST_RR   3, or, 0x0fff0fff0fff0fff, 0x0ff00ff00ff00ff0, 0x00ff00ff00ff00ff    /* patterns */
    TEST_RR   4, or, 0xf0fff0fff0fff0ff, 0x00ff00ff00ff00ff, 0xf00ff00ff00ff00f    /* patterns */
    TEST_RR   5, or, 0xff0fff0fff0fff0f, 0xf00ff00ff00ff00f, 0xff00ff00ff00ff00    /* patterns */
    TEST_RR   6, or, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000    /* 0 | 0 */
    TEST_RR   7, or, 0x8000000000000001, 0x8000000000000000, 0x0000000000000001    /* top and bottom bits */
    TEST_RR   8, or, 0xffffffffffffffff, 0xffffffff00000000, 0x00000000ffffffff    /* halves join */

    TEST_RR_RD_IS_RS1 9, or, 0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 10, or, 0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0 /* rd is rs2 */
    TEST_RR_ALL_SAME 11, or, 0xff00ff00ff00ff00, 0xff00ff00ff00ff00                /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 12, or, 0x0ff00ff00ff00ff0, 0x0ff00ff00ff00ff0                  /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 13, or, 0xff00ff00ff00ff00, 0xff00ff00ff00ff00                  /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 14, or, 0x0000000000000000                                     /* x0 as both sources */
    TEST_RR_X0_RD 15, or, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0                   /* result written to x0 is discarded */
    TEST_RR_LOOP 16, or, 0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 17, or, 0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 18, or, 0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 19, or, 0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 20, or, 0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
