/* cpopw: population count of the low 32 bits; the upper half is ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_R1   2, cpopw, 0x0000000000000000, 0x0000000000000000                     /* zero */
    TEST_R1   3, cpopw, 0x0000000000000001, 0x0000000000000001                     /* one */
    TEST_R1   4, cpopw, 0x0000000000000020, 0xffffffffffffffff                     /* all ones */
    TEST_R1   5, cpopw, 0x0000000000000000, 0x8000000000000000                     /* top bit only */
    TEST_R1   6, cpopw, 0x0000000000000020, 0x7fffffffffffffff                     /* all but the top bit */
    TEST_R1   7, cpopw, 0x0000000000000020, 0x00000000ffffffff                     /* low word ones */
    TEST_R1   8, cpopw, 0x0000000000000000, 0xffffffff00000000                     /* high word ones */
    TEST_R1   9, cpopw, 0x0000000000000001, 0x0000000080000000                     /* bit 31 */
    TEST_R1  10, cpopw, 0x0000000000000014, 0x0123456789abcdef                     /* pattern */
    TEST_R1  11, cpopw, 0x0000000000000004, 0x00000000000f0000                     /* a run in the middle */
    TEST_R1  12, cpopw, 0x0000000000000000, 0x0000000100000000                     /* bit 32 */
    TEST_R1  13, cpopw, 0x0000000000000000, 0xffffffff00000000                     /* only the upper half set: as if zero */
    TEST_R1  14, cpopw, 0x0000000000000001, 0x1234567800010000                     /* bit 16 of the low word */

    TEST_R1_RD_IS_RS1 15, cpopw, 0x0000000000000014, 0x0123456789abcdef            /* rd is rs1 */
    TEST_R1_X0 16, cpopw, 0x0000000000000000                                       /* x0 as source reads zero */
RVJ_TEST_END
