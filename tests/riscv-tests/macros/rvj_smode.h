/* An S-mode trap handler for the rv64si tests (delegated traps). Include after rvj_macros.h; put
   S_TRAP_HANDLER in the text and S_TRAP_RECORD in the data section, and point stvec at s_trap_handler.
   The handler records scause, stval, sepc and sstatus in s_record, counts the trap, clears sip.SSIP for a
   supervisor software interrupt, and returns with sret: after the trapping instruction for an exception
   (every instruction these tests trap on is 4 bytes), at sepc for an interrupt. Clobbers nothing. */
#ifndef RVJ_SMODE_H
#define RVJ_SMODE_H

#define S_REC_CAUSE   8
#define S_REC_TVAL    16
#define S_REC_EPC     24
#define S_REC_STATUS  32
#define S_REC_COUNT   40

.macro S_TRAP_HANDLER
    .align 6
s_trap_handler:
    csrw sscratch, t0
    la t0, s_record
    sd t1, 0(t0)
    csrr t1, scause
    sd t1, S_REC_CAUSE(t0)
    csrr t1, stval
    sd t1, S_REC_TVAL(t0)
    csrr t1, sepc
    sd t1, S_REC_EPC(t0)
    csrr t1, sstatus
    sd t1, S_REC_STATUS(t0)
    ld t1, S_REC_COUNT(t0)
    addi t1, t1, 1
    sd t1, S_REC_COUNT(t0)
    csrr t1, scause
    bltz t1, 1f
    csrr t1, sepc
    addi t1, t1, 4
    csrw sepc, t1
    j 2f
1:  csrci sip, MIP_SSIP
2:  ld t1, 0(t0)
    csrr t0, sscratch
    sret
.endm

.macro S_TRAP_RECORD
    .align 3
s_record: .dword 0, 0, 0, 0, 0, 0
.endm

/* reg = field of s_record. */
.macro S_FIELD reg, field
    la \reg, s_record
    ld \reg, \field(\reg)
.endm

/* Clear the S-mode trap count. Clobbers t0. */
.macro S_RECORD_CLEAR
    la t0, s_record
    sd zero, S_REC_COUNT(t0)
    sd zero, S_REC_CAUSE(t0)
.endm

#endif
