/* fmv.x.w / fmv.w.x and the fmv.s / fneg.s / fabs.s idioms: fmv.w.x NaN-boxes the low 32 bits of rs1;
   fmv.x.w copies the low 32 bits of the f register, sign-extended, whatever they are (no canonicalization,
   even for an unboxed register); no flags. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    /* case 2: fmv.w.x uses only the low 32 bits and boxes them */
    FCASE 2
    li a1, 0x123456783f800000
    fmv.w.x fa0, a1
    fmv.x.d a4, fa0
    ASSERT_EQ a4, 0xffffffff3f800000

    /* case 3: fmv.x.w sign-extends bit 31 */
    FCASE 3
    FLOAD_S fa0, 0x80000000
    fmv.x.w a4, fa0
    ASSERT_EQ a4, 0xffffffff80000000
    FLOAD_S fa0, 0x7fffffff
    fmv.x.w a4, fa0
    ASSERT_EQ a4, 0x000000007fffffff

    /* case 4: fmv.x.w of a signaling NaN: bits unchanged, no flag */
    FCASE 4
    FLOAD_S fa0, 0x7f800001
    fmv.x.w a4, fa0
    ASSERT_EQ a4, 0x000000007f800001
    ASSERT_FLAGS 0

    /* case 5: fmv.x.w of an unboxed register returns its low 32 bits, not the canonical NaN */
    FCASE 5
    FLOAD_D fa0, 0x00000000c0000000
    fmv.x.w a4, fa0
    ASSERT_EQ a4, 0xffffffffc0000000
    ASSERT_FLAGS 0

    /* case 6: fmv.s (fsgnj.s rd, rs, rs) copies a boxed value */
    FCASE 6
    FLOAD_S fa0, 0xc0490fdb
    fmv.s fa1, fa0
    ASSERT_F_S fa1, 0xc0490fdb

    /* case 7: fneg.s and fabs.s flip / clear only the sign, even of a NaN */
    FCASE 7
    FLOAD_S fa0, 0x7fc12345
    fneg.s fa1, fa0
    ASSERT_F_S fa1, 0xffc12345
    fabs.s fa2, fa1
    ASSERT_F_S fa2, 0x7fc12345
    ASSERT_FLAGS 0

    /* case 8: x0 as the source of fmv.w.x gives +0 */
    FCASE 8
    fmv.w.x fa0, x0
    ASSERT_F_S fa0, 0x00000000

    /* case 9: fmv.x.w into x0 is discarded */
    FCASE 9
    FLOAD_S fa0, 0x3f800000
    fmv.x.w x0, fa0
    add a4, x0, x0
    ASSERT_EQ a4, 0
RVJ_TEST_END
