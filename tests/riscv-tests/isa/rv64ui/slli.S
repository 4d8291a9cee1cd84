/* slli: shift left logical by a 6-bit immediate. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_IMM   2, slli, 0x0000000000000001, 0x0000000000000001, 0                  /* by 0 */
    TEST_IMM   3, slli, 0x0000000000000002, 0x0000000000000001, 1                  /* by 1 */
    TEST_IMM   4, slli, 0x0000000000000080, 0x0000000000000001, 7                  /* by 7 */
    TEST_IMM   5, slli, 0x0000000080000000, 0x0000000000000001, 31                 /* into bit 31: no sign extension */
    TEST_IMM   6, slli, 0x0000000100000000, 0x0000000000000001, 32                 /* by 32 */
    TEST_IMM   7, slli, 0x8000000000000000, 0x0000000000000001, 63                 /* into bit 63 */
    TEST_IMM   8, slli, 0xfffffffffffffffe, 0xffffffffffffffff, 1                  /* all ones by 1 */
    TEST_IMM   9, slli, 0x8000000000000000, 0xffffffffffffffff, 63                 /* all ones by 63 */
    TEST_IMM  10, slli, 0x4848484848484000, 0x2121212121212121, 14                 /* pattern by 14 */
    TEST_IMM  11, slli, 0x4242424200000000, 0x2121212121212121, 33                 /* pattern by 33 */

    TEST_IMM_RD_IS_RS1 12, slli, 0x00000000000001a0, 0x000000000000000d, 5         /* rd is rs1 */
    TEST_IMM_X0_RS1 13, slli, 0x0000000000000000, 5                                /* x0 as rs1 reads zero */
    TEST_IMM_X0_RD 14, slli, 0x000000000000000d, 5                                 /* result written to x0 is discarded */
    TEST_IMM_LOOP 15, slli, 0x00000000000001a0, 0x000000000000000d, 5, 0           /* result consumed after 0 instructions, loop runs twice */
    TEST_IMM_LOOP 16, slli, 0x00000000000001a0, 0x000000000000000d, 5, 1           /* result consumed after 1 instructions, loop runs twice */
    TEST_IMM_LOOP 17, slli, 0x00000000000001a0, 0x000000000000000d, 5, 2           /* result consumed after 2 instructions, loop runs twice */
RVJ_TEST_END
