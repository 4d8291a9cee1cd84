/* Floating-point test vocabulary for rvjit's ISA tests (F, D and Zfh). Include after rvj_macros.h.
   Operands are given as bit patterns and moved in with fmv.w.x / fmv.d.x (so singles are properly
   NaN-boxed); single results are checked bit-exactly AND for NaN-boxing (upper 32 bits all ones); every
   check also compares fflags and then clears them (csrrci). fa0-fa3 hold operands/results; t0, t3, t6 are
   scratch. The rm argument is an assembler rounding-mode name (rne rtz rdn rup rmm dyn). */
#ifndef RVJ_FP_MACROS_H
#define RVJ_FP_MACROS_H

/* freg = single-precision bits (NaN-boxed). */
.macro FLOAD_S freg, bits
    li t0, \bits
    fmv.w.x \freg, t0
.endm

/* freg = raw 64-bit contents (a double, or a deliberately unboxed single). */
.macro FLOAD_D freg, bits
    li t0, \bits
    fmv.d.x \freg, t0
.endm

/* fflags must equal flags; then clear them. */
.macro ASSERT_FLAGS flags
    csrrci t3, fflags, 0x1f
    ASSERT_EQ t3, \flags
.endm

/* freg must hold the single `bits`, NaN-boxed. */
.macro ASSERT_F_S freg, bits
    fmv.x.w t3, \freg
    li t6, \bits
    sext.w t6, t6
    bne t3, t6, fail
    fmv.x.d t3, \freg
    srai t3, t3, 32
    li t6, -1
    bne t3, t6, fail
.endm

/* freg must hold the double `bits`. */
.macro ASSERT_F_D freg, bits
    fmv.x.d t3, \freg
    ASSERT_EQ t3, \bits
.endm

/* Start an FP case: number it and clear fflags. */
.macro FCASE n
    CASE \n
    csrwi fflags, 0
.endm

/* fa2 = inst(fa0 = a, fa1 = b) with rounding mode rm. */
.macro TEST_FP_OP2_S n, inst, rm, flags, result, a, b
    FCASE \n
    FLOAD_S fa0, \a
    FLOAD_S fa1, \b
    \inst fa2, fa0, fa1, \rm
    ASSERT_F_S fa2, \result
    ASSERT_FLAGS \flags
.endm
.macro TEST_FP_OP2_D n, inst, rm, flags, result, a, b
    FCASE \n
    FLOAD_D fa0, \a
    FLOAD_D fa1, \b
    \inst fa2, fa0, fa1, \rm
    ASSERT_F_D fa2, \result
    ASSERT_FLAGS \flags
.endm

/* Two operands, no rounding-mode field (fmin, fmax, fsgnj*). */
.macro TEST_FP_OP2NR_S n, inst, flags, result, a, b
    FCASE \n
    FLOAD_S fa0, \a
    FLOAD_S fa1, \b
    \inst fa2, fa0, fa1
    ASSERT_F_S fa2, \result
    ASSERT_FLAGS \flags
.endm
.macro TEST_FP_OP2NR_D n, inst, flags, result, a, b
    FCASE \n
    FLOAD_D fa0, \a
    FLOAD_D fa1, \b
    \inst fa2, fa0, fa1
    ASSERT_F_D fa2, \result
    ASSERT_FLAGS \flags
.endm

/* fa2 = inst(fa0 = a) with rounding mode rm (fsqrt, fcvt.s.d, fcvt.d.s). */
.macro TEST_FP_OP1_S n, inst, rm, flags, result, a
    FCASE \n
    FLOAD_S fa0, \a
    \inst fa2, fa0, \rm
    ASSERT_F_S fa2, \result
    ASSERT_FLAGS \flags
.endm
.macro TEST_FP_OP1_D n, inst, rm, flags, result, a
    FCASE \n
    FLOAD_D fa0, \a
    \inst fa2, fa0, \rm
    ASSERT_F_D fa2, \result
    ASSERT_FLAGS \flags
.endm

/* fa3 = inst(fa0 = a, fa1 = b, fa2 = c) with rounding mode rm (fused multiply-add family). */
.macro TEST_FP_OP3_S n, inst, rm, flags, result, a, b, c
    FCASE \n
    FLOAD_S fa0, \a
    FLOAD_S fa1, \b
    FLOAD_S fa2, \c
    \inst fa3, fa0, fa1, fa2, \rm
    ASSERT_F_S fa3, \result
    ASSERT_FLAGS \flags
.endm
.macro TEST_FP_OP3_D n, inst, rm, flags, result, a, b, c
    FCASE \n
    FLOAD_D fa0, \a
    FLOAD_D fa1, \b
    FLOAD_D fa2, \c
    \inst fa3, fa0, fa1, fa2, \rm
    ASSERT_F_D fa3, \result
    ASSERT_FLAGS \flags
.endm

/* a4 = inst(fa0 = a, fa1 = b), an integer result (feq, flt, fle). */
.macro TEST_FP_CMP_S n, inst, flags, result, a, b
    FCASE \n
    FLOAD_S fa0, \a
    FLOAD_S fa1, \b
    \inst a4, fa0, fa1
    ASSERT_EQ a4, \result
    ASSERT_FLAGS \flags
.endm
.macro TEST_FP_CMP_D n, inst, flags, result, a, b
    FCASE \n
    FLOAD_D fa0, \a
    FLOAD_D fa1, \b
    \inst a4, fa0, fa1
    ASSERT_EQ a4, \result
    ASSERT_FLAGS \flags
.endm

/* a4 = fclass(fa0 = a). */
.macro TEST_FCLASS_S n, result, a
    FCASE \n
    FLOAD_S fa0, \a
    fclass.s a4, fa0
    ASSERT_EQ a4, \result
    ASSERT_FLAGS 0
.endm
.macro TEST_FCLASS_D n, result, a
    FCASE \n
    FLOAD_D fa0, \a
    fclass.d a4, fa0
    ASSERT_EQ a4, \result
    ASSERT_FLAGS 0
.endm

/* a4 = inst(fa0 = a, rm): float to integer conversion (result as a 64-bit register value). */
.macro TEST_FCVT_TO_INT_S n, inst, rm, flags, result, a
    FCASE \n
    FLOAD_S fa0, \a
    \inst a4, fa0, \rm
    ASSERT_EQ a4, \result
    ASSERT_FLAGS \flags
.endm
.macro TEST_FCVT_TO_INT_D n, inst, rm, flags, result, a
    FCASE \n
    FLOAD_D fa0, \a
    \inst a4, fa0, \rm
    ASSERT_EQ a4, \result
    ASSERT_FLAGS \flags
.endm

/* fa2 = inst(a1 = a, rm): integer to float conversion. */
.macro TEST_FCVT_FROM_INT_S n, inst, rm, flags, result, a
    FCASE \n
    li a1, \a
    \inst fa2, a1, \rm
    ASSERT_F_S fa2, \result
    ASSERT_FLAGS \flags
.endm
.macro TEST_FCVT_FROM_INT_D n, inst, rm, flags, result, a
    FCASE \n
    li a1, \a
    \inst fa2, a1, \rm
    ASSERT_F_D fa2, \result
    ASSERT_FLAGS \flags
.endm

/* fa2 = inst(a1 = a) for the exact conversions without a rounding-mode operand (fcvt.d.w, fcvt.d.wu). */
.macro TEST_FCVT_FROM_INT_EXACT_D n, inst, flags, result, a
    FCASE \n
    li a1, \a
    \inst fa2, a1
    ASSERT_F_D fa2, \result
    ASSERT_FLAGS \flags
.endm

/* Double-to-single conversion: fa2 = fcvt.s.d(fa0 = a, rm). */
.macro TEST_FCVT_S_D n, rm, flags, result, a
    FCASE \n
    FLOAD_D fa0, \a
    fcvt.s.d fa2, fa0, \rm
    ASSERT_F_S fa2, \result
    ASSERT_FLAGS \flags
.endm

/* Single-to-double conversion (fa2 = fcvt.d.s(fa0 = a)), exact: no rounding-mode argument needed. */
.macro TEST_FCVT_D_S n, flags, result, a
    FCASE \n
    FLOAD_S fa0, \a
    fcvt.d.s fa2, fa0
    ASSERT_F_D fa2, \result
    ASSERT_FLAGS \flags
.endm

/* ---------------------------------------------------------------- half precision (Zfh, Zfhmin) */

/* freg = half-precision bits (NaN-boxed: upper 48 bits all ones). */
.macro FLOAD_H freg, bits
    li t0, \bits
    fmv.h.x \freg, t0
.endm

/* freg must hold the half `bits`, NaN-boxed. */
.macro ASSERT_F_H freg, bits
    fmv.x.d t3, \freg
    li t6, (0xffffffffffff0000 | (\bits))
    bne t3, t6, fail
.endm

.macro TEST_FP_OP2_H n, inst, rm, flags, result, a, b
    FCASE \n
    FLOAD_H fa0, \a
    FLOAD_H fa1, \b
    \inst fa2, fa0, fa1, \rm
    ASSERT_F_H fa2, \result
    ASSERT_FLAGS \flags
.endm

.macro TEST_FP_OP2NR_H n, inst, flags, result, a, b
    FCASE \n
    FLOAD_H fa0, \a
    FLOAD_H fa1, \b
    \inst fa2, fa0, fa1
    ASSERT_F_H fa2, \result
    ASSERT_FLAGS \flags
.endm

.macro TEST_FP_OP1_H n, inst, rm, flags, result, a
    FCASE \n
    FLOAD_H fa0, \a
    \inst fa2, fa0, \rm
    ASSERT_F_H fa2, \result
    ASSERT_FLAGS \flags
.endm

.macro TEST_FP_OP3_H n, inst, rm, flags, result, a, b, c
    FCASE \n
    FLOAD_H fa0, \a
    FLOAD_H fa1, \b
    FLOAD_H fa2, \c
    \inst fa3, fa0, fa1, fa2, \rm
    ASSERT_F_H fa3, \result
    ASSERT_FLAGS \flags
.endm

.macro TEST_FP_CMP_H n, inst, flags, result, a, b
    FCASE \n
    FLOAD_H fa0, \a
    FLOAD_H fa1, \b
    \inst a4, fa0, fa1
    ASSERT_EQ a4, \result
    ASSERT_FLAGS \flags
.endm

.macro TEST_FCLASS_H n, result, a
    FCASE \n
    FLOAD_H fa0, \a
    fclass.h a4, fa0
    ASSERT_EQ a4, \result
    ASSERT_FLAGS 0
.endm

.macro TEST_FCVT_TO_INT_H n, inst, rm, flags, result, a
    FCASE \n
    FLOAD_H fa0, \a
    \inst a4, fa0, \rm
    ASSERT_EQ a4, \result
    ASSERT_FLAGS \flags
.endm

.macro TEST_FCVT_FROM_INT_H n, inst, rm, flags, result, a
    FCASE \n
    li a1, \a
    \inst fa2, a1, \rm
    ASSERT_F_H fa2, \result
    ASSERT_FLAGS \flags
.endm

/* fa2 = inst(fa0 = a): a single or double source (loaded raw with fmv.d.x), a half result. */
.macro TEST_FCVT_TO_H n, inst, rm, flags, result, a
    FCASE \n
    FLOAD_D fa0, \a
    \inst fa2, fa0, \rm
    ASSERT_F_H fa2, \result
    ASSERT_FLAGS \flags
.endm

/* fa2 = inst(fa0 = half a): a single or double result, compared as raw 64 bits (a single boxed). */
.macro TEST_FCVT_FROM_H n, inst, flags, result, a
    FCASE \n
    FLOAD_H fa0, \a
    \inst fa2, fa0
    ASSERT_F_D fa2, \result
    ASSERT_FLAGS \flags
.endm

#endif
