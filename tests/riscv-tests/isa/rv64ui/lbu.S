/* lbu: load byte, zero-extended. Reads every aligned offset of a known block, both signs. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_LOAD 2, lbu, 0x0000000000000080, -8, tdat                             /* offset -8 from tdat (top bit set) */
    TEST_LOAD 3, lbu, 0x0000000000000091, -7, tdat                             /* offset -7 from tdat (top bit set) */
    TEST_LOAD 4, lbu, 0x00000000000000a2, -6, tdat                             /* offset -6 from tdat (top bit set) */
    TEST_LOAD 5, lbu, 0x00000000000000b3, -5, tdat                             /* offset -5 from tdat (top bit set) */
    TEST_LOAD 6, lbu, 0x00000000000000c4, -4, tdat                             /* offset -4 from tdat (top bit set) */
    TEST_LOAD 7, lbu, 0x00000000000000d5, -3, tdat                             /* offset -3 from tdat (top bit set) */
    TEST_LOAD 8, lbu, 0x00000000000000e6, -2, tdat                             /* offset -2 from tdat (top bit set) */
    TEST_LOAD 9, lbu, 0x00000000000000f7, -1, tdat                             /* offset -1 from tdat (top bit set) */
    TEST_LOAD 10, lbu, 0x00000000000000ef, 0, tdat                             /* offset 0 from tdat (top bit set) */
    TEST_LOAD 11, lbu, 0x00000000000000cd, 1, tdat                             /* offset 1 from tdat (top bit set) */
    TEST_LOAD 12, lbu, 0x00000000000000ab, 2, tdat                             /* offset 2 from tdat (top bit set) */
    TEST_LOAD 13, lbu, 0x0000000000000089, 3, tdat                             /* offset 3 from tdat (top bit set) */
    TEST_LOAD 14, lbu, 0x0000000000000067, 4, tdat                             /* offset 4 from tdat (top bit clear) */
    TEST_LOAD 15, lbu, 0x0000000000000045, 5, tdat                             /* offset 5 from tdat (top bit clear) */
    TEST_LOAD 16, lbu, 0x0000000000000023, 6, tdat                             /* offset 6 from tdat (top bit clear) */
    TEST_LOAD 17, lbu, 0x0000000000000001, 7, tdat                             /* offset 7 from tdat (top bit clear) */
    TEST_LOAD 18, lbu, 0x0000000000000008, 8, tdat                             /* offset 8 from tdat (top bit clear) */
    TEST_LOAD 19, lbu, 0x0000000000000019, 9, tdat                             /* offset 9 from tdat (top bit clear) */
    TEST_LOAD 20, lbu, 0x000000000000002a, 10, tdat                            /* offset 10 from tdat (top bit clear) */
    TEST_LOAD 21, lbu, 0x000000000000003b, 11, tdat                            /* offset 11 from tdat (top bit clear) */
    TEST_LOAD 22, lbu, 0x000000000000004c, 12, tdat                            /* offset 12 from tdat (top bit clear) */
    TEST_LOAD 23, lbu, 0x000000000000005d, 13, tdat                            /* offset 13 from tdat (top bit clear) */
    TEST_LOAD 24, lbu, 0x000000000000006e, 14, tdat                            /* offset 14 from tdat (top bit clear) */
    TEST_LOAD 25, lbu, 0x000000000000007f, 15, tdat                            /* offset 15 from tdat (top bit clear) */

    TEST_LOAD_RD_IS_RS1 26, lbu, 0x0000000000000008, 8, tdat                   /* destination is the base register */

    /* case 27: base near the immediate limits: base - 2048 + 2047 style offsets reach the same data */
    CASE 27
    la a1, tdat + 2048
    lbu a4, -2048(a1)
    ASSERT_EQ a4, 0x00000000000000ef
    la a1, tdat - 2047
    lbu a4, 2047(a1)
    ASSERT_EQ a4, 0x00000000000000ef

    /* case 28: a load into x0 is performed but discarded */
    CASE 28
    la a1, tdat
    lbu x0, 0(a1)
    add a4, x0, x0
    ASSERT_EQ a4, 0

    /* case 29: the loaded value is used by the very next instruction, in a loop run twice */
    CASE 29
    li t4, 0
1:  la a1, tdat
    lbu a4, 8(a1)
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
    lbu a4, 0(a1)
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
