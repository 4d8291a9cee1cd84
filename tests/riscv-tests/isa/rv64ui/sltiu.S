/* sltiu: set if rs1 < sign-extended immediate, compared unsigned. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, sltiu, 0x0000000000000000, 0x0000000000000000, 0                 /* equal */
    TEST_IMM   3, sltiu, 0x0000000000000000, 0x0000000000000001, 1                 /* equal */
    TEST_IMM   4, sltiu, 0x0000000000000001, 0x0000000000000003, 7                 /* less */
    TEST_IMM   5, sltiu, 0x0000000000000000, 0x0000000000000007, 3                 /* greater */
    TEST_IMM   6, sltiu, 0x0000000000000001, 0x0000000000000000, -1                /* imm -1 means 0xffff...: 0 < it */
    TEST_IMM   7, sltiu, 0x0000000000000000, 0xffffffffffffffff, -1                /* 0xffff... is not below itself */
    TEST_IMM   8, sltiu, 0x0000000000000001, 0xfffffffffffffffe, -1                /* just below the maximum */
    TEST_IMM   9, sltiu, 0x0000000000000000, 0x8000000000000000, 0                 /* nothing below 0 */
    TEST_IMM  10, sltiu, 0x0000000000000001, 0x0000000000000000, 1                 /* sltiu rd, rs, 1 is seqz: 0 gives 1 */
    TEST_IMM  11, sltiu, 0x0000000000000000, 0x0000000000000005, 1                 /* seqz of nonzero gives 0 */
    TEST_IMM  12, sltiu, 0x0000000000000001, 0x00000000000007ff, -2048             /* imm -2048 is 0xfffffffffffff800 unsigned */

    TEST_IMM_RD_IS_RS1 13, sltiu, 0x0000000000000001, 0x000000000000000b, 13       /* rd is rs1 */
    TEST_IMM_X0_RS1 14, sltiu, 0x0000000000000001, 13                              /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 15, sltiu, 0x000000000000000b, 13                               /* result written to x0 is discarded */
    TEST_IMM_LOOP 16, sltiu, 0x0000000000000001, 0x000000000000000b, 13, 0         /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 17, sltiu, 0x0000000000000001, 0x000000000000000b, 13, 1         /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 18, sltiu, 0x0000000000000001, 0x000000000000000b, 13, 2         /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
