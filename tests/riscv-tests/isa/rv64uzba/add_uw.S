/* add.uw: rd = rs2 + zext32(rs1). rs1 is zero-extended from 32 bits first, so its upper half is ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, add.uw, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000 /* zero */
    TEST_RR   3, add.uw, 0x0000000000000003, 0x0000000000000001, 0x0000000000000002 /* small */
    TEST_RR   4, add.uw, 0x0000000100000000, 0x00000000ffffffff, 0x0000000000000001 /* zext: 0xffffffff + 1 = 2^32 (no sign extension) */
    TEST_RR   5, add.uw, 0x0000000080000000, 0xffffffff80000000, 0x0000000000000000 /* upper half of rs1 dropped */
    TEST_RR   6, add.uw, 0x00000000fffffffe, 0xffffffffffffffff, 0xffffffffffffffff /* zext32(-1) + -1 */
    TEST_RR   7, add.uw, 0x100000009abcdef0, 0x123456789abcdef0, 0x1000000000000000 /* rs2 keeps all 64 bits */
    TEST_RR   8, add.uw, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000 /* rs1 upper half ignored; rs2 INT64_MIN */

    TEST_RR_RD_IS_RS1 9, add.uw, 0x00000000f0000010, 0xfffffffff0000000, 0x0000000000000010 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 10, add.uw, 0x00000000f0000010, 0xfffffffff0000000, 0x0000000000000010 /* rd is rs2 */
    TEST_RR_ALL_SAME 11, add.uw, 0x00000000e0000000, 0xfffffffff0000000            /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 12, add.uw, 0x0000000000000010, 0x0000000000000010              /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 13, add.uw, 0x00000000f0000000, 0xfffffffff0000000              /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 14, add.uw, 0x0000000000000000                                 /* x0 as both sources */
    TEST_RR_X0_RD 15, add.uw, 0xfffffffff0000000, 0x0000000000000010               /* result written to x0 is discarded */
    TEST_RR_LOOP 16, add.uw, 0x00000000f0000010, 0xfffffffff0000000, 0x0000000000000010, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 17, add.uw, 0x00000000f0000010, 0xfffffffff0000000, 0x0000000000000010, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 18, add.uw, 0x00000000f0000010, 0xfffffffff0000000, 0x0000000000000010, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 19, add.uw, 0x00000000f0000010, 0xfffffffff0000000, 0x0000000000000010, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 20, add.uw, 0x00000000f0000010, 0xfffffffff0000000, 0x0000000000000010, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
