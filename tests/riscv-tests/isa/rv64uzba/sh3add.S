/* sh3add: rd = rs2 + (rs1 << 3), 64-bit, wrapping. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, sh3add, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000 /* zero */
    TEST_RR   3, sh3add, 0x0000000000000008, 0x0000000000000001, 0x0000000000000000 /* scale 1 */
    TEST_RR   4, sh3add, 0x000000000000001d, 0x0000000000000003, 0x0000000000000005 /* small */
    TEST_RR   5, sh3add, 0xfffffffffffffff8, 0xffffffffffffffff, 0x0000000000000000 /* -1 shifted */
    TEST_RR   6, sh3add, 0x0000000000000001, 0x8000000000000000, 0x0000000000000001 /* top bit shifted out */
    TEST_RR   7, sh3add, 0xfffffffffffffff9, 0x7fffffffffffffff, 0x0000000000000001 /* wraps */
    TEST_RR   8, sh3add, 0x00000008000000f8, 0x00000000ffffffff, 0x0000000000000100 /* bits cross 32 */
    TEST_RR   9, sh3add, 0xfffffffffffffff7, 0xffffffffffffffff, 0xffffffffffffffff /* -1 scaled + -1 */

    TEST_RR_RD_IS_RS1 10, sh3add, 0x0000000400000018, 0x0000000080000001, 0x0000000000000010 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 11, sh3add, 0x0000000400000018, 0x0000000080000001, 0x0000000000000010 /* rd is rs2 */
    TEST_RR_ALL_SAME 12, sh3add, 0x0000000480000009, 0x0000000080000001            /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 13, sh3add, 0x0000000000000010, 0x0000000000000010              /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 14, sh3add, 0x0000000400000008, 0x0000000080000001              /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 15, sh3add, 0x0000000000000000                                 /* x0 as both sources */
    TEST_RR_X0_RD 16, sh3add, 0x0000000080000001, 0x0000000000000010               /* result written to x0 is discarded */
    TEST_RR_LOOP 17, sh3add, 0x0000000400000018, 0x0000000080000001, 0x0000000000000010, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 18, sh3add, 0x0000000400000018, 0x0000000080000001, 0x0000000000000010, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 19, sh3add, 0x0000000400000018, 0x0000000080000001, 0x0000000000000010, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 20, sh3add, 0x0000000400000018, 0x0000000080000001, 0x0000000000000010, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 21, sh3add, 0x0000000400000018, 0x0000000080000001, 0x0000000000000010, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
