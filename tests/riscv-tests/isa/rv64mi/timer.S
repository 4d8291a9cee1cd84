/* Machine timer through the spike CLINT: mtime advances, mip.MTIP follows mtime >= mtimecmp (and is
   read-only in mip), and a pending MTIP with mie.MTIE and mstatus.MIE traps with
   mcause = 0x8000000000000007, mtval = 0, MPIE = old MIE, MIE = 0, and mepc = the instruction after a wfi
   that was waiting. Machine interrupts are taken in lower modes even with mstatus.MIE = 0. */
#include "rvj_macros.h"

#define IRQ_CAUSE_MTI (CAUSE_INTERRUPT | IRQ_M_TIMER)

/* mtimecmp = mtime + delta (delta in 10 MHz ticks). */
.macro TIMER_IN delta
    li t0, CLINT_MTIME
    ld t1, 0(t0)
    addi t1, t1, \delta
    li t0, CLINT_MTIMECMP
    sd t1, 0(t0)
.endm

/* mtimecmp = all ones: no timer interrupt pending. */
.macro TIMER_OFF
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)
.endm

RVJ_TEST_BEGIN
    TIMER_OFF

    /* case 2: mtime advances */
    CASE 2
    li t0, CLINT_MTIME
    ld a1, 0(t0)
    li t4, 10000
1:  addi t4, t4, -1
    bnez t4, 1b
    ld a2, 0(t0)
    bleu a2, a1, fail

    /* case 3: with mtimecmp = 0, MTIP is pending (nothing enabled, so no trap); all ones clears it */
    CASE 3
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    ASSERT_EQ a4, MIP_MTIP
    TIMER_OFF
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    ASSERT_EQ a4, 0

    /* case 4: MTIP cannot be set through the mip CSR */
    CASE 4
    li t0, MIP_MTIP
    csrs mip, t0
    csrr a4, mip
    andi a4, a4, MIP_MTIP
    ASSERT_EQ a4, 0

    /* case 5: pending and enabled in mie, but mstatus.MIE = 0: no trap in M-mode */
    CASE 5
    la t0, irq_handler
    csrw mtvec, t0
    li t0, MIP_MTIP
    csrs mie, t0
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    li t4, 100
1:  addi t4, t4, -1
    bnez t4, 1b
    la t0, irq_count
    ld a4, 0(t0)
    ASSERT_EQ a4, 0

    /* case 6: ...and setting mstatus.MIE takes it at once, with the documented trap state */
    CASE 6
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    la t0, irq_count
    ld a4, 0(t0)
    ASSERT_EQ a4, 1
    la t0, irq_cause
    ld a4, 0(t0)
    ASSERT_EQ a4, IRQ_CAUSE_MTI
    la t0, irq_tval
    ld a4, 0(t0)
    ASSERT_EQ a4, 0
    la t0, irq_status
    ld a1, 0(t0)
    andi a4, a1, MSTATUS_MIE
    ASSERT_EQ a4, 0                  /* MIE cleared on entry */
    andi a4, a1, MSTATUS_MPIE
    ASSERT_EQ a4, MSTATUS_MPIE       /* MPIE = previous MIE */
    li t0, MSTATUS_MPP
    and a4, a1, t0
    ASSERT_EQ a4, MSTATUS_MPP_M      /* came from M */

    /* case 7: a future deadline, waited for with wfi: mepc is the instruction after the wfi */
    CASE 7
    la t0, irq_count
    sd zero, 0(t0)
    TIMER_IN 1000                    /* 100 us */
    csrsi mstatus, MSTATUS_MIE
    li t4, 1000
1:
wfi_pc:
    wfi
    la t0, irq_count
    ld a4, 0(t0)
    bnez a4, 2f
    addi t4, t4, -1                  /* a wfi may return early: wait again, boundedly */
    bnez t4, 1b
    j fail
2:  csrci mstatus, MSTATUS_MIE
    ASSERT_EQ a4, 1
    la t0, irq_cause
    ld a4, 0(t0)
    ASSERT_EQ a4, IRQ_CAUSE_MTI
    la t0, irq_epc
    ld a4, 0(t0)
    la t1, wfi_pc
    addi t1, t1, 4
    bne a4, t1, fail

    /* case 8: in U-mode a machine timer interrupt is taken even though mstatus.MIE = 0 */
    CASE 8
    csrci mstatus, MSTATUS_MIE
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)                   /* pending now */
    CALL_IN_MODE PRV_U, user_spin
    TRAP_DISARM
    TIMER_OFF
    ASSERT_TRAPPED IRQ_CAUSE_MTI
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_U
    li t0, MIP_MTIP
    csrc mie, t0
    j done

user_spin:
    j user_spin

/* Records the trap and silences the timer. Clobbers t0 and t1 only. */
    .align 2
irq_handler:
    la t0, irq_cause
    csrr t1, mcause
    sd t1, 0(t0)
    csrr t1, mepc
    sd t1, 8(t0)
    csrr t1, mtval
    sd t1, 16(t0)
    csrr t1, mstatus
    sd t1, 24(t0)
    ld t1, 32(t0)
    addi t1, t1, 1
    sd t1, 32(t0)
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)
    mret

done:
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
irq_cause:  .dword 0
irq_epc:    .dword 0
irq_tval:   .dword 0
irq_status: .dword 0
irq_count:  .dword 0
RVJ_DATA_END
