/* fmv.x.d / fmv.d.x and fmv.d / fneg.d / fabs.d: 64-bit moves copy bits unchanged in both directions (no
   canonicalization, no flags); sign-injection idioms touch only bit 63. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    /* case 2: integer -> f -> integer round trip of an arbitrary pattern */
    FCASE 2
    li a1, 0x0123456789abcdef
    fmv.d.x fa0, a1
    fmv.x.d a4, fa0
    ASSERT_EQ a4, 0x0123456789abcdef
    ASSERT_FLAGS 0

    /* case 3: a signaling NaN moves through unchanged, no NV */
    FCASE 3
    li a1, 0x7ff0000000000001
    fmv.d.x fa0, a1
    fmv.x.d a4, fa0
    ASSERT_EQ a4, 0x7ff0000000000001
    ASSERT_FLAGS 0

    /* case 4: fmv.d copies, fneg.d flips bit 63, fabs.d clears it */
    FCASE 4
    FLOAD_D fa0, 0x7ff8000000012345
    fmv.d fa1, fa0
    ASSERT_F_D fa1, 0x7ff8000000012345
    fneg.d fa2, fa0
    ASSERT_F_D fa2, 0xfff8000000012345
    fabs.d fa3, fa2
    ASSERT_F_D fa3, 0x7ff8000000012345
    ASSERT_FLAGS 0

    /* case 5: fmv.d.x from x0 gives +0.0; fmv.x.d to x0 is discarded */
    FCASE 5
    fmv.d.x fa0, x0
    ASSERT_F_D fa0, 0
    fmv.x.d x0, fa0
    add a4, x0, x0
    ASSERT_EQ a4, 0

    /* case 6: a double operation reads all 64 bits: a boxed single is a negative NaN as a double */
    FCASE 6
    FLOAD_S fa0, 0x3f800000
    fclass.d a4, fa0
    ASSERT_EQ a4, 0x200
RVJ_TEST_END
