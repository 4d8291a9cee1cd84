/* sstatus, sie and sip are restricted views of mstatus, mie and mip: sstatus shows only the S fields
   (SIE, SPIE, SPP, FS, SUM, MXR, UXL, SD) and writes through it cannot touch M-only fields; sie/sip show
   only interrupts delegated in mideleg (others read as zero and ignore writes), never M-level bits. */
#include "rvj_macros.h"

#define M_ONLY (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
#define S_BITS (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR)

RVJ_TEST_BEGIN
    /* case 2: S fields set in mstatus show in sstatus */
    CASE 2
    li t0, S_BITS
    csrs mstatus, t0
    csrr a1, sstatus
    and a4, a1, t0
    bne a4, t0, fail
    csrc mstatus, t0

    /* case 3: M-only fields set in mstatus read as zero in sstatus */
    CASE 3
    li t0, M_ONLY & ~MSTATUS_MIE     /* (MIE left clear: no interrupt may be taken) */
    csrs mstatus, t0
    csrr a1, sstatus
    and a4, a1, t0
    ASSERT_EQ a4, 0
    li t0, M_ONLY
    csrc mstatus, t0
    li t0, MSTATUS_MPP_M
    csrs mstatus, t0

    /* case 4: setting M-only bits through sstatus leaves mstatus unchanged */
    CASE 4
    csrr a1, mstatus
    li t0, MSTATUS_MPIE | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_MPRV
    csrs sstatus, t0
    csrr a2, mstatus
    bne a1, a2, fail

    /* case 5: writing S fields through sstatus changes them in mstatus */
    CASE 5
    li t0, MSTATUS_SUM | MSTATUS_SPP | MSTATUS_SPIE
    csrs sstatus, t0
    csrr a1, mstatus
    and a4, a1, t0
    bne a4, t0, fail
    csrc sstatus, t0
    csrr a1, mstatus
    and a4, a1, t0
    ASSERT_EQ a4, 0

    /* case 6: sstatus.UXL reads 2 and FS/SD mirror mstatus */
    CASE 6
    csrr a1, sstatus
    srli a4, a1, 32
    andi a4, a4, 3
    ASSERT_EQ a4, 2
    li t0, MSTATUS_FS
    csrs mstatus, t0                 /* Dirty */
    csrr a1, sstatus
    srli a4, a1, 63
    ASSERT_EQ a4, 1
    and a4, a1, t0
    bne a4, t0, fail

    /* case 7: with mideleg = 0, sie ignores writes and reads zero */
    CASE 7
    csrw mideleg, zero
    csrw mie, zero
    li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrs sie, t0
    csrr a4, sie
    ASSERT_EQ a4, 0
    csrr a4, mie
    ASSERT_EQ a4, 0

    /* case 8: with SSIP delegated, sie.SSIE is writable and is mie.SSIE */
    CASE 8
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrs sie, t0
    csrr a4, sie
    ASSERT_EQ a4, MIP_SSIP
    csrr a4, mie
    ASSERT_EQ a4, MIP_SSIP

    /* case 9: M-level enables never show in sie */
    CASE 9
    li t0, MIP_MTIP | MIP_MSIP
    csrs mie, t0
    csrr a4, sie
    ASSERT_EQ a4, MIP_SSIP
    csrw mie, zero

    /* case 10: sip.SSIP is writable when delegated and mirrors mip.SSIP */
    CASE 10
    csrsi sip, MIP_SSIP
    csrr a4, mip
    andi a4, a4, MIP_SSIP
    ASSERT_EQ a4, MIP_SSIP
    csrr a4, sip
    andi a4, a4, MIP_SSIP
    ASSERT_EQ a4, MIP_SSIP
    csrci sip, MIP_SSIP
    csrr a4, mip
    andi a4, a4, MIP_SSIP
    ASSERT_EQ a4, 0

    /* case 11: an undelegated pending SSIP is invisible in sip */
    CASE 11
    csrw mideleg, zero
    csrsi mip, MIP_SSIP
    csrr a4, sip
    ASSERT_EQ a4, 0
    csrci mip, MIP_SSIP
RVJ_TEST_END
