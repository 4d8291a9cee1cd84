/* Misaligned loads and stores. The spec lets an implementation either perform them or trap (cause 4/6).
   QEMU 7.2 performs them in hardware (no trap) in M, S and U mode, and rvjit does the same; this test checks
   the data of every misaligned offset for each width, including accesses that straddle a page boundary. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    TRAP_ARM                         /* any trap is recorded and counted; none may happen */

    /* case 2: lh / lhu at an odd address */
    CASE 2
    la a1, data
    lh a4, 1(a1)
    ASSERT_EQ a4, 0xffffffffffff8281        /* bytes 81 82 */
    lhu a4, 1(a1)
    ASSERT_EQ a4, 0x8281

    /* case 3: lw / lwu at offsets 1, 2, 3 */
    CASE 3
    la a1, data
    lw a4, 1(a1)
    ASSERT_EQ a4, 0xffffffff84838281
    lw a4, 2(a1)
    ASSERT_EQ a4, 0xffffffff85848382
    lwu a4, 3(a1)
    ASSERT_EQ a4, 0x0000000086858483

    /* case 4: ld at every offset 1..7 */
    CASE 4
    la a1, data
    ld a4, 1(a1)
    ASSERT_EQ a4, 0x8887868584838281
    ld a4, 2(a1)
    ASSERT_EQ a4, 0x8988878685848382
    ld a4, 3(a1)
    ASSERT_EQ a4, 0x8a89888786858483
    ld a4, 4(a1)
    ASSERT_EQ a4, 0x8b8a898887868584
    ld a4, 5(a1)
    ASSERT_EQ a4, 0x8c8b8a8988878685
    ld a4, 6(a1)
    ASSERT_EQ a4, 0x8d8c8b8a89888786
    ld a4, 7(a1)
    ASSERT_EQ a4, 0x8e8d8c8b8a898887

    /* case 5: sh / sw / sd at odd addresses write exactly their bytes */
    CASE 5
    la a1, buf
    sd zero, 0(a1)
    sd zero, 8(a1)
    li a2, 0x1122
    sh a2, 1(a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0x0000000000112200
    li a2, 0x33445566
    sw a2, 5(a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0x4455660000112200
    ld a4, 8(a1)
    ASSERT_EQ a4, 0x0000000000000033
    li a2, 0x0102030405060708
    sd a2, 9(a1)
    ld a4, 8(a1)
    ASSERT_EQ a4, 0x0203040506070833
    ld a4, 16(a1)
    ASSERT_EQ a4, 0x0000000000000001

    /* case 6: a doubleword load and store straddling a 4 KiB page boundary */
    CASE 6
    la a1, page_end
    li a2, 0xa1a2a3a4a5a6a7a8
    sd a2, -3(a1)
    ld a4, -3(a1)
    ASSERT_EQ a4, 0xa1a2a3a4a5a6a7a8
    ld a4, -8(a1)
    ASSERT_EQ a4, 0xa6a7a80000000000       /* the three low bytes landed below the boundary */
    ld a4, 0(a1)
    ASSERT_EQ a4, 0x000000a1a2a3a4a5       /* the five high bytes above it */

    /* case 7: a misaligned word load right after a misaligned store to the same bytes */
    CASE 7
    la a1, buf
    li a2, 0xdeadbeef
    sw a2, 3(a1)
    lwu a4, 3(a1)
    ASSERT_EQ a4, 0xdeadbeef

    /* case 8: none of the accesses above trapped */
    CASE 8
    TRAP_DISARM
    ASSERT_NO_TRAP

    /* case 9: U-mode misaligned accesses are performed too (the first trap is the ecall after them) */
    CASE 9
    la a1, buf
    CALL_IN_MODE PRV_U, user_misaligned
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_USER_ECALL
    ASSERT_EQ a4, 0x00000000deadbeef
    ASSERT_EQ a5, 0x0123456789abcdef

    /* case 10: and in S-mode */
    CASE 10
    la a1, buf
    CALL_IN_MODE PRV_S, user_misaligned
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    ASSERT_EQ a5, 0x0123456789abcdef
    j done

user_misaligned:
    lwu a4, 3(a1)
    li a2, 0x0123456789abcdef
    sd a2, 9(a1)
    ld a5, 9(a1)
    ecall

done:
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 4
data: .byte 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87
      .byte 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f
buf:  .dword 0, 0, 0
    .balign 4096
    .skip 4096 - 8
    .dword 0
page_end:                            /* 4 KiB aligned */
    .dword 0
RVJ_DATA_END
