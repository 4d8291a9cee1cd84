/* rorw: rotate the low word right by rs2[4:0]. Operates on the low 32 bits; the 32-bit result is sign- */
/* extended. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, rorw, 0xffffffff89abcdef, 0x0000000089abcdef, 0x0000000000000000  /* by 0: sign-extended */
    TEST_RR   3, rorw, 0xfffffffff89abcde, 0x0000000089abcdef, 0x0000000000000004  /* by 4 */
    TEST_RR   4, rorw, 0xffffffff80000000, 0x0000000000000001, 0x0000000000000001  /* bit 0 wraps to bit 31: negative */
    TEST_RR   5, rorw, 0x0000000000000001, 0x0000000080000000, 0x000000000000001f  /* bit 31 to bit 0 */
    TEST_RR   6, rorw, 0xffffffff89abcdef, 0x0000000089abcdef, 0x0000000000000020  /* amount 32 is 0 */
    TEST_RR   7, rorw, 0xfffffffff89abcde, 0x0000000089abcdef, 0x0000000000000024  /* amount 36 is 4 */
    TEST_RR   8, rorw, 0x0000000000000001, 0xffffffff00000002, 0x0000000000000001  /* upper half ignored */

    TEST_RR_RD_IS_RS1 9, rorw, 0x0000000067812345, 0x0000000012345678, 0x000000000000000c /* rd is rs1 */
    TEST_RR_RD_IS_RS2 10, rorw, 0x0000000067812345, 0x0000000012345678, 0x000000000000000c /* rd is rs2 */
    TEST_RR_ALL_SAME 11, rorw, 0x0000000034567812, 0x0000000012345678              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 12, rorw, 0x0000000000000000, 0x000000000000000c                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 13, rorw, 0x0000000012345678, 0x0000000012345678                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 14, rorw, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 15, rorw, 0x0000000012345678, 0x000000000000000c                 /* result written to x0 is discarded */
    TEST_RR_LOOP 16, rorw, 0x0000000067812345, 0x0000000012345678, 0x000000000000000c, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 17, rorw, 0x0000000067812345, 0x0000000012345678, 0x000000000000000c, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 18, rorw, 0x0000000067812345, 0x0000000012345678, 0x000000000000000c, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 19, rorw, 0x0000000067812345, 0x0000000012345678, 0x000000000000000c, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 20, rorw, 0x0000000067812345, 0x0000000012345678, 0x000000000000000c, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
