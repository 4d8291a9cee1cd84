/* mulhsu: high 64 bits of the signed rs1 x unsigned rs2 128-bit product. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, mulhsu, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000 /* zero */
    TEST_RR   3, mulhsu, 0x0000000000000000, 0x0000000000000001, 0x0000000000000001 /* small */
    TEST_RR   4, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001 /* -1 * 1: high half -1 */
    TEST_RR   5, mulhsu, 0x0000000000000000, 0x0000000000000001, 0xffffffffffffffff /* 1 * (2^64-1): high half 0 */
    TEST_RR   6, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff /* -1 * (2^64-1) = -(2^64)+1: high half -1 */
    TEST_RR   7, mulhsu, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff /* INT64_MIN * (2^64-1) */
    TEST_RR   8, mulhsu, 0x7ffffffffffffffe, 0x7fffffffffffffff, 0xffffffffffffffff /* INT64_MAX * (2^64-1) */
    TEST_RR   9, mulhsu, 0xc000000000000000, 0x8000000000000000, 0x8000000000000000 /* INT64_MIN * 2^63 */
    TEST_RR  10, mulhsu, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000000 /* anything * 0 = 0 */
    TEST_RR  11, mulhsu, 0x0121fa00ad77d742, 0x0123456789abcdef, 0xfedcba9876543210 /* rs2 large unsigned */
    TEST_RR  12, mulhsu, 0xfffeb49923cc0953, 0xfedcba9876543210, 0x0123456789abcdef /* rs1 negative */

    TEST_RR_RD_IS_RS1 13, mulhsu, 0xfffffffffffffffb, 0xf000000000000000, 0x0000000000000050 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 14, mulhsu, 0xfffffffffffffffb, 0xf000000000000000, 0x0000000000000050 /* rd is rs2 */
    TEST_RR_ALL_SAME 15, mulhsu, 0xf100000000000000, 0xf000000000000000            /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 16, mulhsu, 0x0000000000000000, 0x0000000000000050              /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 17, mulhsu, 0x0000000000000000, 0xf000000000000000              /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 18, mulhsu, 0x0000000000000000                                 /* x0 as both sources */
    TEST_RR_X0_RD 19, mulhsu, 0xf000000000000000, 0x0000000000000050               /* result written to x0 is discarded */
    TEST_RR_LOOP 20, mulhsu, 0xfffffffffffffffb, 0xf000000000000000, 0x0000000000000050, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 21, mulhsu, 0xfffffffffffffffb, 0xf000000000000000, 0x0000000000000050, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 22, mulhsu, 0xfffffffffffffffb, 0xf000000000000000, 0x0000000000000050, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 23, mulhsu, 0xfffffffffffffffb, 0xf000000000000000, 0x0000000000000050, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 24, mulhsu, 0xfffffffffffffffb, 0xf000000000000000, 0x0000000000000050, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
