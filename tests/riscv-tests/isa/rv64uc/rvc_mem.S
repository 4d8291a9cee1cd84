/* RV64C loads and stores: c.lw c.ld c.sw c.sd c.fld c.fsd (base in x8-x15, scaled unsigned offsets) and
   c.lwsp c.ldsp c.swsp c.sdsp c.fldsp c.fsdsp (sp-relative, full register set). Largest offsets are used so
   the immediate scattering is exercised. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    .option rvc
    /* case 2: c.lw sign-extends; largest offset 124 */
    CASE 2
    la a1, mbuf
    c.lw a0, 124(a1)
    ASSERT_EQ a0, 0xffffffff80000001
    c.lw s0, 0(a1)
    ASSERT_EQ s0, 0x0000000011223344

    /* case 3: c.ld, largest offset 248 */
    CASE 3
    la a1, mbuf
    c.ld a0, 248(a1)
    ASSERT_EQ a0, 0x0123456789abcdef

    /* case 4: c.sw writes only 4 bytes */
    CASE 4
    la s1, sbuf
    li a2, -1
    sd a2, 120(s1)
    li a2, 0x5566778899aabbcc
    c.sw a2, 124(s1)
    ld a3, 120(s1)
    ASSERT_EQ a3, 0x99aabbccffffffff

    /* case 5: c.sd, largest offset 248 */
    CASE 5
    la s1, sbuf
    li a2, 0x0102030405060708
    c.sd a2, 248(s1)
    ld a3, 248(s1)
    ASSERT_EQ a3, 0x0102030405060708

    /* case 6: c.fld and c.fsd move 64-bit FP register contents */
    CASE 6
    la a1, mbuf
    c.fld fa0, 8(a1)
    fmv.x.d a0, fa0
    ASSERT_EQ a0, 0x3ff8000000000000
    la s1, sbuf
    c.fsd fa0, 16(s1)
    ld a3, 16(s1)
    ASSERT_EQ a3, 0x3ff8000000000000
    c.fld fs1, 248(a1)
    c.fsd fs1, 248(s1)
    ld a3, 248(s1)
    ASSERT_EQ a3, 0x0123456789abcdef

    /* case 7: c.lwsp sign-extends; offset 252 (largest) */
    CASE 7
    la sp, mbuf
    c.lwsp t5, 252(sp)
    ASSERT_EQ t5, 0x0000000001234567
    c.lwsp a0, 124(sp)
    ASSERT_EQ a0, 0xffffffff80000001

    /* case 8: c.ldsp, offset 504 (largest) */
    CASE 8
    la sp, mbuf
    c.ldsp ra, 504(sp)
    ASSERT_EQ ra, 0xfedcba9876543210

    /* case 9: c.swsp / c.sdsp, largest offsets */
    CASE 9
    la sp, sbuf
    li t3, -1
    sd t3, 248(sp)
    li t4, 0x0badc0de
    c.swsp t4, 252(sp)
    ld a3, 248(sp)
    ASSERT_EQ a3, 0x0badc0deffffffff
    li t4, 0x1122334455667788
    c.sdsp t4, 504(sp)
    ld a3, 504(sp)
    ASSERT_EQ a3, 0x1122334455667788

    /* case 10: c.fldsp / c.fsdsp, largest offset, register outside f8-f15 */
    CASE 10
    la sp, mbuf
    c.fldsp ft11, 504(sp)
    la sp, sbuf
    c.fsdsp ft11, 0(sp)
    ld a3, 0(sp)
    ASSERT_EQ a3, 0xfedcba9876543210
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 4
mbuf:
    .dword 0x8877665511223344        /* offset 0 */
    .dword 0x3ff8000000000000        /* offset 8: 1.5 */
    . = mbuf + 124
    .word 0x80000001                 /* offset 124 */
    . = mbuf + 248
    .dword 0x0123456789abcdef        /* offset 248; its upper word (offset 252) is 0x01234567 */
    . = mbuf + 504
    .dword 0xfedcba9876543210        /* offset 504 */
    .align 4
sbuf: .skip 512
RVJ_DATA_END
