/* jalr: jump to (rs1 + imm) with bit 0 cleared, write pc + 4 to rd (rd may equal rs1: the target uses the
   old rs1). */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    /* case 2: plain indirect call, link = address after the jalr */
    CASE 2
    la t0, 1f
j1: jalr ra, 0(t0)
    j fail
1:  la t0, addr_j1
    ld t1, 0(t0)
    addi t1, t1, 4
    ASSERT_EQ_REG ra, t1

    /* case 3: positive immediate added to rs1 */
    CASE 3
    la t0, 1f - 16
    jalr a3, 16(t0)
    j fail
1:

    /* case 4: negative immediate */
    CASE 4
    la t0, 1f + 2000
    jalr x0, -2000(t0)
    j fail
1:

    /* case 5: bit 0 of the target is cleared (odd target address) */
    CASE 5
    la t0, 1f
    addi t0, t0, 1
    jalr x0, 0(t0)
    j fail
    .align 2
1:

    /* case 6: odd immediate makes the sum odd; bit 0 is cleared after the add */
    CASE 6
    la t0, 1f
    addi t0, t0, -1
    jalr x0, 2(t0)                   /* sum = 1f + 1, cleared to 1f */
    j fail
    .align 2
1:

    /* case 7: rd == rs1: the jump uses the old value, then rd gets the link */
    CASE 7
    la t1, 1f
j7: jalr t1, 0(t1)
    j fail
1:  la t0, addr_j7
    ld t2, 0(t0)
    addi t2, t2, 4
    ASSERT_EQ_REG t1, t2

    /* case 8: jalr x0 writes nothing (ret idiom) */
    CASE 8
    la ra, 1f
    jalr x0, 0(ra)
    j fail
1:  add a4, x0, x0
    ASSERT_EQ a4, 0

    /* case 9: computed targets through a jump table, three entries visited twice each */
    CASE 9
    li a4, 0
    li t4, 0
2:  la t0, table
    andi t1, t4, 3
    slli t1, t1, 3
    add t0, t0, t1
    ld t0, 0(t0)
    jalr ra, 0(t0)
    addi t4, t4, 1
    li t5, 6
    bne t4, t5, 2b
    ASSERT_EQ a4, 0x322               /* entries 0,1,2,3,0,1: 1+0x10+0x100+0x200+1+0x10 */
    j done

e0: addi a4, a4, 0x1
    ret
e1: addi a4, a4, 0x10
    ret
e2: addi a4, a4, 0x100
    ret
e3: addi a4, a4, 0x200
    ret

done:
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
addr_j1: .dword j1
addr_j7: .dword j7
table:   .dword e0, e1, e2, e3
RVJ_DATA_END
