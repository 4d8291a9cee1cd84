/* RV64C integer computational forms: c.addi4spn c.nop c.addi c.addiw c.li c.addi16sp c.lui c.srli c.srai
   c.andi c.sub c.xor c.or c.and c.subw c.addw c.slli c.mv c.add. Explicit c.* mnemonics guarantee the
   16-bit encodings. */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    .option rvc
    /* case 2: c.addi4spn adds a zero-extended, scaled immediate to sp (smallest and largest) */
    CASE 2
    la sp, buf
    c.addi4spn a0, sp, 4
    c.addi4spn s1, sp, 1020
    la t1, buf
    sub a0, a0, t1
    ASSERT_EQ a0, 4
    sub s1, s1, t1
    ASSERT_EQ s1, 1020

    /* case 3: c.nop changes nothing */
    CASE 3
    li a0, 5
    c.nop
    ASSERT_EQ a0, 5

    /* case 4: c.addi with the most negative and most positive 6-bit immediates */
    CASE 4
    li a0, 0
    c.addi a0, -32
    ASSERT_EQ a0, 0xffffffffffffffe0
    c.addi a0, 31
    ASSERT_EQ a0, 0xffffffffffffffff

    /* case 5: c.addi is a 64-bit add (no 32-bit wrap) on any register, x31 included */
    CASE 5
    li t6, 0x7fffffff
    c.addi t6, 1
    li a5, 0x80000000
    bne t6, a5, fail

    /* case 6: c.addiw sign-extends the 32-bit sum; c.addiw rd, 0 is sext.w */
    CASE 6
    li a0, 0x7fffffff
    c.addiw a0, 1
    ASSERT_EQ a0, 0xffffffff80000000
    li a0, 0x1ffffffff
    c.addiw a0, 0
    ASSERT_EQ a0, 0xffffffffffffffff
    li a0, 0x100000000
    c.addiw a0, -1
    ASSERT_EQ a0, 0xffffffffffffffff

    /* case 7: c.li loads a sign-extended 6-bit immediate */
    CASE 7
    c.li a0, -32
    ASSERT_EQ a0, 0xffffffffffffffe0
    c.li ra, 31
    ASSERT_EQ ra, 31
    li s0, 99
    c.li s0, 0
    ASSERT_EQ s0, 0

    /* case 8: c.addi16sp adds a scaled, sign-extended immediate to sp */
    CASE 8
    la sp, buf
    c.addi16sp sp, 496
    la t1, buf
    sub a0, sp, t1
    ASSERT_EQ a0, 496
    c.addi16sp sp, -512
    sub a0, sp, t1
    ASSERT_EQ a0, 0xfffffffffffffff0

    /* case 9: c.lui: 6-bit immediate in bits 17:12, sign-extended from bit 17 */
    CASE 9
    c.lui a0, 1
    ASSERT_EQ a0, 0x1000
    c.lui a0, 0x1f
    ASSERT_EQ a0, 0x1f000
    c.lui a0, 0xfffe0
    ASSERT_EQ a0, 0xfffffffffffe0000
    c.lui t5, 0xfffff
    ASSERT_EQ t5, 0xfffffffffffff000

    /* case 10: c.srli by 1, 32 and 63 (RV64 allows shamt >= 32) */
    CASE 10
    li a0, 0x8000000000000000
    c.srli a0, 1
    ASSERT_EQ a0, 0x4000000000000000
    li a0, 0x8000000000000000
    c.srli a0, 32
    ASSERT_EQ a0, 0x80000000
    li a0, -1
    c.srli a0, 63
    ASSERT_EQ a0, 1

    /* case 11: c.srai keeps the sign */
    CASE 11
    li a0, 0x8000000000000000
    c.srai a0, 32
    ASSERT_EQ a0, 0xffffffff80000000
    li a0, 0x8000000000000000
    c.srai a0, 63
    ASSERT_EQ a0, 0xffffffffffffffff
    li a0, 0x7ffffffffffffff0
    c.srai a0, 4
    ASSERT_EQ a0, 0x07ffffffffffffff

    /* case 12: c.andi with a sign-extended 6-bit immediate */
    CASE 12
    li a0, -1
    c.andi a0, -32
    ASSERT_EQ a0, 0xffffffffffffffe0
    li a0, 0x12ff
    c.andi a0, 31
    ASSERT_EQ a0, 0x1f
    li a0, 0x12ff
    c.andi a0, 0
    ASSERT_EQ a0, 0

    /* case 13: c.sub, c.xor, c.or, c.and on the compressed register set */
    CASE 13
    li a0, 5
    li a1, 7
    c.sub a0, a1
    ASSERT_EQ a0, 0xfffffffffffffffe
    li s0, 0xff00ff00ff00ff00
    li s1, 0x0ff00ff00ff00ff0
    c.xor s0, s1
    ASSERT_EQ s0, 0xf0f0f0f0f0f0f0f0
    li a2, 0xff00ff00ff00ff00
    li a3, 0x0ff00ff00ff00ff0
    c.or a2, a3
    ASSERT_EQ a2, 0xfff0fff0fff0fff0
    li a4, 0xff00ff00ff00ff00
    li a5, 0x0ff00ff00ff00ff0
    c.and a4, a5
    ASSERT_EQ a4, 0x0f000f000f000f00

    /* case 14: c.subw and c.addw wrap at 32 bits and sign-extend */
    CASE 14
    li a0, 0
    li a1, 0x80000000
    c.subw a0, a1
    ASSERT_EQ a0, 0xffffffff80000000
    li a0, 0x7fffffff
    li a1, 1
    c.addw a0, a1
    ASSERT_EQ a0, 0xffffffff80000000
    li a0, 0x1234567800000001
    li a1, 0xffffffff00000002
    c.addw a0, a1
    ASSERT_EQ a0, 3

    /* case 15: c.slli by 1, 32 and 63, on a full-range register */
    CASE 15
    li t3, 1
    c.slli t3, 63
    li a5, 0x8000000000000000
    bne t3, a5, fail
    li a0, 0xffffffff
    c.slli a0, 32
    ASSERT_EQ a0, 0xffffffff00000000
    li a0, 0x40000000
    c.slli a0, 1
    ASSERT_EQ a0, 0x80000000

    /* case 16: c.mv copies between any registers */
    CASE 16
    li a1, 0x123456789abcdef0
    c.mv s11, a1
    c.mv ra, s11
    ASSERT_EQ ra, 0x123456789abcdef0

    /* case 17: c.add is a 64-bit add on any registers */
    CASE 17
    li t3, 0x7fffffffffffffff
    li t4, 1
    c.add t3, t4
    li a5, 0x8000000000000000
    bne t3, a5, fail
    li a0, 0xffffffff
    li a1, 1
    c.add a0, a1
    ASSERT_EQ a0, 0x100000000
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 4
buf: .skip 1024
RVJ_DATA_END
