/* NaN-boxing of halves in the 64-bit f registers: a half-precision operation that reads a register whose upper
   48 bits are not all ones treats it as the canonical NaN (0x7e00); results are always boxed. A boxed single
   (upper 32 bits ones) is not a boxed half. Transfers (flh/fsh/fmv) move bits unchanged (see ldst and move). */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

#define UNBOXED_ONE   0x0000000000003c00     /* 1.0 in the low 16 bits, upper bits zero */
#define SINGLE_BOXED  0xffffffff00003c00     /* boxed as a single, not as a half */
#define ALMOST_BOXED  0xfffeffffffff3c00     /* one upper bit clear */
#define UNBOXED_SNAN  0x000000000000fc01     /* would be a signalling NaN if it were boxed */

RVJ_TEST_BEGIN
    /* case 2: fadd.h with an unboxed operand: canonical NaN, no NV (the canonical NaN is quiet) */
    FCASE 2
    FLOAD_D fa0, UNBOXED_ONE
    FLOAD_H fa1, 0x3c00
    fadd.h fa2, fa0, fa1
    ASSERT_F_H fa2, 0x7e00
    ASSERT_FLAGS 0

    /* case 3: a single-boxed value is not a boxed half */
    FCASE 3
    FLOAD_D fa0, SINGLE_BOXED
    fmul.h fa2, fa0, fa0
    ASSERT_F_H fa2, 0x7e00
    ASSERT_FLAGS 0

    /* case 4: a box with one bit missing */
    FCASE 4
    FLOAD_D fa0, ALMOST_BOXED
    fsqrt.h fa2, fa0
    ASSERT_F_H fa2, 0x7e00
    ASSERT_FLAGS 0

    /* case 5: an unboxed signalling-NaN pattern is just the canonical quiet NaN: no NV */
    FCASE 5
    FLOAD_D fa0, UNBOXED_SNAN
    fdiv.h fa2, fa0, fa0
    ASSERT_F_H fa2, 0x7e00
    ASSERT_FLAGS 0

    /* case 6: fsgnj.h takes its magnitude from the canonical NaN when rs1 is unboxed */
    FCASE 6
    FLOAD_D fa0, UNBOXED_ONE
    FLOAD_H fa1, 0x8000
    fsgnj.h fa2, fa0, fa1
    ASSERT_F_H fa2, 0xfe00

    /* case 7: ...and its sign from the canonical NaN (positive) when rs2 is unboxed */
    FCASE 7
    FLOAD_H fa0, 0xbc00
    FLOAD_D fa1, 0x000000000000bc00
    fsgnj.h fa2, fa0, fa1
    ASSERT_F_H fa2, 0x3c00

    /* case 8: fclass.h of an unboxed value is "quiet NaN" */
    FCASE 8
    FLOAD_D fa0, UNBOXED_ONE
    fclass.h a4, fa0
    ASSERT_EQ a4, 0x200

    /* case 9: feq.h with an unboxed operand is false with no flag; flt.h raises NV */
    FCASE 9
    FLOAD_D fa0, UNBOXED_ONE
    feq.h a4, fa0, fa0
    ASSERT_EQ a4, 0
    ASSERT_FLAGS 0
    fle.h a4, fa0, fa0
    ASSERT_EQ a4, 0
    ASSERT_FLAGS FFLAG_NV

    /* case 10: fcvt.s.h and fcvt.d.h of an unboxed value give the canonical NaN of the wider format */
    FCASE 10
    FLOAD_D fa0, SINGLE_BOXED
    fcvt.s.h fa2, fa0
    ASSERT_F_S fa2, 0x7fc00000
    fcvt.d.h fa2, fa0
    ASSERT_F_D fa2, 0x7ff8000000000000
    ASSERT_FLAGS 0

    /* case 11: fcvt.w.h of an unboxed value converts a NaN: INT32_MAX with NV */
    FCASE 11
    FLOAD_D fa0, UNBOXED_ONE
    fcvt.w.h a4, fa0, rtz
    ASSERT_EQ a4, 0x7fffffff
    ASSERT_FLAGS FFLAG_NV

    /* case 12: fmin.h with one unboxed operand returns the other (boxed) one */
    FCASE 12
    FLOAD_D fa0, UNBOXED_ONE
    FLOAD_H fa1, 0x4000
    fmin.h fa2, fa0, fa1
    ASSERT_F_H fa2, 0x4000

    /* case 13: fmadd.h with an unboxed addend: canonical NaN */
    FCASE 13
    FLOAD_H fa0, 0x3c00
    FLOAD_H fa1, 0x3c00
    FLOAD_D fa2, SINGLE_BOXED
    fmadd.h fa3, fa0, fa1, fa2
    ASSERT_F_H fa3, 0x7e00
    ASSERT_FLAGS 0

    /* case 14: fcvt.h.s reads a single (32-bit box) and writes a boxed half */
    FCASE 14
    FLOAD_S fa0, 0x3f800000
    fcvt.h.s fa2, fa0
    ASSERT_F_H fa2, 0x3c00

    /* case 15: single-precision operations do not accept a boxed half (upper 32 bits are ones, so it is a
       boxed single whose bits are 0xffff3c00: a negative quiet NaN, canonicalized by fadd.s) */
    FCASE 15
    FLOAD_H fa0, 0x3c00
    fadd.s fa2, fa0, fa0
    ASSERT_F_S fa2, 0x7fc00000
    ASSERT_FLAGS 0
RVJ_TEST_END
