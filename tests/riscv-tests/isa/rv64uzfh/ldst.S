/* flh / fsh (Zfhmin): flh loads 16 bits and NaN-boxes them (upper 48 bits of the f register all ones); fsh
   stores the low 16 bits of the register unchanged, whatever the upper bits hold. No value is canonicalized
   and no flags are raised. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    /* case 2: flh of a normal value, boxed */
    FCASE 2
    la a1, data
    flh fa0, 0(a1)
    ASSERT_F_H fa0, 0x3c00
    ASSERT_FLAGS 0

    /* case 3: flh of a signalling NaN keeps its bits, no NV */
    FCASE 3
    la a1, data
    flh fa0, 2(a1)
    ASSERT_F_H fa0, 0x7c01
    ASSERT_FLAGS 0

    /* case 4: flh with a negative offset, negative NaN with payload */
    FCASE 4
    la a1, data + 8
    flh fa0, -2(a1)
    ASSERT_F_H fa0, 0xfe55

    /* case 5: fsh stores exactly 2 bytes */
    FCASE 5
    la a1, buf
    li t1, -1
    sd t1, 0(a1)
    FLOAD_H fa0, 0x1234
    fsh fa0, 2(a1)
    ld t1, 0(a1)
    ASSERT_EQ t1, 0xffffffff1234ffff

    /* case 6: fsh of an unboxed register stores its low 16 bits as they are */
    FCASE 6
    la a1, buf
    FLOAD_D fa0, 0x00000000deadbeef
    fsh fa0, 0(a1)
    lhu t1, 0(a1)
    ASSERT_EQ t1, 0xbeef
    ASSERT_FLAGS 0

    /* case 7: a misaligned flh (offset 1) still loads the right halfword */
    FCASE 7
    la a1, data
    flh fa0, 5(a1)
    ASSERT_F_H fa0, 0x55fe

    /* case 8: the loaded value is usable at once by an arithmetic instruction */
    FCASE 8
    la a1, data
    flh fa0, 0(a1)
    flh fa1, 8(a1)
    fadd.h fa2, fa0, fa1
    ASSERT_F_H fa2, 0x4200

    /* case 9: flh into a register that held a double replaces all 64 bits */
    FCASE 9
    FLOAD_D fa0, 0x123456789abcdef0
    la a1, data
    flh fa0, 0(a1)
    ASSERT_F_H fa0, 0x3c00
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
data: .half 0x3c00                   /* 1.0 */
      .half 0x7c01                   /* signalling NaN */
      .half 0xfe00
      .half 0xfe55                   /* negative quiet NaN with payload */
      .half 0x4000                   /* 2.0 */
      .half 0, 0, 0
buf:  .dword 0, 0
RVJ_DATA_END
