/* fld / fsd: 64-bit loads and stores of f registers, bits unchanged (signaling NaNs are not quieted, a boxed
   single is stored with its all-ones upper half); no flags. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    /* case 2: fld of a normal double */
    FCASE 2
    la a1, data
    fld fa0, 0(a1)
    ASSERT_F_D fa0, 0x400921fb54442d18
    ASSERT_FLAGS 0

    /* case 3: fld of a signaling NaN keeps its bits, no NV */
    FCASE 3
    la a1, data
    fld fa0, 8(a1)
    ASSERT_F_D fa0, 0x7ff0000000000001
    ASSERT_FLAGS 0

    /* case 4: fsd stores all 8 bytes, negative offset */
    FCASE 4
    la a1, buf + 16
    FLOAD_D fa0, 0xfedcba9876543210
    fsd fa0, -16(a1)
    la a2, buf
    ld a4, 0(a2)
    ASSERT_EQ a4, 0xfedcba9876543210

    /* case 5: fsd of a NaN-boxed single stores the box too */
    FCASE 5
    FLOAD_S fa0, 0x3f800000
    la a1, buf
    fsd fa0, 8(a1)
    ld a4, 8(a1)
    ASSERT_EQ a4, 0xffffffff3f800000

    /* case 6: fld of a boxed single pattern then a single-precision operation uses it as a single */
    FCASE 6
    la a1, buf
    fld fa0, 8(a1)
    fadd.s fa1, fa0, fa0
    ASSERT_F_S fa1, 0x40000000

    /* case 7: the loaded value is usable at once */
    FCASE 7
    la a1, data
    fld fa0, 16(a1)
    fadd.d fa1, fa0, fa0
    ASSERT_F_D fa1, 0x4000000000000000
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
data: .dword 0x400921fb54442d18      /* pi */
      .dword 0x7ff0000000000001      /* signaling NaN */
      .dword 0x3ff0000000000000      /* 1.0 */
buf:  .dword 0, 0
RVJ_DATA_END
