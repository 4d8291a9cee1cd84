/* and: bitwise and. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0   /* patterns */
    TEST_RR   3, and, 0x00f000f000f000f0, 0x0ff00ff00ff00ff0, 0x00ff00ff00ff00ff   /* patterns */
    TEST_RR   4, and, 0x000f000f000f000f, 0x00ff00ff00ff00ff, 0xf00ff00ff00ff00f   /* patterns */
    TEST_RR   5, and, 0xf000f000f000f000, 0xf00ff00ff00ff00f, 0xff00ff00ff00ff00   /* patterns */
    TEST_RR   6, and, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff   /* x & x = x */
    TEST_RR   7, and, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000000   /* x & 0 = 0 */
    TEST_RR   8, and, 0x0000000000000000, 0xffffffff00000000, 0x00000000ffffffff   /* disjoint halves */

    TEST_RR_RD_IS_RS1 9, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 10, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0 /* rd is rs2 */
    TEST_RR_ALL_SAME 11, and, 0xff00ff00ff00ff00, 0xff00ff00ff00ff00               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 12, and, 0x0000000000000000, 0x0ff00ff00ff00ff0                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 13, and, 0x0000000000000000, 0xff00ff00ff00ff00                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 14, and, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 15, and, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0                  /* result written to x0 is discarded */
    TEST_RR_LOOP 16, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 17, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 18, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 19, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 20, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
