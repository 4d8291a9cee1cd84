/* ori: or with a sign-extended immediate. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, ori, 0xffffffffffffff0f, 0x00000000ff00ff00, -241                /* negative immediate sets the upper bits */
    TEST_IMM   3, ori, 0x000000000ff00ff0, 0x000000000ff00ff0, 240                 /* positive immediate */
    TEST_IMM   4, ori, 0x0000000000ff07ff, 0x0000000000ff00ff, 1807                /* positive immediate */
    TEST_IMM   5, ori, 0x00000000f00ff0ff, 0x00000000f00ff00f, 240                 /* pattern */
    TEST_IMM   6, ori, 0xfffffffffffff800, 0x0000000000000000, -2048               /* most negative immediate */
    TEST_IMM   7, ori, 0x8000000000000001, 0x8000000000000000, 1                   /* top and bottom bits */

    TEST_IMM_RD_IS_RS1 8, ori, 0x00000000ff00fff0, 0x00000000ff00ff00, 240         /* rd is rs1 */
    TEST_IMM_X0_RS1 9, ori, 0x00000000000000f0, 240                                /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 10, ori, 0x00000000ff00ff00, 240                                /* result written to x0 is discarded */
    TEST_IMM_LOOP 11, ori, 0x00000000ff00fff0, 0x00000000ff00ff00, 240, 0          /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 12, ori, 0x00000000ff00fff0, 0x00000000ff00ff00, 240, 1          /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 13, ori, 0x00000000ff00fff0, 0x00000000ff00ff00, 240, 2          /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
