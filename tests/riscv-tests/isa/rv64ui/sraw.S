/* sraw: 32-bit shift right arithmetic from bit 31; amount is rs2[4:0]. Result is the low 32 bits sign-extended to 64; upper halves of the sources are ignored. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_RR   2, sraw, 0xffffffff80000000, 0x0000000080000000, 0x0000000000000000  /* by 0 */
    TEST_RR   3, sraw, 0xffffffffc0000000, 0x0000000080000000, 0x0000000000000001  /* sign fill from bit 31 */
    TEST_RR   4, sraw, 0xffffffffffffffff, 0x0000000080000000, 0x000000000000001f  /* by 31 gives -1 */
    TEST_RR   5, sraw, 0x000000003fffffff, 0x000000007fffffff, 0x0000000000000001  /* positive word zero fills */
    TEST_RR   6, sraw, 0x0000000000000000, 0x000000007fffffff, 0x000000000000001f  /* positive by 31 gives 0 */
    TEST_RR   7, sraw, 0xfffffffffffe0606, 0x0000000081818181, 0x000000000000000e  /* negative pattern by 14 */
    TEST_RR   8, sraw, 0xffffffff81818181, 0x0000000081818181, 0x0000000000000020  /* amount 32 is 0 */
    TEST_RR   9, sraw, 0xffffffffc0c0c0c0, 0x0000000081818181, 0x0000000000000021  /* amount 33 is 1 */
    TEST_RR  10, sraw, 0xffffffffffffffff, 0x0000000081818181, 0x000000000000003f  /* amount 63 is 31 */
    TEST_RR  11, sraw, 0xffffffffffffffff, 0x00000000ffffffff, 0x0000000000000004  /* low word -1 stays -1 (upper half ignored) */
    TEST_RR  12, sraw, 0x0000000007ffffff, 0xffffffff7fffffff, 0x0000000000000004  /* bit 63 set but bit 31 clear: zero fill */

    TEST_RR_RD_IS_RS1 13, sraw, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005 /* rd is rs1 */
    TEST_RR_RD_IS_RS2 14, sraw, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005 /* rd is rs2 */
    TEST_RR_ALL_SAME 15, sraw, 0xffffffffffffffff, 0xfffffffffffffed0              /* rd, rs1 and rs2 all one register */
    TEST_RR_X0_RS1 16, sraw, 0x0000000000000000, 0x0000000000000005                /* x0 as rs1 reads zero */
    TEST_RR_X0_RS2 17, sraw, 0xfffffffffffffed0, 0xfffffffffffffed0                /* x0 as rs2 reads zero */
    TEST_RR_X0_BOTH 18, sraw, 0x0000000000000000                                   /* x0 as both sources */
    TEST_RR_X0_RD 19, sraw, 0xfffffffffffffed0, 0x0000000000000005                 /* result written to x0 is discarded */
    TEST_RR_LOOP 20, sraw, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005, 0 /* result consumed after 0 instructions, loop runs twice */
    TEST_RR_LOOP 21, sraw, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005, 1 /* result consumed after 1 instructions, loop runs twice */
    TEST_RR_LOOP 22, sraw, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005, 2 /* result consumed after 2 instructions, loop runs twice */
    TEST_RR_SRC_LOOP 23, sraw, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005, 0 /* operands produced 0 instructions before use, loop runs twice */
    TEST_RR_SRC_LOOP 24, sraw, 0xfffffffffffffff6, 0xfffffffffffffed0, 0x0000000000000005, 2 /* operands produced 2 instructions before use, loop runs twice */
RVJ_TEST_END
