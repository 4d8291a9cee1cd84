/* addiw: 32-bit add of a sign-extended immediate. Result is the low 32 bits sign-extended to 64; upper halves of the sources are ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, addiw, 0x0000000000000000, 0x0000000000000000, 0                 /* addiw rd, rs, 0 is sext.w: 0 */
    TEST_IMM   3, addiw, 0xffffffffffffffff, 0x00000000ffffffff, 0                 /* sext.w of 0xffffffff is -1 */
    TEST_IMM   4, addiw, 0x0000000023456789, 0x0000000123456789, 0                 /* sext.w drops the upper half */
    TEST_IMM   5, addiw, 0xffffffff80000000, 0x000000007fffffff, 1                 /* 32-bit overflow sign-extends */
    TEST_IMM   6, addiw, 0xfffffffffffff800, 0x0000000000000000, -2048             /* negative immediate */
    TEST_IMM   7, addiw, 0x00000000000007ff, 0x0000000000000000, 2047              /* positive immediate */
    TEST_IMM   8, addiw, 0x000000007fffffff, 0x0000000080000000, -1                /* INT32_MIN - 1 wraps to INT32_MAX */
    TEST_IMM   9, addiw, 0xffffffffffffffff, 0xffffffff00000001, -2                /* upper half ignored, negative result */

    TEST_IMM_RD_IS_RS1 10, addiw, 0x0000000000000018, 0x000000000000000d, 11       /* rd is rs1 */
    TEST_IMM_X0_RS1 11, addiw, 0x000000000000000b, 11                              /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 12, addiw, 0x000000000000000d, 11                               /* result written to x0 is discarded */
    TEST_IMM_LOOP 13, addiw, 0x0000000000000018, 0x000000000000000d, 11, 0         /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 14, addiw, 0x0000000000000018, 0x000000000000000d, 11, 1         /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 15, addiw, 0x0000000000000018, 0x000000000000000d, 11, 2         /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
