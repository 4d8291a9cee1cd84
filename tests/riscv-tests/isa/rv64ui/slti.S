/* slti: set if rs1 < sign-extended immediate, signed. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, slti, 0x0000000000000000, 0x0000000000000000, 0                  /* equal */
    TEST_IMM   3, slti, 0x0000000000000000, 0x0000000000000001, 1                  /* equal */
    TEST_IMM   4, slti, 0x0000000000000001, 0x0000000000000003, 7                  /* less */
    TEST_IMM   5, slti, 0x0000000000000000, 0x0000000000000007, 3                  /* greater */
    TEST_IMM   6, slti, 0x0000000000000000, 0x0000000000000000, -2048              /* 0 > -2048 */
    TEST_IMM   7, slti, 0x0000000000000001, 0x8000000000000000, 0                  /* INT64_MIN < 0 */
    TEST_IMM   8, slti, 0x0000000000000000, 0x7fffffffffffffff, -1                 /* INT64_MAX > -1 */
    TEST_IMM   9, slti, 0x0000000000000001, 0xffffffffffffffff, 0                  /* -1 < 0 */
    TEST_IMM  10, slti, 0x0000000000000000, 0x00000000000007ff, 2047               /* equal at the immediate maximum */
    TEST_IMM  11, slti, 0x0000000000000001, 0xfffffffffffff800, -2047              /* -2048 < -2047 */

    TEST_IMM_RD_IS_RS1 12, slti, 0x0000000000000001, 0x000000000000000b, 13        /* rd is rs1 */
    TEST_IMM_X0_RS1 13, slti, 0x0000000000000001, 13                               /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 14, slti, 0x000000000000000b, 13                                /* result written to x0 is discarded */
    TEST_IMM_LOOP 15, slti, 0x0000000000000001, 0x000000000000000b, 13, 0          /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 16, slti, 0x0000000000000001, 0x000000000000000b, 13, 1          /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 17, slti, 0x0000000000000001, 0x000000000000000b, 13, 2          /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
