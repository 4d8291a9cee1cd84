/* andn: rd = rs1 & ~rs2. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, andn, 0xfedcba9876543210, 0xffffffffffffffff, 0x0123456789abcdef  /* clear pattern bits */
    TEST_RR   3, andn, 0x0000000000000000, 0x0123456789abcdef, 0x0123456789abcdef  /* x & ~x = 0 */
    TEST_RR   4, andn, 0x0123456789abcdef, 0x0123456789abcdef, 0x0000000000000000  /* nothing cleared */
    TEST_RR   5, andn, 0xf000f000f000f000, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0  /* patterns */

    TEST_RR_RD_IS_RS1 6, andn, 0x00000000f000f000, 0x00000000ff00ff00, 0x000000000ff00ff0 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 7, andn, 0x00000000f000f000, 0x00000000ff00ff00, 0x000000000ff00ff0 /* rd is rs2 */
    TEST_RR_ALL_SAME 8, andn, 0x0000000000000000, 0x00000000ff00ff00               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 9, andn, 0x0000000000000000, 0x000000000ff00ff0                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 10, andn, 0x00000000ff00ff00, 0x00000000ff00ff00                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 11, andn, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 12, andn, 0x00000000ff00ff00, 0x000000000ff00ff0                 /* result written to x0 is discarded */
    TEST_RR_LOOP 13, andn, 0x00000000f000f000, 0x00000000ff00ff00, 0x000000000ff00ff0, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 14, andn, 0x00000000f000f000, 0x00000000ff00ff00, 0x000000000ff00ff0, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 15, andn, 0x00000000f000f000, 0x00000000ff00ff00, 0x000000000ff00ff0, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 16, andn, 0x00000000f000f000, 0x00000000ff00ff00, 0x000000000ff00ff0, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 17, andn, 0x00000000f000f000, 0x00000000ff00ff00, 0x000000000ff00ff0, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
