/* lb: load byte, sign-extended. Reads every aligned offset of a known block, both signs. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_LOAD 2, lb, 0xffffffffffffff80, -8, tdat                              /* offset -8 from tdat (negative) */
    TEST_LOAD 3, lb, 0xffffffffffffff91, -7, tdat                              /* offset -7 from tdat (negative) */
    TEST_LOAD 4, lb, 0xffffffffffffffa2, -6, tdat                              /* offset -6 from tdat (negative) */
    TEST_LOAD 5, lb, 0xffffffffffffffb3, -5, tdat                              /* offset -5 from tdat (negative) */
    TEST_LOAD 6, lb, 0xffffffffffffffc4, -4, tdat                              /* offset -4 from tdat (negative) */
    TEST_LOAD 7, lb, 0xffffffffffffffd5, -3, tdat                              /* offset -3 from tdat (negative) */
    TEST_LOAD 8, lb, 0xffffffffffffffe6, -2, tdat                              /* offset -2 from tdat (negative) */
    TEST_LOAD 9, lb, 0xfffffffffffffff7, -1, tdat                              /* offset -1 from tdat (negative) */
    TEST_LOAD 10, lb, 0xffffffffffffffef, 0, tdat                              /* offset 0 from tdat (negative) */
    TEST_LOAD 11, lb, 0xffffffffffffffcd, 1, tdat                              /* offset 1 from tdat (negative) */
    TEST_LOAD 12, lb, 0xffffffffffffffab, 2, tdat                              /* offset 2 from tdat (negative) */
    TEST_LOAD 13, lb, 0xffffffffffffff89, 3, tdat                              /* offset 3 from tdat (negative) */
    TEST_LOAD 14, lb, 0x0000000000000067, 4, tdat                              /* offset 4 from tdat (top bit clear) */
    TEST_LOAD 15, lb, 0x0000000000000045, 5, tdat                              /* offset 5 from tdat (top bit clear) */
    TEST_LOAD 16, lb, 0x0000000000000023, 6, tdat                              /* offset 6 from tdat (top bit clear) */
    TEST_LOAD 17, lb, 0x0000000000000001, 7, tdat                              /* offset 7 from tdat (top bit clear) */
    TEST_LOAD 18, lb, 0x0000000000000008, 8, tdat                              /* offset 8 from tdat (top bit clear) */
    TEST_LOAD 19, lb, 0x0000000000000019, 9, tdat                              /* offset 9 from tdat (top bit clear) */
    TEST_LOAD 20, lb, 0x000000000000002a, 10, tdat                             /* offset 10 from tdat (top bit clear) */
    TEST_LOAD 21, lb, 0x000000000000003b, 11, tdat                             /* offset 11 from tdat (top bit clear) */
    TEST_LOAD 22, lb, 0x000000000000004c, 12, tdat                             /* offset 12 from tdat (top bit clear) */
    TEST_LOAD 23, lb, 0x000000000000005d, 13, tdat                             /* offset 13 from tdat (top bit clear) */
    TEST_LOAD 24, lb, 0x000000000000006e, 14, tdat                             /* offset 14 from tdat (top bit clear) */
    TEST_LOAD 25, lb, 0x000000000000007f, 15, tdat                             /* offset 15 from tdat (top bit clear) */

    TEST_LOAD_RD_IS_RS1 26, lb, 0x0000000000000008, 8, tdat                    /* destination is the base register */

    /* case 27: base near the immediate limits: base - 2048 + 2047 style offsets reach the same data */
    CASE 27
    la a1, tdat + 2048
    lb a4, -2048(a1)
    ASSERT_EQ a4, 0xffffffffffffffef
    la a1, tdat - 2047
    lb a4, 2047(a1)
    ASSERT_EQ a4, 0xffffffffffffffef

    /* case 28: a load into x0 is performed but discarded */
    CASE 28
    la a1, tdat
    lb x0, 0(a1)
    add a4, x0, x0
    ASSERT_EQ a4, 0

    /* case 29: the loaded value is used by the very next instruction, in a loop run twice */
    CASE 29
    li t4, 0
1:  la a1, tdat
    lb a4, 8(a1)
    addi a5, a4, 1
    ASSERT_EQ a5, 0x0000000000000009
    addi t4, t4, 1
    li t5, 2
    bne t4, t5, 1b

    /* case 30: a load right after a store to the same address sees the stored value */
    CASE 30
    la a1, scratch
    li a2, 0x8877665544332211
    sd a2, 0(a1)
    lb a4, 0(a1)
    ASSERT_EQ a4, 0x0000000000000011
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 4
before: .dword 0xf7e6d5c4b3a29180   /* bytes 80 91 a2 b3 c4 d5 e6 f7: negative values */
tdat:   .dword 0x0123456789abcdef   /* bytes ef cd ab 89 67 45 23 01 */
        .dword 0x7f6e5d4c3b2a1908   /* bytes 08 19 2a 3b 4c 5d 6e 7f: positive values */
RVJ_DATA_END
    .align 3
scratch: .dword 0
