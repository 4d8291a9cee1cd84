/* srlw: 32-bit shift right logical; amount is rs2[4:0]. Result is the low 32 bits sign-extended to 64; upper halves of the sources are ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, srlw, 0xffffffff80000000, 0x0000000080000000, 0x0000000000000000  /* by 0: bit 31 set means the result is negative */
    TEST_RR   3, srlw, 0x0000000040000000, 0x0000000080000000, 0x0000000000000001  /* zero fill from bit 31 */
    TEST_RR   4, srlw, 0x0000000000000001, 0x0000000080000000, 0x000000000000001f  /* by 31 */
    TEST_RR   5, srlw, 0x000000007fffffff, 0x00000000ffffffff, 0x0000000000000001  /* all ones by 1 */
    TEST_RR   6, srlw, 0x0000000000000001, 0xffffffffffffffff, 0x000000000000001f  /* by 31 gives 1 */
    TEST_RR   7, srlw, 0x0000000000008484, 0x0000000021212121, 0x000000000000000e  /* pattern by 14 */
    TEST_RR   8, srlw, 0x0000000021212121, 0x0000000021212121, 0x0000000000000020  /* amount 32 is 0 */
    TEST_RR   9, srlw, 0x0000000010909090, 0x0000000021212121, 0x0000000000000021  /* amount 33 is 1 */
    TEST_RR  10, srlw, 0x0000000000000001, 0x0000000080000000, 0x000000000000003f  /* amount 63 is 31 */
    TEST_RR  11, srlw, 0x0000000000000000, 0xffffffff00000000, 0x0000000000000000  /* upper half of rs1 ignored: 0 */
    TEST_RR  12, srlw, 0x0000000000000000, 0xffffffff00000000, 0x0000000000000004  /* upper half of rs1 does not shift in */

    TEST_RR_RD_IS_RS1 13, srlw, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 14, srlw, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005 /* rd is rs2 */
    TEST_RR_ALL_SAME 15, srlw, 0x0000000000000000, 0x0000000000000130              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 16, srlw, 0x0000000000000000, 0x0000000000000005                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 17, srlw, 0x0000000000000130, 0x0000000000000130                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 18, srlw, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 19, srlw, 0x0000000000000130, 0x0000000000000005                 /* result written to x0 is discarded */
    TEST_RR_LOOP 20, srlw, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 21, srlw, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 22, srlw, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 23, srlw, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 24, srlw, 0x0000000000000009, 0x0000000000000130, 0x0000000000000005, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
