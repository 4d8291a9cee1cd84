/* NaN-boxing of singles in the 64-bit f registers: a single-precision operation that reads a register whose
   upper 32 bits are not all ones treats it as the canonical NaN (0x7fc00000); results are always boxed.
   Transfer instructions (flw/fsw/fmv) move bits unchanged instead (see ldst and move). */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

#define UNBOXED_ONE  0x000000003f800000     /* 1.0f in the low half, but upper half zero */
#define UNBOXED_SNAN 0x123456787f800001     /* would be a signaling NaN if it were boxed */

RVJ_TEST_BEGIN
    /* case 2: fadd.s with an unboxed operand: canonical NaN result, no NV (the canonical NaN is quiet) */
    FCASE 2
    FLOAD_D fa0, UNBOXED_ONE
    FLOAD_S fa1, 0x3f800000
    fadd.s fa2, fa0, fa1
    ASSERT_F_S fa2, 0x7fc00000
    ASSERT_FLAGS 0

    /* case 3: an unboxed signaling-NaN pattern is still just the canonical quiet NaN: no NV */
    FCASE 3
    FLOAD_D fa0, UNBOXED_SNAN
    fmul.s fa2, fa0, fa0
    ASSERT_F_S fa2, 0x7fc00000
    ASSERT_FLAGS 0

    /* case 4: fsgnj.s takes its magnitude from the canonical NaN when rs1 is unboxed */
    FCASE 4
    FLOAD_D fa0, UNBOXED_ONE
    FLOAD_S fa1, 0x80000000
    fsgnj.s fa2, fa0, fa1
    ASSERT_F_S fa2, 0xffc00000

    /* case 5: ...and its sign from the canonical NaN (positive) when rs2 is unboxed */
    FCASE 5
    FLOAD_S fa0, 0xbf800000
    FLOAD_D fa1, 0x00000000bf800000
    fsgnj.s fa2, fa0, fa1
    ASSERT_F_S fa2, 0x3f800000

    /* case 6: fclass.s of an unboxed value is "quiet NaN" */
    FCASE 6
    FLOAD_D fa0, UNBOXED_ONE
    fclass.s a4, fa0
    ASSERT_EQ a4, 0x200

    /* case 7: feq.s with an unboxed operand is false with no flag; flt.s raises NV */
    FCASE 7
    FLOAD_D fa0, UNBOXED_ONE
    feq.s a4, fa0, fa0
    ASSERT_EQ a4, 0
    ASSERT_FLAGS 0
    flt.s a4, fa0, fa0
    ASSERT_EQ a4, 0
    ASSERT_FLAGS FFLAG_NV

    /* case 8: fcvt.d.s of an unboxed value gives the canonical double NaN */
    FCASE 8
    FLOAD_D fa0, UNBOXED_ONE
    fcvt.d.s fa2, fa0
    ASSERT_F_D fa2, 0x7ff8000000000000
    ASSERT_FLAGS 0

    /* case 9: fcvt.w.s of an unboxed value converts a NaN: INT32_MAX with NV */
    FCASE 9
    FLOAD_D fa0, UNBOXED_ONE
    fcvt.w.s a4, fa0, rtz
    ASSERT_EQ a4, 0x7fffffff
    ASSERT_FLAGS FFLAG_NV

    /* case 10: fmin.s with one unboxed operand returns the other (boxed) one */
    FCASE 10
    FLOAD_D fa0, UNBOXED_ONE
    FLOAD_S fa1, 0x40000000
    fmin.s fa2, fa0, fa1
    ASSERT_F_S fa2, 0x40000000

    /* case 11: a box with only some upper bits set is still not a box */
    FCASE 11
    FLOAD_D fa0, 0xfffffffe3f800000
    fadd.s fa2, fa0, fa0
    ASSERT_F_S fa2, 0x7fc00000

    /* case 12: results of S operations are boxed (ASSERT_F_S checks it): fcvt.s.d, fcvt.s.w, fsqrt.s */
    FCASE 12
    FLOAD_D fa0, 0x3ff0000000000000
    fcvt.s.d fa1, fa0
    ASSERT_F_S fa1, 0x3f800000
    li a1, 3
    fcvt.s.w fa1, a1
    ASSERT_F_S fa1, 0x40400000
    FLOAD_S fa0, 0x40800000
    fsqrt.s fa1, fa0
    ASSERT_F_S fa1, 0x40000000

    /* case 13: fmadd.s with an unboxed addend gives the canonical NaN */
    FCASE 13
    FLOAD_S fa0, 0x3f800000
    FLOAD_D fa2, UNBOXED_ONE
    fmadd.s fa3, fa0, fa0, fa2
    ASSERT_F_S fa3, 0x7fc00000
    ASSERT_FLAGS 0
RVJ_TEST_END
