/* fmv.x.h and fmv.h.x (Zfhmin): raw moves. fmv.x.h sign-extends bit 15 into the integer register and ignores
   the upper bits of the f register (no NaN-box check); fmv.h.x boxes the low 16 bits of the integer register.
   Neither canonicalizes NaNs nor raises flags. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

.macro TEST_FMV_X_H n, expect, fbits
    FCASE \n
    FLOAD_D fa0, \fbits
    fmv.x.h a4, fa0
    ASSERT_EQ a4, \expect
    ASSERT_FLAGS 0
.endm

.macro TEST_FMV_H_X n, expect, xbits
    FCASE \n
    li a1, \xbits
    fmv.h.x fa0, a1
    fmv.x.d a4, fa0
    ASSERT_EQ a4, \expect
    ASSERT_FLAGS 0
.endm

RVJ_TEST_BEGIN
    TEST_FMV_X_H  2, 0x3c00, 0xffffffffffff3c00                 /* positive: zero-extended by the sign */
    TEST_FMV_X_H  3, 0xffffffffffffbc00, 0xffffffffffffbc00     /* negative: sign-extended */
    TEST_FMV_X_H  4, 0x7c01, 0xffffffffffff7c01                 /* signalling NaN moves unchanged */
    TEST_FMV_X_H  5, 0x1234, 0x0000000000001234                 /* unboxed: low 16 bits anyway */
    TEST_FMV_X_H  6, 0xffffffffffff8000, 0x1234567890ab8000     /* unboxed, bit 15 set */
    TEST_FMV_H_X  7, 0xffffffffffff3c00, 0x3c00
    TEST_FMV_H_X  8, 0xffffffffffffffff, 0xffffffffffffffff
    TEST_FMV_H_X  9, 0xffffffffffff1234, 0xabcdef0123451234     /* upper bits of the source ignored */
    TEST_FMV_H_X 10, 0xffffffffffff7c01, 0x7c01                 /* signalling NaN stays as it is */

    /* case 11: the moved-in value is a usable half */
    FCASE 11
    li a1, 0x4000
    fmv.h.x fa0, a1
    fmul.h fa1, fa0, fa0
    ASSERT_F_H fa1, 0x4400
    ASSERT_FLAGS 0
RVJ_TEST_END
