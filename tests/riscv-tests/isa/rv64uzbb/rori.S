/* rori: rotate right by a 6-bit immediate. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, rori, 0x0123456789abcdef, 0x0123456789abcdef, 0                  /* by 0 */
    TEST_IMM   3, rori, 0xf0123456789abcde, 0x0123456789abcdef, 4                  /* by 4 */
    TEST_IMM   4, rori, 0x8000000000000000, 0x0000000000000001, 1                  /* bit 0 wraps to bit 63 */
    TEST_IMM   5, rori, 0x89abcdef01234567, 0x0123456789abcdef, 32                 /* by 32 */
    TEST_IMM   6, rori, 0x02468acf13579bde, 0x0123456789abcdef, 63                 /* by 63 */

    TEST_IMM_RD_IS_RS1 7, rori, 0xdef0123456789abc, 0x0123456789abcdef, 12         /* rd is rs1 */
    TEST_IMM_X0_RS1 8, rori, 0x0000000000000000, 12                                /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 9, rori, 0x0123456789abcdef, 12                                 /* result written to x0 is discarded */
    TEST_IMM_LOOP 10, rori, 0xdef0123456789abc, 0x0123456789abcdef, 12, 0          /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 11, rori, 0xdef0123456789abc, 0x0123456789abcdef, 12, 1          /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 12, rori, 0xdef0123456789abc, 0x0123456789abcdef, 12, 2          /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
