/* addi: add a sign-extended 12-bit immediate. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, addi, 0x0000000000000000, 0x0000000000000000, 0                  /* 0 + 0 */
    TEST_IMM   3, addi, 0x0000000000000002, 0x0000000000000001, 1                  /* small */
    TEST_IMM   4, addi, 0x000000000000000a, 0x0000000000000003, 7                  /* small */
    TEST_IMM   5, addi, 0xfffffffffffff800, 0x0000000000000000, -2048              /* most negative immediate is sign-extended */
    TEST_IMM   6, addi, 0x00000000000007ff, 0x0000000000000000, 2047               /* most positive immediate */
    TEST_IMM   7, addi, 0xffffffffffffffff, 0x0000000000000000, -1                 /* immediate -1 gives all ones */
    TEST_IMM   8, addi, 0x8000000000000000, 0x7fffffffffffffff, 1                  /* signed overflow wraps */
    TEST_IMM   9, addi, 0x7fffffffffffffff, 0x8000000000000000, -1                 /* INT64_MIN - 1 wraps */
    TEST_IMM  10, addi, 0x0000000000000000, 0xffffffffffffffff, 1                  /* -1 + 1 = 0 */
    TEST_IMM  11, addi, 0x0000000080000000, 0x000000007fffffff, 1                  /* no 32-bit sign extension */
    TEST_IMM  12, addi, 0x000000007ffff800, 0x0000000080000000, -2048              /* borrow from the upper bits */

    TEST_IMM_RD_IS_RS1 13, addi, 0x0000000000000018, 0x000000000000000d, 11        /* rd is rs1 */
    TEST_IMM_X0_RS1 14, addi, 0x000000000000000b, 11                               /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 15, addi, 0x000000000000000d, 11                                /* result written to x0 is discarded */
    TEST_IMM_LOOP 16, addi, 0x0000000000000018, 0x000000000000000d, 11, 0          /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 17, addi, 0x0000000000000018, 0x000000000000000d, 11, 1          /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 18, addi, 0x0000000000000018, 0x000000000000000d, 11, 2          /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
