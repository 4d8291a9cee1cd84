/* mtvec modes. Direct (mode 0): every trap goes to BASE. Vectored (mode 1): exceptions go to BASE and
   interrupts to BASE + 4 * cause. The vector table below records which entry ran. */
#include "rvj_macros.h"

#define IRQ_CAUSE_MSI (CAUSE_INTERRUPT | IRQ_M_SOFT)
#define IRQ_CAUSE_MTI (CAUSE_INTERRUPT | IRQ_M_TIMER)

/* Raise a machine software interrupt and let it be taken. */
.macro RAISE_MSI
    csrsi mie, MIP_MSIP
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    csrci mie, MIP_MSIP
.endm

/* a4 = entry recorded by the last trap; a5 = its mcause. */
.macro LAST_ENTRY
    la t0, last_entry
    ld a4, 0(t0)
    ld a5, 8(t0)
.endm

RVJ_TEST_BEGIN
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)

    /* case 2: vectored: an exception (ecall) goes to BASE */
    CASE 2
    la t0, vectors
    ori t0, t0, 1
    csrw mtvec, t0
    ecall
    LAST_ENTRY
    ASSERT_EQ a4, 0
    ASSERT_EQ a5, CAUSE_MACHINE_ECALL

    /* case 3: vectored: an illegal instruction (cause 2) also goes to BASE, not BASE + 8 */
    CASE 3
    .word 0x0000000b
    LAST_ENTRY
    ASSERT_EQ a4, 0
    ASSERT_EQ a5, CAUSE_ILLEGAL_INSTRUCTION

    /* case 4: vectored: machine software interrupt goes to BASE + 12 */
    CASE 4
    RAISE_MSI
    LAST_ENTRY
    ASSERT_EQ a4, 3
    ASSERT_EQ a5, IRQ_CAUSE_MSI

    /* case 5: vectored: machine timer interrupt goes to BASE + 28 */
    CASE 5
    li t0, MIP_MTIP
    csrs mie, t0
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    li t0, MIP_MTIP
    csrc mie, t0
    LAST_ENTRY
    ASSERT_EQ a4, 7
    ASSERT_EQ a5, IRQ_CAUSE_MTI

    /* case 6: direct: an interrupt goes to BASE as well */
    CASE 6
    la t0, vectors
    csrw mtvec, t0
    RAISE_MSI
    LAST_ENTRY
    ASSERT_EQ a4, 0
    ASSERT_EQ a5, IRQ_CAUSE_MSI

    /* case 7: the mode field reads back */
    CASE 7
    la t0, vectors
    ori t1, t0, 1
    csrw mtvec, t1
    csrr a4, mtvec
    bne a4, t1, fail
    csrw mtvec, t0
    csrr a4, mtvec
    bne a4, t0, fail
    TRAP_DISARM
    j done

/* Vector table: entry i records i; every entry is one 4-byte jump. */
    .align 8
vectors:
    .option push
    .option norvc
    j entry0
    j entry_bad
    j entry_bad
    j entry3
    j entry_bad
    j entry_bad
    j entry_bad
    j entry7
    j entry_bad
    j entry_bad
    j entry_bad
    j entry_bad
    .option pop

entry_bad:
    j rvj_fail

entry0:                              /* exceptions; in direct mode also the software interrupt */
    csrw mscratch, t0
    la t0, last_entry
    sd zero, 0(t0)
    csrr t0, mcause
    bgez t0, record
    li t0, CLINT_MSIP
    sw zero, 0(t0)
    j record
entry3:
    csrw mscratch, t0
    la t0, last_entry
    li t1, 3
    sd t1, 0(t0)
    li t0, CLINT_MSIP
    sw zero, 0(t0)
    j record
entry7:
    csrw mscratch, t0
    la t0, last_entry
    li t1, 7
    sd t1, 0(t0)
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)
record:                              /* last_entry[1] = mcause; exceptions resume after the instruction */
    la t0, last_entry
    csrr t1, mcause
    sd t1, 8(t0)
    bltz t1, 1f
    csrr t1, mepc
    addi t1, t1, 4
    csrw mepc, t1
1:  csrr t0, mscratch
    mret

done:
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
last_entry: .dword -1, -1
RVJ_DATA_END
