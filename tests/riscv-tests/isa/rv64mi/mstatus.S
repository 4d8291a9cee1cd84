/* mstatus: UXL/SXL read as 2 (64-bit U and S), the writable single-bit fields and MPP hold what is written,
   FS tracks floating-point state (any write to f registers or fcsr makes it Dirty and sets SD; SD itself is
   read-only), and FS = Off makes every FP instruction and FP CSR access illegal. */
#include "rvj_macros.h"

/* Set FS to the given field value (MSTATUS_FS_*; 0 = Off). */
.macro SET_FS value
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li t0, \value
    csrs mstatus, t0
.endm

/* Fail unless mstatus.FS == value and SD == (value is Dirty). */
.macro ASSERT_FS value
    csrr a4, mstatus
    li t1, MSTATUS_FS
    and a5, a4, t1
    ASSERT_EQ a5, \value
    srli a5, a4, 63
    .if \value == MSTATUS_FS_DIRTY
    ASSERT_EQ a5, 1
    .else
    ASSERT_EQ a5, 0
    .endif
.endm

/* Case n: with FS = Off, `insn` is illegal (mtval = its bits). */
.macro TEST_FS_OFF_ILLEGAL n, insn:vararg
    CASE \n
    SET_FS 0
    TRAP_ARM
    \insn
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_EPC
    lwu t4, 0(t5)
    TRAP_FIELD t5, RVJ_TRAP_TVAL
    bne t4, t5, fail
.endm

/* Fail unless csrs/csrc of `bit` in mstatus reads back set/cleared. */
.macro TEST_FIELD_RW n, bit
    CASE \n
    li a1, \bit
    csrs mstatus, a1
    csrr a4, mstatus
    and a4, a4, a1
    bne a4, a1, fail
    csrc mstatus, a1
    csrr a4, mstatus
    and a4, a4, a1
    bnez a4, fail
.endm

RVJ_TEST_BEGIN
    /* case 2: UXL and SXL are 2 (XLEN 64 for U and S mode) */
    CASE 2
    csrr a1, mstatus
    srli a4, a1, 32
    andi a4, a4, 3
    ASSERT_EQ a4, 2
    srli a4, a1, 34
    andi a4, a4, 3
    ASSERT_EQ a4, 2

    /* cases 3-12: single-bit fields are writable */
    TEST_FIELD_RW  3, MSTATUS_SIE    /* SIE */
    TEST_FIELD_RW  4, MSTATUS_SPIE   /* SPIE */
    TEST_FIELD_RW  5, MSTATUS_MPIE   /* MPIE */
    TEST_FIELD_RW  6, MSTATUS_SPP    /* SPP */
    TEST_FIELD_RW  7, MSTATUS_SUM    /* SUM */
    TEST_FIELD_RW  8, MSTATUS_MXR    /* MXR */
    TEST_FIELD_RW  9, MSTATUS_TVM    /* TVM */
    TEST_FIELD_RW 10, MSTATUS_TW     /* TW */
    TEST_FIELD_RW 11, MSTATUS_TSR    /* TSR */
    TEST_FIELD_RW 12, MSTATUS_MIE    /* MIE (no interrupt is enabled in mie) */

    /* case 13: MPP holds U (0), S (1) and M (3) */
    CASE 13
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    csrr a4, mstatus
    and a4, a4, t0
    ASSERT_EQ a4, 0
    li t1, MSTATUS_MPP_S
    csrs mstatus, t1
    csrr a4, mstatus
    and a4, a4, t0
    ASSERT_EQ a4, MSTATUS_MPP_S
    csrs mstatus, t0
    csrr a4, mstatus
    and a4, a4, t0
    ASSERT_EQ a4, MSTATUS_MPP_M

    /* case 14: FS holds every value; SD is clear unless FS is Dirty */
    CASE 14
    SET_FS MSTATUS_FS_INITIAL
    ASSERT_FS MSTATUS_FS_INITIAL
    SET_FS MSTATUS_FS_CLEAN
    ASSERT_FS MSTATUS_FS_CLEAN
    SET_FS MSTATUS_FS_DIRTY
    ASSERT_FS MSTATUS_FS_DIRTY
    SET_FS 0
    ASSERT_FS 0

    /* case 15: SD is read-only: setting it directly does nothing while FS is Clean */
    CASE 15
    SET_FS MSTATUS_FS_CLEAN
    li t0, 1
    slli t0, t0, 63
    csrs mstatus, t0
    ASSERT_FS MSTATUS_FS_CLEAN

    /* case 16: writing an f register (fmv.d.x) makes FS Dirty (from Clean) and sets SD */
    CASE 16
    SET_FS MSTATUS_FS_CLEAN
    li a1, 0x3ff0000000000000
    fmv.d.x f1, a1
    ASSERT_FS MSTATUS_FS_DIRTY

    /* case 17: an FP load makes FS Dirty (from Initial) */
    CASE 17
    SET_FS MSTATUS_FS_INITIAL
    la a1, fpdata
    fld f2, 0(a1)
    ASSERT_FS MSTATUS_FS_DIRTY

    /* case 18: an FP arithmetic instruction makes FS Dirty */
    CASE 18
    SET_FS MSTATUS_FS_CLEAN
    fadd.d f3, f1, f2
    ASSERT_FS MSTATUS_FS_DIRTY

    /* case 19: writing fflags (an FP CSR) makes FS Dirty */
    CASE 19
    SET_FS MSTATUS_FS_CLEAN
    csrwi fflags, 0
    ASSERT_FS MSTATUS_FS_DIRTY

    /* case 20: writing frm makes FS Dirty */
    CASE 20
    SET_FS MSTATUS_FS_INITIAL
    csrwi frm, 0
    ASSERT_FS MSTATUS_FS_DIRTY

    /* cases 21-28: with FS = Off, FP instructions and FP CSRs are illegal */
    TEST_FS_OFF_ILLEGAL 21, fadd.d f3, f1, f2           /* arithmetic */
    TEST_FS_OFF_ILLEGAL 22, fmv.x.d a4, f1              /* move to an integer register */
    TEST_FS_OFF_ILLEGAL 23, fmv.w.x f1, a1              /* move from an integer register */
    TEST_FS_OFF_ILLEGAL 24, fld f1, 0(a1)               /* load */
    TEST_FS_OFF_ILLEGAL 25, fsw f1, 0(a1)               /* store */
    TEST_FS_OFF_ILLEGAL 26, csrr a4, fcsr               /* fcsr read */
    TEST_FS_OFF_ILLEGAL 27, csrwi fflags, 0             /* fflags write */
    TEST_FS_OFF_ILLEGAL 28, feq.s a4, f1, f2            /* compare */

    /* case 29: the illegal FP instructions above did not turn FS back on */
    CASE 29
    ASSERT_FS 0
    SET_FS MSTATUS_FS_INITIAL
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
fpdata: .dword 0x4000000000000000
RVJ_DATA_END
