/* slli.uw: rd = zext32(rs1) << shamt (shamt 0..63). rs1 is zero-extended from 32 bits first, so its upper */
/* half is ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, slli.uw, 0x00000000ffffffff, 0x00000000ffffffff, 0               /* shamt 0 is zext.w */
    TEST_IMM   3, slli.uw, 0x00000000ffffffff, 0xffffffffffffffff, 0               /* zext.w of -1 */
    TEST_IMM   4, slli.uw, 0x0000000100000000, 0xffffffff80000000, 1               /* upper half dropped before the shift */
    TEST_IMM   5, slli.uw, 0xffffffff00000000, 0x00000000ffffffff, 32              /* into the upper half */
    TEST_IMM   6, slli.uw, 0x8000000000000000, 0x00000000ffffffff, 63              /* only bit 0 survives at 63 */
    TEST_IMM   7, slli.uw, 0x0000000abcdef010, 0x12345678abcdef01, 4               /* pattern */
    TEST_IMM   8, slli.uw, 0x4000000000000000, 0x0000000080000000, 31              /* bit 31 to bit 62 */

    TEST_IMM_RD_IS_RS1 9, slli.uw, 0x0000000780000008, 0x00000000f0000001, 3       /* rd is rs1 */
    TEST_IMM_X0_RS1 10, slli.uw, 0x0000000000000000, 3                             /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 11, slli.uw, 0x00000000f0000001, 3                              /* result written to x0 is discarded */
    TEST_IMM_LOOP 12, slli.uw, 0x0000000780000008, 0x00000000f0000001, 3, 0        /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 13, slli.uw, 0x0000000780000008, 0x00000000f0000001, 3, 1        /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 14, slli.uw, 0x0000000780000008, 0x00000000f0000001, 3, 2        /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
