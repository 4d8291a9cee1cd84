/* sraiw: 32-bit shift right arithmetic by a 5-bit immediate. Result is the low 32 bits sign-extended to 64; upper halves of the sources are ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, sraiw, 0xffffffff80000000, 0x0000000080000000, 0                 /* by 0 */
    TEST_IMM   3, sraiw, 0xffffffffc0000000, 0x0000000080000000, 1                 /* sign fill */
    TEST_IMM   4, sraiw, 0xffffffffffffffff, 0x0000000080000000, 31                /* by 31 gives -1 */
    TEST_IMM   5, sraiw, 0x000000003fffffff, 0x000000007fffffff, 1                 /* positive zero fills */
    TEST_IMM   6, sraiw, 0xfffffffffffe0606, 0x0000000081818181, 14                /* negative pattern */
    TEST_IMM   7, sraiw, 0xffffffffffffffff, 0x00000000ffffffff, 4                 /* low word -1 stays -1 */
    TEST_IMM   8, sraiw, 0x0000000007ffffff, 0xffffffff7fffffff, 4                 /* bit 63 ignored: zero fill */

    TEST_IMM_RD_IS_RS1 9, sraiw, 0xfffffffffffffff6, 0xfffffffffffffed0, 5         /* rd is rs1 */
    TEST_IMM_X0_RS1 10, sraiw, 0x0000000000000000, 5                               /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 11, sraiw, 0xfffffffffffffed0, 5                                /* result written to x0 is discarded */
    TEST_IMM_LOOP 12, sraiw, 0xfffffffffffffff6, 0xfffffffffffffed0, 5, 0          /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 13, sraiw, 0xfffffffffffffff6, 0xfffffffffffffed0, 5, 1          /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 14, sraiw, 0xfffffffffffffff6, 0xfffffffffffffed0, 5, 2          /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
