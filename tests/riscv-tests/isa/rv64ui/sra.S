/* sra: shift right arithmetic (sign fill); only rs2[5:0] is the shift amount. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, sra, 0x8000000000000000, 0x8000000000000000, 0x0000000000000000   /* shift by 0 */
    TEST_RR   3, sra, 0xc000000000000000, 0x8000000000000000, 0x0000000000000001   /* sign fills from the top */
    TEST_RR   4, sra, 0xffffffff00000000, 0x8000000000000000, 0x000000000000001f   /* shift by 31 */
    TEST_RR   5, sra, 0xffffffff80000000, 0x8000000000000000, 0x0000000000000020   /* shift by 32 */
    TEST_RR   6, sra, 0xffffffffffffffff, 0x8000000000000000, 0x000000000000003f   /* shift by 63 gives -1 */
    TEST_RR   7, sra, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x0000000000000001   /* positive value zero fills */
    TEST_RR   8, sra, 0x0000000000000000, 0x7fffffffffffffff, 0x000000000000003f   /* positive value by 63 gives 0 */
    TEST_RR   9, sra, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000011   /* -1 stays -1 */
    TEST_RR  10, sra, 0xfffe060606060606, 0x8181818181818181, 0x000000000000000e   /* negative pattern by 14 */
    TEST_RR  11, sra, 0xffffffffc0c0c0c0, 0x8181818181818181, 0x0000000000000021   /* negative pattern by 33 */
    TEST_RR  12, sra, 0x8181818181818181, 0x8181818181818181, 0xffffffffffffffc0   /* rs2 = -64: amount is 0 */
    TEST_RR  13, sra, 0xff03030303030303, 0x8181818181818181, 0xffffffffffffffc7   /* rs2 = -57: amount is 7 */
    TEST_RR  14, sra, 0x0000000008000000, 0x0000000080000000, 0x0000000000000004   /* bit 31 set but bit 63 clear: zero fill */

    TEST_RR_RD_IS_RS1 15, sra, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 16, sra, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005 /* rd is rs2 */
    TEST_RR_ALL_SAME 17, sra, 0xffffffffffffffff, 0xfffffffffffffed0               /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 18, sra, 0x0000000000000000, 0x0000000000000005                 /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 19, sra, 0xfffffffffffffed0, 0xfffffffffffffed0                 /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 20, sra, 0x0000000000000000                                    /* x0 as both sources */
    TEST_RR_X0_RD 21, sra, 0xfffffffffffffed0, 0x0000000000000005                  /* result written to x0 is discarded */
    TEST_RR_LOOP 22, sra, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 23, sra, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 24, sra, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 25, sra, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 26, sra, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
