/* orc.b: each byte becomes 0xff if any bit of it is set, else 0. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_R1   2, orc.b, 0x0000000000000000, 0x0000000000000000                     /* zero */
    TEST_R1   3, orc.b, 0x00000000000000ff, 0x0000000000000001                     /* one */
    TEST_R1   4, orc.b, 0xffffffffffffffff, 0xffffffffffffffff                     /* all ones */
    TEST_R1   5, orc.b, 0xff00000000000000, 0x8000000000000000                     /* top bit only */
    TEST_R1   6, orc.b, 0xffffffffffffffff, 0x7fffffffffffffff                     /* all but the top bit */
    TEST_R1   7, orc.b, 0x00000000ffffffff, 0x00000000ffffffff                     /* low word ones */
    TEST_R1   8, orc.b, 0xffffffff00000000, 0xffffffff00000000                     /* high word ones */
    TEST_R1   9, orc.b, 0x00000000ff000000, 0x0000000080000000                     /* bit 31 */
    TEST_R1  10, orc.b, 0xffffffffffffffff, 0x0123456789abcdef                     /* pattern */
    TEST_R1  11, orc.b, 0x0000000000ff0000, 0x00000000000f0000                     /* a run in the middle */
    TEST_R1  12, orc.b, 0x000000ff00000000, 0x0000000100000000                     /* bit 32 */
    TEST_R1  13, orc.b, 0xff00ff00ff00ff00, 0x0100020004000800                     /* one bit in alternating bytes */
    TEST_R1  14, orc.b, 0xff000000000000ff, 0x8000000000000001                     /* outer bytes */

    TEST_R1_RD_IS_RS1 15, orc.b, 0xffffffffffffffff, 0x0123456789abcdef            /* rd is rs1 */
    TEST_R1_X0 16, orc.b, 0x0000000000000000                                       /* x0 as source reads zero */
RVJ_TEST_END
