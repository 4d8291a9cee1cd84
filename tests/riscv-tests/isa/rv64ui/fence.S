/* fence: every predecessor/successor combination decodes and executes as an ordering no-op on a single
   hart; memory written before a fence is read back after it. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    /* case 2: full fence between a store and a load */
    CASE 2
    la a1, buf
    li a2, 0x1122334455667788
    sd a2, 0(a1)
    fence rw, rw
    ld a4, 0(a1)
    ASSERT_EQ a4, 0x1122334455667788

    /* case 3: the other combinations (and fence.tso) execute without trapping or changing registers */
    CASE 3
    li a4, 0x5a
    fence
    fence r, r
    fence w, w
    fence r, w
    fence w, r
    fence iorw, iorw
    fence i, o
    fence o, i
    fence.tso
    ASSERT_EQ a4, 0x5a

    /* case 4: the pause hint (fence w, 0) is a no-op */
    CASE 4
    .word 0x0100000f                 /* pause */
    ASSERT_EQ a4, 0x5a

    /* case 5: a fence with nonzero rd/rs1 fields (reserved, must be ignored) does not write rd */
    CASE 5
    li a5, 0x33
    .word 0x0ff5878f                 /* fence iorw, iorw with rs1 = a1, rd = a5 */
    ASSERT_EQ a5, 0x33
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
buf: .dword 0
RVJ_DATA_END
