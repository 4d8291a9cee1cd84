/* ror: rotate right by rs2[5:0]. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, ror, 0x0123456789abcdef, 0x0123456789abcdef, 0x0000000000000000   /* by 0 */
    TEST_RR   3, ror, 0xf0123456789abcde, 0x0123456789abcdef, 0x0000000000000004   /* by 4 */
    TEST_RR   4, ror, 0x8000000000000000, 0x0000000000000001, 0x0000000000000001   /* bit 0 wraps to bit 63 */
    TEST_RR   5, ror, 0x89abcdef01234567, 0x0123456789abcdef, 0x0000000000000020   /* by 32 swaps halves */
    TEST_RR   6, ror, 0x02468acf13579bde, 0x0123456789abcdef, 0x000000000000003f   /* by 63 */
    TEST_RR   7, ror, 0x0123456789abcdef, 0x0123456789abcdef, 0x0000000000000040   /* amount 64 is 0 */
    TEST_RR   8, ror, 0xf0123456789abcde, 0x0123456789abcdef, 0xffffffffffffffc4   /* only low 6 bits: 4 */

    TEST_RR_RD_IS_RS1 9, ror, 0xdef0123456789abc, 0x0123456789abcdef, 0x000000000000000c /* rd is rs1 */
    TEST_RR_RD_IS_RS2 10, ror, 0xdef0123456789abc, 0x0123456789abcdef, 0x000000000000000c /* rd is rs2 */
    TEST_RR_ALL_SAME 11, ror, 0x8acf13579bde0246, 0x0123456789abcdef               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 12, ror, 0x0000000000000000, 0x000000000000000c                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 13, ror, 0x0123456789abcdef, 0x0123456789abcdef                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 14, ror, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 15, ror, 0x0123456789abcdef, 0x000000000000000c                  /* result written to x0 is discarded */
    TEST_RR_LOOP 16, ror, 0xdef0123456789abc, 0x0123456789abcdef, 0x000000000000000c, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 17, ror, 0xdef0123456789abc, 0x0123456789abcdef, 0x000000000000000c, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 18, ror, 0xdef0123456789abc, 0x0123456789abcdef, 0x000000000000000c, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 19, ror, 0xdef0123456789abc, 0x0123456789abcdef, 0x000000000000000c, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 20, ror, 0xdef0123456789abc, 0x0123456789abcdef, 0x000000000000000c, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
