/* andi: and with a sign-extended immediate. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, andi, 0x00000000ff00ff00, 0x00000000ff00ff00, -241               /* negative immediate keeps the upper bits */
    TEST_IMM   3, andi, 0x00000000000000f0, 0x000000000ff00ff0, 240                /* positive immediate */
    TEST_IMM   4, andi, 0x000000000000000f, 0x0000000000ff00ff, 1807               /* positive immediate clears the upper bits */
    TEST_IMM   5, andi, 0x0000000000000000, 0x00000000f00ff00f, 240                /* pattern */
    TEST_IMM   6, andi, 0xfffffffffffffff0, 0xffffffffffffffff, -16                /* align down to 16 */
    TEST_IMM   7, andi, 0x00000000000007ff, 0xffffffffffffffff, 2047               /* upper bits cleared */

    TEST_IMM_RD_IS_RS1 8, andi, 0x0000000000000700, 0x00000000ff00ff00, 1807       /* rd is rs1 */
    TEST_IMM_X0_RS1 9, andi, 0x0000000000000000, 1807                              /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 10, andi, 0x00000000ff00ff00, 1807                              /* result written to x0 is discarded */
    TEST_IMM_LOOP 11, andi, 0x0000000000000700, 0x00000000ff00ff00, 1807, 0        /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 12, andi, 0x0000000000000700, 0x00000000ff00ff00, 1807, 1        /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 13, andi, 0x0000000000000700, 0x00000000ff00ff00, 1807, 2        /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
