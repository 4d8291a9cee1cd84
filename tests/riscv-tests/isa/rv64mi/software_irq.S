/* Machine software interrupt through the CLINT msip register: msip = 1 sets mip.MSIP (read-only in the CSR),
   with mie.MSIE and mstatus.MIE it traps with mcause = 0x8000000000000003, and when software and timer
   interrupts are both pending the software one is taken first (priority MEI > MSI > MTI > SEI > SSI > STI).
   A supervisor software interrupt raised by M writing mip.SSIP is taken in M when it is not delegated. */
#include "rvj_macros.h"

#define IRQ_CAUSE_MSI (CAUSE_INTERRUPT | IRQ_M_SOFT)
#define IRQ_CAUSE_MTI (CAUSE_INTERRUPT | IRQ_M_TIMER)
#define IRQ_CAUSE_SSI (CAUSE_INTERRUPT | IRQ_S_SOFT)

RVJ_TEST_BEGIN
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)

    /* case 2: msip = 1 makes mip.MSIP pending; msip = 0 clears it */
    CASE 2
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    csrr a4, mip
    andi a4, a4, MIP_MSIP
    ASSERT_EQ a4, MIP_MSIP
    sw zero, 0(t0)
    csrr a4, mip
    andi a4, a4, MIP_MSIP
    ASSERT_EQ a4, 0

    /* case 3: MSIP cannot be set through the mip CSR */
    CASE 3
    csrsi mip, MIP_MSIP
    csrr a4, mip
    andi a4, a4, MIP_MSIP
    ASSERT_EQ a4, 0

    /* case 4: enabled software interrupt traps with cause 3; the handler clears msip */
    CASE 4
    la t0, irq_handler
    csrw mtvec, t0
    csrsi mie, MIP_MSIP
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    la t0, irq_log
    ld a4, 0(t0)
    ASSERT_EQ a4, IRQ_CAUSE_MSI
    ld a4, 8(t0)
    ASSERT_EQ a4, 0                  /* exactly one interrupt */
    csrr a4, mip
    andi a4, a4, MIP_MSIP
    ASSERT_EQ a4, 0

    /* case 5: software and timer pending together: software first, then timer */
    CASE 5
    la t0, irq_log
    sd zero, 0(t0)
    sd zero, 8(t0)
    la t0, irq_index
    sd zero, 0(t0)
    li t0, MIP_MTIP | MIP_MSIP
    csrs mie, t0
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    csrsi mstatus, MSTATUS_MIE
    nop
    nop
    csrci mstatus, MSTATUS_MIE
    la t0, irq_log
    ld a4, 0(t0)
    ASSERT_EQ a4, IRQ_CAUSE_MSI
    ld a4, 8(t0)
    ASSERT_EQ a4, IRQ_CAUSE_MTI

    /* case 6: mip.SSIP is writable by M; not delegated, it traps to M with cause 1 */
    CASE 6
    la t0, irq_log
    sd zero, 0(t0)
    la t0, irq_index
    sd zero, 0(t0)
    csrw mie, zero
    csrsi mip, MIP_SSIP
    csrr a4, mip
    andi a4, a4, MIP_SSIP
    ASSERT_EQ a4, MIP_SSIP
    csrsi mie, MIP_SSIP
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    la t0, irq_log
    ld a4, 0(t0)
    ASSERT_EQ a4, IRQ_CAUSE_SSI
    csrw mie, zero
    j done

/* Logs mcause into irq_log[irq_index++] and clears the source. Clobbers t0, t1 only. */
    .align 2
irq_handler:
    la t0, irq_index
    ld t1, 0(t0)
    addi t1, t1, 1
    sd t1, 0(t0)
    addi t1, t1, -1
    slli t1, t1, 3
    la t0, irq_log
    add t0, t0, t1
    csrr t1, mcause
    sd t1, 0(t0)
    li t0, CLINT_MSIP                /* silence the source that was taken */
    sw zero, 0(t0)
    csrr t1, mcause
    slli t1, t1, 1
    srli t1, t1, 1
    addi t1, t1, -IRQ_M_TIMER
    bnez t1, 1f
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)
1:  csrci mip, MIP_SSIP
    mret

done:
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
irq_index: .dword 0
irq_log:   .dword 0, 0, 0, 0
RVJ_DATA_END
