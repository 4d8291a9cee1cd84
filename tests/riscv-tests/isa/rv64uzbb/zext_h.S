/* zext.h: zero-extend the low halfword. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_R1   2, zext.h, 0x0000000000000000, 0x0000000000000000                    /* zero */
    TEST_R1   3, zext.h, 0x0000000000000001, 0x0000000000000001                    /* one */
    TEST_R1   4, zext.h, 0x000000000000ffff, 0xffffffffffffffff                    /* all ones */
    TEST_R1   5, zext.h, 0x0000000000000000, 0x8000000000000000                    /* top bit only */
    TEST_R1   6, zext.h, 0x000000000000ffff, 0x7fffffffffffffff                    /* all but the top bit */
    TEST_R1   7, zext.h, 0x000000000000ffff, 0x00000000ffffffff                    /* low word ones */
    TEST_R1   8, zext.h, 0x0000000000000000, 0xffffffff00000000                    /* high word ones */
    TEST_R1   9, zext.h, 0x0000000000000000, 0x0000000080000000                    /* bit 31 */
    TEST_R1  10, zext.h, 0x000000000000cdef, 0x0123456789abcdef                    /* pattern */
    TEST_R1  11, zext.h, 0x0000000000000000, 0x00000000000f0000                    /* a run in the middle */
    TEST_R1  12, zext.h, 0x0000000000000000, 0x0000000100000000                    /* bit 32 */
    TEST_R1  13, zext.h, 0x0000000000000080, 0x0000000000000080                    /* byte sign bit */
    TEST_R1  14, zext.h, 0x000000000000007f, 0x000000000000007f                    /* byte max positive */
    TEST_R1  15, zext.h, 0x0000000000008000, 0x0000000000008000                    /* halfword sign bit */
    TEST_R1  16, zext.h, 0x0000000000007fff, 0x0000000000007fff                    /* halfword max positive */
    TEST_R1  17, zext.h, 0x000000000000ff80, 0x123456789abcff80                    /* upper bits discarded */

    TEST_R1_RD_IS_RS1 18, zext.h, 0x000000000000cdef, 0x0123456789abcdef           /* rd is rs1 */
    TEST_R1_X0 19, zext.h, 0x0000000000000000                                      /* x0 as source reads zero */
RVJ_TEST_END
