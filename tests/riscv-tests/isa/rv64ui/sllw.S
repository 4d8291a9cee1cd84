/* sllw: 32-bit shift left; amount is rs2[4:0]. Result is the low 32 bits sign-extended to 64; upper halves of the sources are ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, sllw, 0x0000000000000001, 0x0000000000000001, 0x0000000000000000  /* by 0 */
    TEST_RR   3, sllw, 0x0000000000000002, 0x0000000000000001, 0x0000000000000001  /* by 1 */
    TEST_RR   4, sllw, 0x0000000000000080, 0x0000000000000001, 0x0000000000000007  /* by 7 */
    TEST_RR   5, sllw, 0xffffffff80000000, 0x0000000000000001, 0x000000000000001f  /* into bit 31: result sign-extended */
    TEST_RR   6, sllw, 0xfffffffffffffffe, 0xffffffffffffffff, 0x0000000000000001  /* all ones by 1 */
    TEST_RR   7, sllw, 0xffffffff80000000, 0xffffffffffffffff, 0x000000000000001f  /* all ones by 31 */
    TEST_RR   8, sllw, 0x0000000048484000, 0x0000000021212121, 0x000000000000000e  /* pattern by 14 */
    TEST_RR   9, sllw, 0x0000000021212121, 0x0000000021212121, 0x0000000000000020  /* amount 32 uses rs2[4:0] = 0 */
    TEST_RR  10, sllw, 0x0000000042424242, 0x0000000021212121, 0x0000000000000021  /* amount 33 is 1 */
    TEST_RR  11, sllw, 0xffffffff80000000, 0x0000000021212121, 0x000000000000003f  /* amount 63 is 31 */
    TEST_RR  12, sllw, 0x0000000021212121, 0x0000000021212121, 0xffffffffffffffe0  /* rs2 = -32: amount 0 */
    TEST_RR  13, sllw, 0x0000000012345678, 0xffffffff12345678, 0x0000000000000000  /* by 0 sign-extends the low word */
    TEST_RR  14, sllw, 0xffffffffabcdef00, 0x123456789abcdef0, 0x0000000000000004  /* upper half of rs1 ignored */

    TEST_RR_RD_IS_RS1 15, sllw, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 16, sllw, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005 /* rd is rs2 */
    TEST_RR_ALL_SAME 17, sllw, 0x000000000001a000, 0x000000000000000d              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 18, sllw, 0x0000000000000000, 0x0000000000000005                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 19, sllw, 0x000000000000000d, 0x000000000000000d                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 20, sllw, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 21, sllw, 0x000000000000000d, 0x0000000000000005                 /* result written to x0 is discarded */
    TEST_RR_LOOP 22, sllw, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 23, sllw, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 24, sllw, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 25, sllw, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 26, sllw, 0x00000000000001a0, 0x000000000000000d, 0x0000000000000005, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
