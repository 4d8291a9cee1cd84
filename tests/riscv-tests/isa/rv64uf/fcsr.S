/* fcsr, fflags and frm: fcsr = frm << 5 | fflags (bits 7:0, higher bits read as zero); fflags and frm are
   views of it; the csr instructions return old values; flags accumulate (sticky) until cleared; frrm, fsrm,
   frflags, fsflags and their immediate forms. */
#include "rvj_macros.h"
#include "rvj_fp_macros.h"

RVJ_TEST_BEGIN
    /* case 2: writing fcsr sets both fields; bits above 7 are not kept */
    CASE 2
    li a1, 0xffffffffffffffff
    csrw fcsr, a1
    csrr a4, fcsr
    ASSERT_EQ a4, 0xff
    csrr a4, fflags
    ASSERT_EQ a4, 0x1f
    csrr a4, frm
    ASSERT_EQ a4, 7

    /* case 3: fflags writes only the flags; frm keeps its value */
    CASE 3
    csrwi fflags, 0x0a
    csrr a4, fcsr
    ASSERT_EQ a4, (7 << 5) | 0x0a

    /* case 4: frm writes only bits 7:5 of fcsr; high bits of the written value are dropped */
    CASE 4
    li a1, 0x1fe
    csrw frm, a1                     /* only 3 bits kept: 6 */
    csrr a4, frm
    ASSERT_EQ a4, 6
    csrr a4, fcsr
    ASSERT_EQ a4, (6 << 5) | 0x0a

    /* case 5: csrrw on fflags returns the old flags */
    CASE 5
    li a1, 0x11
    csrrw a4, fflags, a1
    ASSERT_EQ a4, 0x0a
    csrr a4, fflags
    ASSERT_EQ a4, 0x11

    /* case 6: pseudo-instructions: fsflags/frflags, fsrm/frrm, fsrmi, fsflagsi */
    CASE 6
    li a1, 0x04
    fsflags a4, a1
    ASSERT_EQ a4, 0x11
    frflags a4
    ASSERT_EQ a4, 0x04
    li a1, RM_RUP
    fsrm a4, a1
    ASSERT_EQ a4, 6
    frrm a4
    ASSERT_EQ a4, RM_RUP
    fsrmi RM_RTZ
    frrm a4
    ASSERT_EQ a4, RM_RTZ
    fsflagsi 0
    frflags a4
    ASSERT_EQ a4, 0

    /* case 7: flags accumulate across operations until cleared */
    CASE 7
    fsrmi RM_RNE
    fsflagsi 0
    FLOAD_S fa0, 0x3f800000
    FLOAD_S fa1, 0x40400000
    fdiv.s fa2, fa0, fa1             /* NX */
    FLOAD_S fa1, 0x00000000
    fdiv.s fa2, fa0, fa1             /* DZ */
    fadd.s fa2, fa0, fa0             /* exact: no flag, nothing cleared */
    frflags a4
    ASSERT_EQ a4, FFLAG_DZ | FFLAG_NX

    /* case 8: csrrs / csrrc set and clear individual flags */
    CASE 8
    csrsi fflags, FFLAG_NV
    csrci fflags, FFLAG_DZ
    frflags a4
    ASSERT_EQ a4, FFLAG_NV | FFLAG_NX
    fsflagsi 0

    /* case 9: an operation does not clear flags already set */
    CASE 9
    fsflagsi FFLAG_OF
    FLOAD_S fa0, 0x3f800000
    fadd.s fa2, fa0, fa0
    frflags a4
    ASSERT_EQ a4, FFLAG_OF
    fsflagsi 0
RVJ_TEST_END
