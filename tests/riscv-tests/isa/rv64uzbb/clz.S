/* clz: count leading zeros of the 64-bit value (64 for 0). */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_R1   2, clz, 0x0000000000000040, 0x0000000000000000                       /* zero */
    TEST_R1   3, clz, 0x000000000000003f, 0x0000000000000001                       /* one */
    TEST_R1   4, clz, 0x0000000000000000, 0xffffffffffffffff                       /* all ones */
    TEST_R1   5, clz, 0x0000000000000000, 0x8000000000000000                       /* top bit only */
    TEST_R1   6, clz, 0x0000000000000001, 0x7fffffffffffffff                       /* all but the top bit */
    TEST_R1   7, clz, 0x0000000000000020, 0x00000000ffffffff                       /* low word ones */
    TEST_R1   8, clz, 0x0000000000000000, 0xffffffff00000000                       /* high word ones */
    TEST_R1   9, clz, 0x0000000000000020, 0x0000000080000000                       /* bit 31 */
    TEST_R1  10, clz, 0x0000000000000007, 0x0123456789abcdef                       /* pattern */
    TEST_R1  11, clz, 0x000000000000002c, 0x00000000000f0000                       /* a run in the middle */
    TEST_R1  12, clz, 0x000000000000001f, 0x0000000100000000                       /* bit 32 */

    TEST_R1_RD_IS_RS1 13, clz, 0x0000000000000007, 0x0123456789abcdef              /* rd is rs1 */
    TEST_R1_X0 14, clz, 0x0000000000000040                                         /* x0 as source reads zero */
RVJ_TEST_END
