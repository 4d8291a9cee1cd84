/* Invalid rounding modes: an instruction whose rm field is 5 or 6 (reserved) is illegal, and so is rm = 7
   (dynamic) while frm holds 5, 6 or 7. The trapping instruction writes neither rd nor fflags. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

/* fadd.s fa2, fa0, fa1 with the rm field set to `rm`. */
#define FADD_S_RM(rm)   (0x00b50653 | ((rm) << 12))
/* fcvt.w.s a4, fa0 with rm. */
#define FCVT_W_S_RM(rm) (0xc0050753 | ((rm) << 12))
/* fmadd.s fa3, fa0, fa1, fa2 with rm. */
#define FMADD_S_RM(rm)  (0x60b506c3 | ((rm) << 12))

/* Case n: the instruction word `bits` traps as illegal with mtval = bits; fa2 and fflags unchanged. */
.macro TEST_BAD_RM n, bits
    CASE \n
    fsflagsi 0
    FLOAD_S fa0, 0x3f800000
    FLOAD_S fa1, 0x40400000
    FLOAD_S fa2, 0x12345678
    li a4, 0x77
    TRAP_ARM
    .word \bits
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_TVAL
    li t6, \bits
    bne t5, t6, fail
    ASSERT_F_S fa2, 0x12345678
    ASSERT_EQ a4, 0x77
    ASSERT_FLAGS 0
.endm

RVJ_TEST_BEGIN
    fsrmi RM_RNE
    TEST_BAD_RM 2, FADD_S_RM(5)      /* static rm 5 */
    TEST_BAD_RM 3, FADD_S_RM(6)      /* static rm 6 */
    TEST_BAD_RM 4, FCVT_W_S_RM(5)    /* conversion with rm 5 */
    TEST_BAD_RM 5, FMADD_S_RM(6)     /* fused multiply-add with rm 6 */

    /* cases 6-8: dynamic rm with an invalid frm */
    fsrmi 5
    TEST_BAD_RM 6, FADD_S_RM(7)
    fsrmi 6
    TEST_BAD_RM 7, FCVT_W_S_RM(7)
    fsrmi 7
    TEST_BAD_RM 8, FMADD_S_RM(7)

    /* case 9: with frm invalid, static rounding modes still work */
    CASE 9
    TRAP_ARM
    .word FADD_S_RM(0)
    TRAP_DISARM
    ASSERT_NO_TRAP
    ASSERT_F_S fa2, 0x40800000

    /* case 10: instructions without a rounding mode (fmin, fsgnj, compare) are unaffected by an invalid frm */
    CASE 10
    TRAP_ARM
    fmin.s fa2, fa0, fa1
    fsgnj.s fa3, fa0, fa1
    flt.s a4, fa0, fa1
    TRAP_DISARM
    ASSERT_NO_TRAP
    ASSERT_F_S fa2, 0x3f800000
    ASSERT_EQ a4, 1

    /* case 11: dyn works again once frm is valid */
    CASE 11
    fsrmi RM_RTZ
    TRAP_ARM
    .word FADD_S_RM(7)
    TRAP_DISARM
    ASSERT_NO_TRAP
    ASSERT_F_S fa2, 0x40800000
    fsrmi RM_RNE
RVJ_TEST_END
