/* sh2add.uw: rd = rs2 + (zext32(rs1) << 2). rs1 is zero-extended from 32 bits first, so its upper half is */
/* ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, sh2add.uw, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000 /* zero */
    TEST_RR   3, sh2add.uw, 0x0000000000000004, 0x0000000000000001, 0x0000000000000000 /* scale 1 */
    TEST_RR   4, sh2add.uw, 0x00000003fffffffc, 0x00000000ffffffff, 0x0000000000000000 /* zext then shift: no sign bits */
    TEST_RR   5, sh2add.uw, 0x0000000200000001, 0xffffffff80000000, 0x0000000000000001 /* upper half of rs1 dropped */
    TEST_RR   6, sh2add.uw, 0x00000003fffffffb, 0xffffffffffffffff, 0xffffffffffffffff /* zext32(-1) scaled + -1 */
    TEST_RR   7, sh2add.uw, 0x8000000200000000, 0x0000000080000000, 0x8000000000000000 /* rs2 keeps all 64 bits */

    TEST_RR_RD_IS_RS1 8, sh2add.uw, 0x00000003c0000014, 0xfffffffff0000001, 0x0000000000000010 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 9, sh2add.uw, 0x00000003c0000014, 0xfffffffff0000001, 0x0000000000000010 /* rd is rs2 */
    TEST_RR_ALL_SAME 10, sh2add.uw, 0x00000003b0000005, 0xfffffffff0000001         /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 11, sh2add.uw, 0x0000000000000010, 0x0000000000000010           /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 12, sh2add.uw, 0x00000003c0000004, 0xfffffffff0000001           /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 13, sh2add.uw, 0x0000000000000000                              /* x0 as both sources */
    TEST_RR_X0_RD 14, sh2add.uw, 0xfffffffff0000001, 0x0000000000000010            /* result written to x0 is discarded */
    TEST_RR_LOOP 15, sh2add.uw, 0x00000003c0000014, 0xfffffffff0000001, 0x0000000000000010, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 16, sh2add.uw, 0x00000003c0000014, 0xfffffffff0000001, 0x0000000000000010, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 17, sh2add.uw, 0x00000003c0000014, 0xfffffffff0000001, 0x0000000000000010, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 18, sh2add.uw, 0x00000003c0000014, 0xfffffffff0000001, 0x0000000000000010, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 19, sh2add.uw, 0x00000003c0000014, 0xfffffffff0000001, 0x0000000000000010, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
