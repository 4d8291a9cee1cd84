/* The test environment linked into every rvjit ISA test ("p" environment: physical addresses, M-mode).
   It owns the reset path (_start), the HTIF words (tohost/fromhost), the pass/fail exits and two shared
   trap handlers:
     rvj_trap_unexpected - any trap the test did not ask for: report failure of the current case (gp);
     rvj_trap_skip       - record mcause/mtval/mepc/privilege in rvj_trap_record, count the trap, and
                           resume after the trapping instruction or in M-mode (TRAP_ARM, TEST_TRAP and
                           CALL_IN_MODE in macros/rvj_macros.h).
   A test provides the global label rvj_test_body; it runs in M-mode with mtvec = rvj_trap_unexpected,
   mstatus.FS = Initial, fcsr = 0, and every other register zero. */
#include "rvj_encoding.h"
#include "rvj_trap_record.h"

    .section .text.init, "ax"
    .option norvc
    .globl _start
_start:
    /* Clear the integer registers so no test depends on what the loader left behind. */
    li x1, 0
    li x2, 0
    li x3, 0
    li x4, 0
    li x5, 0
    li x6, 0
    li x7, 0
    li x8, 0
    li x9, 0
    li x10, 0
    li x11, 0
    li x12, 0
    li x13, 0
    li x14, 0
    li x15, 0
    li x16, 0
    li x17, 0
    li x18, 0
    li x19, 0
    li x20, 0
    li x21, 0
    li x22, 0
    li x23, 0
    li x24, 0
    li x25, 0
    li x26, 0
    li x27, 0
    li x28, 0
    li x29, 0
    li x30, 0
    li x31, 0

    /* Optional CSRs are written with mtvec pointing at the next step, so a trap just skips the write.
       PMP: one NAPOT region covering everything, RWX, so S and U mode may touch all of memory. */
    la t0, 1f
    csrw mtvec, t0
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f                    /* A=NAPOT, X, W, R */
    csrw pmpcfg0, t0
    .align 2
1:  la t0, 2f
    csrw mtvec, t0
    csrwi satp, 0                  /* bare addressing */
    .align 2
2:  la t0, 3f
    csrw mtvec, t0
    csrwi medeleg, 0               /* every trap goes to M unless a test delegates it */
    csrwi mideleg, 0
    .align 2
3:  la t0, rvj_trap_unexpected
    csrw mtvec, t0
    csrwi mie, 0
    csrwi mip, 0
    li t0, MSTATUS_MPP_M | MSTATUS_FS_INITIAL
    csrw mstatus, t0
    csrwi fcsr, 0                  /* (this write may make FS Dirty: set Initial again below) */
    csrw mstatus, t0
    li t0, 0
    j rvj_test_body

/* Exits. gp holds the number of the case being checked (TESTNUM). Cases are numbered from 2; a failure
   with gp = 0 (before any case) is reported as case 1 so it can never read as a pass. */
    .globl rvj_pass
rvj_pass:
    fence
    li a0, 1
    j rvj_write_tohost

    .globl rvj_fail
rvj_fail:
    fence
    bnez gp, 1f
    li gp, 1
1:  slli a0, gp, 1
    ori a0, a0, 1
rvj_write_tohost:
    la t0, tohost
    sd a0, 0(t0)
1:  j 1b

/* A trap nobody expected: the current case fails. */
    .align 6
    .globl rvj_trap_unexpected
rvj_trap_unexpected:
    j rvj_fail

/* Expected-trap handler: record the trap, then either
     - resume in M-mode at rvj_trap_record.RESUME if that is set (it is cleared: one use), or
     - continue after the trapping instruction (exceptions) or at mepc (interrupts), in the privilege mode
       the trap came from; the instruction length is read from memory at mepc, so this needs mepc to be a
       physical (or identity-mapped) address. */
    .align 6
    .globl rvj_trap_skip
rvj_trap_skip:
    csrw mscratch, t0
    la t0, rvj_trap_record
    sd t1, RVJ_TRAP_SAVE(t0)
    csrr t1, mcause
    sd t1, RVJ_TRAP_CAUSE(t0)
    csrr t1, mtval
    sd t1, RVJ_TRAP_TVAL(t0)
    csrr t1, mepc
    sd t1, RVJ_TRAP_EPC(t0)
    ld t1, RVJ_TRAP_COUNT(t0)
    addi t1, t1, 1
    sd t1, RVJ_TRAP_COUNT(t0)
    csrr t1, mstatus               /* privilege the trap came from */
    srli t1, t1, 11
    andi t1, t1, 3
    sd t1, RVJ_TRAP_PRIV(t0)
    ld t1, RVJ_TRAP_RESUME(t0)
    beqz t1, 1f
    sd zero, RVJ_TRAP_RESUME(t0)   /* resume in M-mode at the requested address */
    csrw mepc, t1
    li t1, MSTATUS_MPP
    csrs mstatus, t1
    j 3f
1:  csrr t1, mcause                /* an interrupt: mepc already points at the next instruction */
    bltz t1, 3f
    csrr t1, mepc                  /* an exception: skip the trapping instruction */
    lhu t1, 0(t1)
    andi t1, t1, 3
    addi t1, t1, -3                /* 0 for a 32-bit instruction */
    csrr t0, mepc
    beqz t1, 2f
    addi t0, t0, 2
    csrw mepc, t0
    j 3f
2:  addi t0, t0, 4
    csrw mepc, t0
3:  la t0, rvj_trap_record
    ld t1, RVJ_TRAP_SAVE(t0)
    csrr t0, mscratch
    mret

/* Host interface words. */
    .section .tohost, "aw", @progbits
    .align 6
    .globl tohost
    .type tohost, @object
    .size tohost, 8              /* QEMU's HTIF insists on 8-byte symbols */
tohost: .dword 0
    .align 6
    .globl fromhost
    .type fromhost, @object
    .size fromhost, 8
fromhost: .dword 0

/* What rvj_trap_skip saw (offsets RVJ_TRAP_* from rvj_trap_record.h). */
    .data
    .align 3
    .globl rvj_trap_record
rvj_trap_record:
    .dword 0, 0, 0, 0, 0, 0, 0
