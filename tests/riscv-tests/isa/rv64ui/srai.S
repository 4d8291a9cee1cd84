/* srai: shift right arithmetic by a 6-bit immediate. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, srai, 0x8000000000000000, 0x8000000000000000, 0                  /* by 0 */
    TEST_IMM   3, srai, 0xc000000000000000, 0x8000000000000000, 1                  /* sign fill */
    TEST_IMM   4, srai, 0xffffffff00000000, 0x8000000000000000, 31                 /* by 31 */
    TEST_IMM   5, srai, 0xffffffff80000000, 0x8000000000000000, 32                 /* by 32 */
    TEST_IMM   6, srai, 0xffffffffffffffff, 0x8000000000000000, 63                 /* by 63 gives -1 */
    TEST_IMM   7, srai, 0x3fffffffffffffff, 0x7fffffffffffffff, 1                  /* positive zero fills */
    TEST_IMM   8, srai, 0x0000000000000000, 0x7fffffffffffffff, 63                 /* positive by 63 gives 0 */
    TEST_IMM   9, srai, 0xfffe060606060606, 0x8181818181818181, 14                 /* negative pattern by 14 */
    TEST_IMM  10, srai, 0xffffffffc0c0c0c0, 0x8181818181818181, 33                 /* negative pattern by 33 */
    TEST_IMM  11, srai, 0x0000000008000000, 0x0000000080000000, 4                  /* bit 31 set, bit 63 clear: zero fill */

    TEST_IMM_RD_IS_RS1 12, srai, 0xfffffffffffffff6, 0xfffffffffffffed0, 5         /* rd is rs1 */
    TEST_IMM_X0_RS1 13, srai, 0x0000000000000000, 5                                /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 14, srai, 0xfffffffffffffed0, 5                                 /* result written to x0 is discarded */
    TEST_IMM_LOOP 15, srai, 0xfffffffffffffff6, 0xfffffffffffffed0, 5, 0           /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 16, srai, 0xfffffffffffffff6, 0xfffffffffffffed0, 5, 1           /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 17, srai, 0xfffffffffffffff6, 0xfffffffffffffed0, 5, 2           /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
