/* binvi: invert bit imm of rs1 with a 6-bit immediate index. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, binvi, 0x0123456789abcdee, 0x0123456789abcdef, 0                 /* bit 0 */
    TEST_IMM   3, binvi, 0x0123456789abcded, 0x0123456789abcdef, 1                 /* bit 1 */
    TEST_IMM   4, binvi, 0x0123456709abcdef, 0x0123456789abcdef, 31                /* bit 31 */
    TEST_IMM   5, binvi, 0x0123456689abcdef, 0x0123456789abcdef, 32                /* bit 32 */
    TEST_IMM   6, binvi, 0x8123456789abcdef, 0x0123456789abcdef, 63                /* bit 63 */
    TEST_IMM   7, binvi, 0x7fffffffffffffff, 0xffffffffffffffff, 63                /* top bit of all ones */
    TEST_IMM   8, binvi, 0x0000000000000020, 0x0000000000000000, 5                 /* bit 5 of zero */

    TEST_IMM_RD_IS_RS1 9, binvi, 0x0123456789abcd6f, 0x0123456789abcdef, 7         /* rd is rs1 */
    TEST_IMM_X0_RS1 10, binvi, 0x0000000000000080, 7                               /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 11, binvi, 0x0123456789abcdef, 7                                /* result written to x0 is discarded */
    TEST_IMM_LOOP 12, binvi, 0x0123456789abcd6f, 0x0123456789abcdef, 7, 0          /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 13, binvi, 0x0123456789abcd6f, 0x0123456789abcdef, 7, 1          /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 14, binvi, 0x0123456789abcd6f, 0x0123456789abcdef, 7, 2          /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
