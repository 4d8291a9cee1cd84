/* slliw: 32-bit shift left by a 5-bit immediate. Result is the low 32 bits sign-extended to 64; upper halves of the sources are ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, slliw, 0x0000000000000001, 0x0000000000000001, 0                 /* by 0 sign-extends nothing */
    TEST_IMM   3, slliw, 0x0000000000000002, 0x0000000000000001, 1                 /* by 1 */
    TEST_IMM   4, slliw, 0x0000000000000080, 0x0000000000000001, 7                 /* by 7 */
    TEST_IMM   5, slliw, 0xffffffff80000000, 0x0000000000000001, 31                /* into bit 31: negative */
    TEST_IMM   6, slliw, 0xfffffffffffffffe, 0xffffffffffffffff, 1                 /* all ones */
    TEST_IMM   7, slliw, 0x0000000048484000, 0x0000000021212121, 14                /* pattern */
    TEST_IMM   8, slliw, 0x0000000012345678, 0xffffffff12345678, 0                 /* by 0 is sext.w */
    TEST_IMM   9, slliw, 0xffffffffabcdef00, 0x123456789abcdef0, 4                 /* upper half ignored */

    TEST_IMM_RD_IS_RS1 10, slliw, 0x00000000000001a0, 0x000000000000000d, 5        /* rd is rs1 */
    TEST_IMM_X0_RS1 11, slliw, 0x0000000000000000, 5                               /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 12, slliw, 0x000000000000000d, 5                                /* result written to x0 is discarded */
    TEST_IMM_LOOP 13, slliw, 0x00000000000001a0, 0x000000000000000d, 5, 0          /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 14, slliw, 0x00000000000001a0, 0x000000000000000d, 5, 1          /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 15, slliw, 0x00000000000001a0, 0x000000000000000d, 5, 2          /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
