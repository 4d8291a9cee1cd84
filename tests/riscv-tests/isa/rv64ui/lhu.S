/* lhu: load halfword, zero-extended. Reads every aligned offset of a known block, both signs. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TEST_LOAD 2, lhu, 0x0000000000009180, -8, tdat                             /* offset -8 from tdat (top bit set) */
    TEST_LOAD 3, lhu, 0x000000000000b3a2, -6, tdat                             /* offset -6 from tdat (top bit set) */
    TEST_LOAD 4, lhu, 0x000000000000d5c4, -4, tdat                             /* offset -4 from tdat (top bit set) */
    TEST_LOAD 5, lhu, 0x000000000000f7e6, -2, tdat                             /* offset -2 from tdat (top bit set) */
    TEST_LOAD 6, lhu, 0x000000000000cdef, 0, tdat                              /* offset 0 from tdat (top bit set) */
    TEST_LOAD 7, lhu, 0x00000000000089ab, 2, tdat                              /* offset 2 from tdat (top bit set) */
    TEST_LOAD 8, lhu, 0x0000000000004567, 4, tdat                              /* offset 4 from tdat (top bit clear) */
    TEST_LOAD 9, lhu, 0x0000000000000123, 6, tdat                              /* offset 6 from tdat (top bit clear) */
    TEST_LOAD 10, lhu, 0x0000000000001908, 8, tdat                             /* offset 8 from tdat (top bit clear) */
    TEST_LOAD 11, lhu, 0x0000000000003b2a, 10, tdat                            /* offset 10 from tdat (top bit clear) */
    TEST_LOAD 12, lhu, 0x0000000000005d4c, 12, tdat                            /* offset 12 from tdat (top bit clear) */
    TEST_LOAD 13, lhu, 0x0000000000007f6e, 14, tdat                            /* offset 14 from tdat (top bit clear) */

    TEST_LOAD_RD_IS_RS1 14, lhu, 0x0000000000001908, 8, tdat                   /* destination is the base register */

    /* case 15: base near the immediate limits: base - 2048 + 2047 style offsets reach the same data */
    CASE 15
    la a1, tdat + 2048
    lhu a4, -2048(a1)
    ASSERT_EQ a4, 0x000000000000cdef
    la a1, tdat - 2047
    lhu a4, 2047(a1)
    ASSERT_EQ a4, 0x000000000000cdef

    /* case 16: a load into x0 is performed but discarded */
    CASE 16
    la a1, tdat
    lhu x0, 0(a1)
    add a4, x0, x0
    ASSERT_EQ a4, 0

    /* case 17: the loaded value is used by the very next instruction, in a loop run twice */
    CASE 17
    li t4, 0
1:  la a1, tdat
    lhu a4, 8(a1)
    addi a5, a4, 1
    ASSERT_EQ a5, 0x0000000000001909
    addi t4, t4, 1
    li t5, 2
    bne t4, t5, 1b

    /* case 18: a load right after a store to the same address sees the stored value */
    CASE 18
    la a1, scratch
    li a2, 0x8877665544332211
    sd a2, 0(a1)
    lhu a4, 0(a1)
    ASSERT_EQ a4, 0x0000000000002211
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 4
before: .dword 0xf7e6d5c4b3a29180   /* bytes 80 91 a2 b3 c4 d5 e6 f7: negative values */
tdat:   .dword 0x0123456789abcdef   /* bytes ef cd ab 89 67 45 23 01 */
        .dword 0x7f6e5d4c3b2a1908   /* bytes 08 19 2a 3b 4c 5d 6e 7f: positive values */
RVJ_DATA_END
    .align 3
scratch: .dword 0
