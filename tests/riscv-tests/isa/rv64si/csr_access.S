/* CSR privilege: S-mode cannot access M-mode CSRs, U-mode cannot access S-mode CSRs (illegal instruction,
   taken to M). mstatus.TVM = 1 makes satp accesses and sfence.vma illegal in S-mode. */
#include "rvj_macros.h"

/* Case n: in mode prv, `insn` is illegal (the trap comes from prv). */
.macro TEST_PRIV_ILLEGAL n, prv, insn:vararg
    CASE \n
    CALL_IN_MODE \prv, 3f
    j 4f
3:  \insn
    ecall
4:  TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, \prv
.endm

/* Case n: in mode prv, `insn` is allowed (the first trap is the ecall after it). */
.macro TEST_PRIV_OK n, prv, cause, insn:vararg
    CASE \n
    CALL_IN_MODE \prv, 3f
    j 4f
3:  \insn
    ecall
4:  TRAP_DISARM
    ASSERT_TRAPPED \cause
.endm

RVJ_TEST_BEGIN
    TEST_PRIV_ILLEGAL  2, PRV_S, csrr a0, mstatus      /* M CSRs from S */
    TEST_PRIV_ILLEGAL  3, PRV_S, csrw mscratch, a0
    TEST_PRIV_ILLEGAL  4, PRV_S, csrr a0, mepc
    TEST_PRIV_ILLEGAL  5, PRV_S, csrr a0, misa
    TEST_PRIV_ILLEGAL  6, PRV_S, csrr a0, mhartid
    TEST_PRIV_ILLEGAL  7, PRV_S, csrw medeleg, a0
    TEST_PRIV_ILLEGAL  8, PRV_S, csrr a0, mtvec
    TEST_PRIV_ILLEGAL  9, PRV_S, csrr a0, mip

    TEST_PRIV_OK 10, PRV_S, CAUSE_SUPERVISOR_ECALL, csrw sscratch, a0   /* S CSRs from S */
    TEST_PRIV_OK 11, PRV_S, CAUSE_SUPERVISOR_ECALL, csrr a0, sepc
    TEST_PRIV_OK 12, PRV_S, CAUSE_SUPERVISOR_ECALL, csrr a0, stvec
    TEST_PRIV_OK 13, PRV_S, CAUSE_SUPERVISOR_ECALL, csrr a0, satp       /* TVM = 0 */
    TEST_PRIV_OK 14, PRV_S, CAUSE_SUPERVISOR_ECALL, sfence.vma

    TEST_PRIV_ILLEGAL 15, PRV_U, csrr a0, sstatus      /* S CSRs from U */
    TEST_PRIV_ILLEGAL 16, PRV_U, csrw sscratch, a0
    TEST_PRIV_ILLEGAL 17, PRV_U, csrr a0, satp
    TEST_PRIV_ILLEGAL 18, PRV_U, sfence.vma
    TEST_PRIV_ILLEGAL 19, PRV_S, csrw cycle, a0        /* read-only user counter */

    /* TVM = 1: satp and sfence.vma are illegal in S */
    li t0, MSTATUS_TVM
    csrs mstatus, t0
    TEST_PRIV_ILLEGAL 20, PRV_S, csrr a0, satp
    TEST_PRIV_ILLEGAL 21, PRV_S, csrw satp, zero
    TEST_PRIV_ILLEGAL 22, PRV_S, sfence.vma
    TEST_PRIV_OK 23, PRV_S, CAUSE_SUPERVISOR_ECALL, csrr a0, sscratch   /* other S CSRs unaffected */
    li t0, MSTATUS_TVM
    csrc mstatus, t0
RVJ_TEST_END
