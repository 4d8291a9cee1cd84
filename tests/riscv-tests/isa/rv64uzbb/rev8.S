/* rev8: reverse the byte order of the 64-bit value. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_R1   2, rev8, 0x0000000000000000, 0x0000000000000000                      /* zero */
    TEST_R1   3, rev8, 0x0100000000000000, 0x0000000000000001                      /* one */
    TEST_R1   4, rev8, 0xffffffffffffffff, 0xffffffffffffffff                      /* all ones */
    TEST_R1   5, rev8, 0x0000000000000080, 0x8000000000000000                      /* top bit only */
    TEST_R1   6, rev8, 0xffffffffffffff7f, 0x7fffffffffffffff                      /* all but the top bit */
    TEST_R1   7, rev8, 0xffffffff00000000, 0x00000000ffffffff                      /* low word ones */
    TEST_R1   8, rev8, 0x00000000ffffffff, 0xffffffff00000000                      /* high word ones */
    TEST_R1   9, rev8, 0x0000008000000000, 0x0000000080000000                      /* bit 31 */
    TEST_R1  10, rev8, 0xefcdab8967452301, 0x0123456789abcdef                      /* pattern */
    TEST_R1  11, rev8, 0x00000f0000000000, 0x00000000000f0000                      /* a run in the middle */
    TEST_R1  12, rev8, 0x0000000001000000, 0x0000000100000000                      /* bit 32 */

    TEST_R1_RD_IS_RS1 13, rev8, 0xefcdab8967452301, 0x0123456789abcdef             /* rd is rs1 */
    TEST_R1_X0 14, rev8, 0x0000000000000000                                        /* x0 as source reads zero */
RVJ_TEST_END
