/* Rounding modes for half precision: dyn follows frm for arithmetic and conversions; a static rm of 5 or 6,
   and dyn while frm holds 5, 6 or 7, are illegal (the instruction writes neither rd nor fflags). */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

/* fadd.h fa2, fa0, fa1 with the rm field set to `rm`. */
#define FADD_H_RM(rm)    (0x04b50653 | ((rm) << 12))
/* fcvt.w.h a4, fa0 with rm. */
#define FCVT_W_H_RM(rm)  (0xc4050753 | ((rm) << 12))
/* fmadd.h fa3, fa0, fa1, fa2 with rm. */
#define FMADD_H_RM(rm)   (0x64b506c3 | ((rm) << 12))

/* fa0 = 1, fa1 = 1.5 ulp of 1 (3 * 2^-11): the sum is a tie between 1 + 1 ulp and 1 + 2 ulp. */
.macro TEST_DYN n, frm, result, flags
    FCASE \n
    fsrmi \frm
    FLOAD_H fa0, 0x3c00
    FLOAD_H fa1, 0x1600
    fadd.h fa2, fa0, fa1, dyn
    ASSERT_F_H fa2, \result
    ASSERT_FLAGS \flags
.endm

.macro TEST_DYN_NEG n, frm, result
    FCASE \n
    fsrmi \frm
    FLOAD_H fa0, 0xbc00
    FLOAD_H fa1, 0x9600
    fadd.h fa2, fa0, fa1, dyn
    ASSERT_F_H fa2, \result
    ASSERT_FLAGS FFLAG_NX
.endm

.macro TEST_BAD_RM n, bits
    CASE \n
    fsflagsi 0
    FLOAD_H fa0, 0x3c00
    FLOAD_H fa1, 0x4200
    FLOAD_H fa2, 0x1234
    li a4, 0x77
    TRAP_ARM
    .word \bits
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_TVAL
    li t6, \bits
    bne t5, t6, fail
    ASSERT_F_H fa2, 0x1234
    ASSERT_EQ a4, 0x77
    ASSERT_FLAGS 0
.endm

RVJ_TEST_BEGIN
    /* 1 + 1.5 ulp: rne and rmm round up to 1 + 2 ulp, rtz and rdn down to 1 + 1 ulp, rup up */
    TEST_DYN 2, RM_RNE, 0x3c02, FFLAG_NX
    TEST_DYN 3, RM_RTZ, 0x3c01, FFLAG_NX
    TEST_DYN 4, RM_RDN, 0x3c01, FFLAG_NX
    TEST_DYN 5, RM_RUP, 0x3c02, FFLAG_NX
    TEST_DYN 6, RM_RMM, 0x3c02, FFLAG_NX
    TEST_DYN_NEG 7, RM_RNE, 0xbc02
    TEST_DYN_NEG 8, RM_RTZ, 0xbc01
    TEST_DYN_NEG 9, RM_RDN, 0xbc02
    TEST_DYN_NEG 10, RM_RUP, 0xbc01
    TEST_DYN_NEG 11, RM_RMM, 0xbc02

    /* case 12: dyn conversion to an integer follows frm (2.5 -> 2 under rne, 3 under rmm) */
    FCASE 12
    fsrmi RM_RNE
    FLOAD_H fa0, 0x4100
    fcvt.w.h a4, fa0, dyn
    ASSERT_EQ a4, 2
    fsrmi RM_RMM
    fcvt.w.h a4, fa0, dyn
    ASSERT_EQ a4, 3
    ASSERT_FLAGS FFLAG_NX

    /* case 13: dyn narrowing from single follows frm */
    FCASE 13
    fsrmi RM_RUP
    FLOAD_S fa0, 0x3f800001
    fcvt.h.s fa2, fa0, dyn
    ASSERT_F_H fa2, 0x3c01
    ASSERT_FLAGS FFLAG_NX

    fsrmi RM_RNE
    TEST_BAD_RM 14, FADD_H_RM(5)
    TEST_BAD_RM 15, FADD_H_RM(6)
    TEST_BAD_RM 16, FCVT_W_H_RM(5)
    TEST_BAD_RM 17, FMADD_H_RM(6)
    fsrmi 5
    TEST_BAD_RM 18, FADD_H_RM(7)
    fsrmi 6
    TEST_BAD_RM 19, FCVT_W_H_RM(7)
    fsrmi 7
    TEST_BAD_RM 20, FMADD_H_RM(7)

    /* case 21: with frm invalid, fmin.h, fsgnj.h and compares still work */
    CASE 21
    TRAP_ARM
    fmin.h fa2, fa0, fa1
    fsgnj.h fa3, fa0, fa1
    flt.h a4, fa0, fa1
    TRAP_DISARM
    ASSERT_NO_TRAP
    ASSERT_F_H fa2, 0x3c00
    ASSERT_EQ a4, 1
    fsrmi RM_RNE
RVJ_TEST_END
