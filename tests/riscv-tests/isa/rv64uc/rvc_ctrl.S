/* RV64C control transfer and system forms: c.j c.beqz c.bnez c.jr c.jalr c.ebreak, plus what mixing 16-
   and 32-bit instructions implies: 32-bit instructions at 2-byte alignment, one straddling a page boundary,
   jumps to 2-byte aligned targets (no misaligned-fetch trap with C), and 0x0000 being illegal. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    .option rvc
    /* case 2: c.j forward and backward */
    CASE 2
    li a0, 0
    c.j 2f
1:  li a0, 1                         /* reached through the backward c.j */
    c.j 3f
2:  c.j 1b
    j fail
3:  ASSERT_EQ a0, 1

    /* case 3: c.beqz taken (forward) and not taken */
    CASE 3
    li a0, 0
    c.beqz a0, 1f
    j fail
1:  li a0, 1
    c.beqz a0, fail_near
    ASSERT_EQ a0, 1

    /* case 4: c.bnez taken backward: a counted loop */
    CASE 4
    li s0, 5
    li a1, 0
1:  addi a1, a1, 1
    addi s0, s0, -1
    c.bnez s0, 1b
    ASSERT_EQ a1, 5

    /* case 5: c.bnez not taken; c.beqz tests all 64 bits */
    CASE 5
    li a0, 0
    c.bnez a0, fail_near
    li a0, 0x100000000
    c.beqz a0, fail_near
    c.j 1f
fail_near:
    j fail
1:

    /* case 6: c.jr jumps without linking */
    CASE 6
    li ra, 0
    la a5, 1f
    c.jr a5
    j fail
1:  ASSERT_EQ ra, 0

    /* case 7: c.jalr links pc + 2 (not pc + 4) */
    CASE 7
    la a5, 1f
cj: c.jalr a5
    j fail
1:  la t1, cj
    addi t1, t1, 2
    bne ra, t1, fail

    /* case 8: c.jalr ra: the target is the old ra, then ra = pc + 2 */
    CASE 8
    la ra, 1f
cj2: c.jalr ra
    j fail
1:  la t1, cj2
    addi t1, t1, 2
    bne ra, t1, fail

    /* case 9: call/return through c.jalr and c.jr to a function */
    CASE 9
    li a0, 0
    la a5, add_three
    c.jalr a5
    c.jalr a5
    ASSERT_EQ a0, 6

    /* case 10: c.ebreak raises a breakpoint (cause 3) with mepc at the c.ebreak */
    CASE 10
    TRAP_ARM
cebreak:
    c.ebreak
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_BREAKPOINT
    TRAP_FIELD t5, RVJ_TRAP_EPC
    la t1, cebreak
    bne t5, t1, fail

    /* case 11: 32-bit instructions at a 2-byte (not 4-byte) aligned address execute normally */
    CASE 11
    .balign 4
    c.li a0, 1
    .option push
    .option norvc
    addi a0, a0, 0x100               /* at pc % 4 == 2 */
    addi a0, a0, 0x200
    .option pop
    ASSERT_EQ a0, 0x301

    /* case 12: jalr to a target that is only 2-byte aligned does not trap when C is enabled */
    CASE 12
    la a5, odd_target
    andi t1, a5, 3
    ASSERT_EQ t1, 2                  /* the target really is at pc % 4 == 2 */
    li a0, 0
    jalr ra, 0(a5)
    ASSERT_EQ a0, 0x42

    /* case 13: a 32-bit instruction straddling a 4 KiB page boundary */
    CASE 13
    li a0, 0
    jal ra, straddle
    ASSERT_EQ a0, 0x7ff

    /* case 14: the all-zero halfword is defined to be an illegal instruction */
    CASE 14
    TRAP_ARM
    .hword 0x0000
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    j done

add_three:
    c.addi a0, 3
    c.jr ra

    .balign 4
    c.nop
odd_target:
    li a0, 0x42
    ret

    .balign 4096
    .rept 2047
    c.nop
    .endr
straddle:                            /* page offset 0xffe: the addi below crosses into the next page */
    .option push
    .option norvc
    addi a0, a0, 0x7ff
    .option pop
    ret

done:
RVJ_TEST_END
