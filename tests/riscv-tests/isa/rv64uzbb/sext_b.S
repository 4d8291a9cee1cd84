/* sext.b: sign-extend the low byte. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_R1   2, sext.b, 0x0000000000000000, 0x0000000000000000                    /* zero */
    TEST_R1   3, sext.b, 0x0000000000000001, 0x0000000000000001                    /* one */
    TEST_R1   4, sext.b, 0xffffffffffffffff, 0xffffffffffffffff                    /* all ones */
    TEST_R1   5, sext.b, 0x0000000000000000, 0x8000000000000000                    /* top bit only */
    TEST_R1   6, sext.b, 0xffffffffffffffff, 0x7fffffffffffffff                    /* all but the top bit */
    TEST_R1   7, sext.b, 0xffffffffffffffff, 0x00000000ffffffff                    /* low word ones */
    TEST_R1   8, sext.b, 0x0000000000000000, 0xffffffff00000000                    /* high word ones */
    TEST_R1   9, sext.b, 0x0000000000000000, 0x0000000080000000                    /* bit 31 */
    TEST_R1  10, sext.b, 0xffffffffffffffef, 0x0123456789abcdef                    /* pattern */
    TEST_R1  11, sext.b, 0x0000000000000000, 0x00000000000f0000                    /* a run in the middle */
    TEST_R1  12, sext.b, 0x0000000000000000, 0x0000000100000000                    /* bit 32 */
    TEST_R1  13, sext.b, 0xffffffffffffff80, 0x0000000000000080                    /* byte sign bit */
    TEST_R1  14, sext.b, 0x000000000000007f, 0x000000000000007f                    /* byte max positive */
    TEST_R1  15, sext.b, 0x0000000000000000, 0x0000000000008000                    /* halfword sign bit */
    TEST_R1  16, sext.b, 0xffffffffffffffff, 0x0000000000007fff                    /* halfword max positive */
    TEST_R1  17, sext.b, 0xffffffffffffff80, 0x123456789abcff80                    /* upper bits discarded */

    TEST_R1_RD_IS_RS1 18, sext.b, 0xffffffffffffffef, 0x0123456789abcdef           /* rd is rs1 */
    TEST_R1_X0 19, sext.b, 0x0000000000000000                                      /* x0 as source reads zero */
RVJ_TEST_END
