/* roriw: rotate the low word right by a 5-bit immediate. Operates on the low 32 bits; the 32-bit result is */
/* sign-extended. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, roriw, 0xffffffff89abcdef, 0x0000000089abcdef, 0                 /* by 0: sign-extended */
    TEST_IMM   3, roriw, 0xfffffffff89abcde, 0x0000000089abcdef, 4                 /* by 4 */
    TEST_IMM   4, roriw, 0xffffffff80000000, 0x0000000000000001, 1                 /* bit 0 wraps to bit 31 */
    TEST_IMM   5, roriw, 0x0000000000000001, 0x0000000080000000, 31                /* bit 31 to bit 0 */
    TEST_IMM   6, roriw, 0x0000000000000001, 0xffffffff00000002, 1                 /* upper half ignored */

    TEST_IMM_RD_IS_RS1 7, roriw, 0x0000000067812345, 0x0000000012345678, 12        /* rd is rs1 */
    TEST_IMM_X0_RS1 8, roriw, 0x0000000000000000, 12                               /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 9, roriw, 0x0000000012345678, 12                                /* result written to x0 is discarded */
    TEST_IMM_LOOP 10, roriw, 0x0000000067812345, 0x0000000012345678, 12, 0         /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 11, roriw, 0x0000000067812345, 0x0000000012345678, 12, 1         /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 12, roriw, 0x0000000067812345, 0x0000000012345678, 12, 2         /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
