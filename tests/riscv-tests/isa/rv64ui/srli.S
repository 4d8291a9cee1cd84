/* srli: shift right logical by a 6-bit immediate. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, srli, 0x8000000000000000, 0x8000000000000000, 0                  /* by 0 */
    TEST_IMM   3, srli, 0x4000000000000000, 0x8000000000000000, 1                  /* zero fill */
    TEST_IMM   4, srli, 0x0000000100000000, 0x8000000000000000, 31                 /* by 31 */
    TEST_IMM   5, srli, 0x0000000080000000, 0x8000000000000000, 32                 /* by 32 */
    TEST_IMM   6, srli, 0x0000000000000001, 0x8000000000000000, 63                 /* by 63 */
    TEST_IMM   7, srli, 0x7fffffffffffffff, 0xffffffffffffffff, 1                  /* all ones by 1 */
    TEST_IMM   8, srli, 0x00000000ffffffff, 0xffffffffffffffff, 32                 /* all ones by 32 */
    TEST_IMM   9, srli, 0x0000000000000001, 0xffffffffffffffff, 63                 /* all ones by 63 */
    TEST_IMM  10, srli, 0x0000848484848484, 0x2121212121212121, 14                 /* pattern by 14 */
    TEST_IMM  11, srli, 0x0000000010909090, 0x2121212121212121, 33                 /* pattern by 33 */

    TEST_IMM_RD_IS_RS1 12, srli, 0x0000000000000009, 0x0000000000000130, 5         /* rd is rs1 */
    TEST_IMM_X0_RS1 13, srli, 0x0000000000000000, 5                                /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 14, srli, 0x0000000000000130, 5                                 /* result written to x0 is discarded */
    TEST_IMM_LOOP 15, srli, 0x0000000000000009, 0x0000000000000130, 5, 0           /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 16, srli, 0x0000000000000009, 0x0000000000000130, 5, 1           /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 17, srli, 0x0000000000000009, 0x0000000000000130, 5, 2           /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
