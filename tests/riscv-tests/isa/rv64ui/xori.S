/* xori: xor with a sign-extended immediate. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, xori, 0xffffffffff00f00f, 0x0000000000ff0f00, -241               /* negative immediate sets the upper bits */
    TEST_IMM   3, xori, 0x000000000ff00f00, 0x000000000ff00ff0, 240                /* positive immediate */
    TEST_IMM   4, xori, 0x0000000000ff0ff0, 0x0000000000ff08ff, 1807               /* positive immediate */
    TEST_IMM   5, xori, 0x00000000f00ff0ff, 0x00000000f00ff00f, 240                /* pattern */
    TEST_IMM   6, xori, 0x00ff00ff00ff00ff, 0xff00ff00ff00ff00, -1                 /* xori -1 is not */
    TEST_IMM   7, xori, 0x0000000000000000, 0x0000000000000000, 0                  /* zero */

    TEST_IMM_RD_IS_RS1 8, xori, 0x00000000ff00f80f, 0x00000000ff00ff00, 1807       /* rd is rs1 */
    TEST_IMM_X0_RS1 9, xori, 0x000000000000070f, 1807                              /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 10, xori, 0x00000000ff00ff00, 1807                              /* result written to x0 is discarded */
    TEST_IMM_LOOP 11, xori, 0x00000000ff00f80f, 0x00000000ff00ff00, 1807, 0        /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 12, xori, 0x00000000ff00f80f, 0x00000000ff00ff00, 1807, 1        /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 13, xori, 0x00000000ff00f80f, 0x00000000ff00ff00, 1807, 2        /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
