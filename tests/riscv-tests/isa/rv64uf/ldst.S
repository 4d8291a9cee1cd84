/* flw / fsw: flw loads 32 bits and NaN-boxes them (upper 32 bits of the f register all ones); fsw stores the
   low 32 bits of the register unchanged, even when the register does not hold a boxed single. No value is
   canonicalized and no flags are raised. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    /* case 2: flw of a normal value, boxed */
    FCASE 2
    la a1, data
    flw fa0, 0(a1)
    ASSERT_F_S fa0, 0x3f800000
    ASSERT_FLAGS 0

    /* case 3: flw of a signaling NaN keeps its bits (no quieting), no NV */
    FCASE 3
    la a1, data
    flw fa0, 4(a1)
    ASSERT_F_S fa0, 0x7f800001
    ASSERT_FLAGS 0

    /* case 4: flw with a negative offset */
    FCASE 4
    la a1, data + 8
    flw fa0, -8(a1)
    ASSERT_F_S fa0, 0x3f800000

    /* case 5: fsw stores exactly 4 bytes */
    FCASE 5
    la a1, buf
    li t1, -1
    sd t1, 0(a1)
    FLOAD_S fa0, 0xc0490fdb
    fsw fa0, 0(a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0xffffffffc0490fdb

    /* case 6: fsw of an unboxed register stores its low 32 bits unchanged */
    FCASE 6
    la a1, buf
    FLOAD_D fa0, 0x123456789abcdef0
    fsw fa0, 4(a1)
    lwu a4, 4(a1)
    ASSERT_EQ a4, 0x9abcdef0
    ASSERT_FLAGS 0

    /* case 7: flw then fsw round-trips a NaN payload bit for bit */
    FCASE 7
    la a1, data
    flw fa1, 12(a1)
    la a2, buf
    fsw fa1, 8(a2)
    lwu a4, 8(a2)
    ASSERT_EQ a4, 0xffc12345
    ASSERT_FLAGS 0

    /* case 8: the loaded value is usable at once by an arithmetic instruction */
    FCASE 8
    la a1, data
    flw fa0, 0(a1)
    flw fa1, 16(a1)
    fadd.s fa2, fa0, fa1
    ASSERT_F_S fa2, 0x40400000
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
data: .word 0x3f800000               /* 1.0 */
      .word 0x7f800001               /* signaling NaN */
      .word 0
      .word 0xffc12345               /* negative quiet NaN with payload */
      .word 0x40000000               /* 2.0 */
buf:  .dword 0, 0
RVJ_DATA_END
