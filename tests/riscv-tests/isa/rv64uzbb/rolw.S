/* rolw: rotate the low word left by rs2[4:0]. Operates on the low 32 bits; the 32-bit result is sign- */
/* extended. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, rolw, 0xffffffff89abcdef, 0x0000000089abcdef, 0x0000000000000000  /* by 0: sign-extended */
    TEST_RR   3, rolw, 0xffffffff9abcdef8, 0x0000000089abcdef, 0x0000000000000004  /* by 4 */
    TEST_RR   4, rolw, 0x0000000000000001, 0x0000000080000000, 0x0000000000000001  /* bit 31 wraps to bit 0 */
    TEST_RR   5, rolw, 0xffffffff80000000, 0x0000000000000001, 0x000000000000001f  /* bit 0 to bit 31: negative */
    TEST_RR   6, rolw, 0xffffffff89abcdef, 0x0000000089abcdef, 0x0000000000000020  /* amount 32 is 0 */
    TEST_RR   7, rolw, 0xffffffff9abcdef8, 0x0000000089abcdef, 0x0000000000000024  /* amount 36 is 4 */
    TEST_RR   8, rolw, 0x0000000000000001, 0xffffffff00000001, 0x0000000000000000  /* upper half ignored */

    TEST_RR_RD_IS_RS1 9, rolw, 0x0000000045678123, 0x0000000012345678, 0x000000000000000c /* rd is rs1 */
    TEST_RR_RD_IS_RS2 10, rolw, 0x0000000045678123, 0x0000000012345678, 0x000000000000000c /* rd is rs2 */
    TEST_RR_ALL_SAME 11, rolw, 0x0000000078123456, 0x0000000012345678              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 12, rolw, 0x0000000000000000, 0x000000000000000c                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 13, rolw, 0x0000000012345678, 0x0000000012345678                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 14, rolw, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 15, rolw, 0x0000000012345678, 0x000000000000000c                 /* result written to x0 is discarded */
    TEST_RR_LOOP 16, rolw, 0x0000000045678123, 0x0000000012345678, 0x000000000000000c, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 17, rolw, 0x0000000045678123, 0x0000000012345678, 0x000000000000000c, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 18, rolw, 0x0000000045678123, 0x0000000012345678, 0x000000000000000c, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 19, rolw, 0x0000000045678123, 0x0000000012345678, 0x000000000000000c, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 20, rolw, 0x0000000045678123, 0x0000000012345678, 0x000000000000000c, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
