/* Invalid rounding modes for D instructions: rm field 5 or 6, or dynamic rm with frm = 5..7, is an illegal
   instruction that writes neither rd nor fflags. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

/* fadd.d fa2, fa0, fa1 with rm. */
#define FADD_D_RM(rm)   (0x02b50653 | ((rm) << 12))
/* fcvt.s.d fa2, fa0 with rm. */
#define FCVT_S_D_RM(rm) (0x40150653 | ((rm) << 12))
/* fsqrt.d fa2, fa0 with rm. */
#define FSQRT_D_RM(rm)  (0x5a050653 | ((rm) << 12))

/* Case n: the instruction word `bits` traps as illegal with mtval = bits; fa2 and fflags unchanged. */
.macro TEST_BAD_RM n, bits
    CASE \n
    fsflagsi 0
    FLOAD_D fa0, 0x3ff0000000000000
    FLOAD_D fa1, 0x4008000000000000
    FLOAD_D fa2, 0x1234567812345678
    TRAP_ARM
    .word \bits
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_TVAL
    li t6, \bits
    bne t5, t6, fail
    ASSERT_F_D fa2, 0x1234567812345678
    ASSERT_FLAGS 0
.endm

RVJ_TEST_BEGIN
    fsrmi RM_RNE
    TEST_BAD_RM 2, FADD_D_RM(5)
    TEST_BAD_RM 3, FADD_D_RM(6)
    TEST_BAD_RM 4, FCVT_S_D_RM(5)
    TEST_BAD_RM 5, FSQRT_D_RM(6)
    fsrmi 5
    TEST_BAD_RM 6, FADD_D_RM(7)
    fsrmi 7
    TEST_BAD_RM 7, FSQRT_D_RM(7)

    /* case 8: the encodings are right: with rm 0 they execute */
    CASE 8
    fsrmi RM_RNE
    TRAP_ARM
    .word FADD_D_RM(0)
    TRAP_DISARM
    ASSERT_NO_TRAP
    ASSERT_F_D fa2, 0x4010000000000000
RVJ_TEST_END
