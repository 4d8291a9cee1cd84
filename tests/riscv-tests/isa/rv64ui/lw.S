/* lw: load word, sign-extended. Reads every aligned offset of a known block, both signs. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_LOAD 2, lw, 0xffffffffb3a29180, -8, tdat                              /* offset -8 from tdat (negative) */
    TEST_LOAD 3, lw, 0xfffffffff7e6d5c4, -4, tdat                              /* offset -4 from tdat (negative) */
    TEST_LOAD 4, lw, 0xffffffff89abcdef, 0, tdat                               /* offset 0 from tdat (negative) */
    TEST_LOAD 5, lw, 0x0000000001234567, 4, tdat                               /* offset 4 from tdat (top bit clear) */
    TEST_LOAD 6, lw, 0x000000003b2a1908, 8, tdat                               /* offset 8 from tdat (top bit clear) */
    TEST_LOAD 7, lw, 0x000000007f6e5d4c, 12, tdat                              /* offset 12 from tdat (top bit clear) */

    TEST_LOAD_RD_IS_RS1 8, lw, 0x000000003b2a1908, 8, tdat                     /* destination is the base register */

    /* case 9: base near the immediate limits: base - 2048 + 2047 style offsets reach the same data */
    CASE 9
    la a1, tdat + 2048
    lw a4, -2048(a1)
    ASSERT_EQ a4, 0xffffffff89abcdef
    la a1, tdat - 2047
    lw a4, 2047(a1)
    ASSERT_EQ a4, 0xffffffff89abcdef

    /* case 10: a load into x0 is performed but discarded */
    CASE 10
    la a1, tdat
    lw x0, 0(a1)
    add a4, x0, x0
    ASSERT_EQ a4, 0

    /* case 11: the loaded value is used by the very next instruction, in a loop run twice */
    CASE 11
    li t4, 0
1:  la a1, tdat
    lw a4, 8(a1)
    addi a5, a4, 1
    ASSERT_EQ a5, 0x000000003b2a1909
    addi t4, t4, 1
    li t5, 2
    bne t4, t5, 1b

    /* case 12: a load right after a store to the same address sees the stored value */
    CASE 12
    la a1, scratch
    li a2, 0x8877665544332211
    sd a2, 0(a1)
    lw a4, 0(a1)
    ASSERT_EQ a4, 0x0000000044332211
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 4
before: .dword 0xf7e6d5c4b3a29180   /* bytes 80 91 a2 b3 c4 d5 e6 f7: negative values */
tdat:   .dword 0x0123456789abcdef   /* bytes ef cd ab 89 67 45 23 01 */
        .dword 0x7f6e5d4c3b2a1908   /* bytes 08 19 2a 3b 4c 5d 6e 7f: positive values */
RVJ_DATA_END
    .align 3
scratch: .dword 0
