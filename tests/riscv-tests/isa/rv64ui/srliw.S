/* srliw: 32-bit shift right logical by a 5-bit immediate. Result is the low 32 bits sign-extended to 64; upper halves of the sources are ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, srliw, 0xffffffff80000000, 0x0000000080000000, 0                 /* by 0: stays negative */
    TEST_IMM   3, srliw, 0x0000000040000000, 0x0000000080000000, 1                 /* zero fill from bit 31 */
    TEST_IMM   4, srliw, 0x0000000000000001, 0x0000000080000000, 31                /* by 31 */
    TEST_IMM   5, srliw, 0x000000007fffffff, 0xffffffffffffffff, 1                 /* all ones by 1 */
    TEST_IMM   6, srliw, 0x0000000000008484, 0x0000000021212121, 14                /* pattern */
    TEST_IMM   7, srliw, 0x0000000000000000, 0xffffffff00000000, 4                 /* upper half does not shift in */

    TEST_IMM_RD_IS_RS1 8, srliw, 0x0000000000000009, 0x0000000000000130, 5         /* rd is rs1 */
    TEST_IMM_X0_RS1 9, srliw, 0x0000000000000000, 5                                /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 10, srliw, 0x0000000000000130, 5                                /* result written to x0 is discarded */
    TEST_IMM_LOOP 11, srliw, 0x0000000000000009, 0x0000000000000130, 5, 0          /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 12, srliw, 0x0000000000000009, 0x0000000000000130, 5, 1          /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 13, srliw, 0x0000000000000009, 0x0000000000000130, 5, 2          /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
