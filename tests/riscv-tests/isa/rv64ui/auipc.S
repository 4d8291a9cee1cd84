/* auipc: rd = address of the auipc itself + (imm20 << 12, sign-extended). Expected addresses come from
   link-time constants in the data section, so they do not depend on auipc (which `la` uses). */
#include "rvj_macros.h"

RVJ_TEST_BEGIN
    /* case 2: auipc 0 gives its own address, not the next instruction's */
    CASE 2
here0:
    auipc a4, 0
    la t0, addr_here0
    ld a5, 0(t0)
    ASSERT_EQ_REG a4, a5

    /* case 3: positive offset */
    CASE 3
here1:
    auipc a4, 0x12345
    la t0, addr_here1
    ld a5, 0(t0)
    li t1, 0x12345000
    add a5, a5, t1
    ASSERT_EQ_REG a4, a5

    /* case 4: immediate 0xfffff is -4096 */
    CASE 4
here2:
    auipc a4, 0xfffff
    la t0, addr_here2
    ld a5, 0(t0)
    addi a5, a5, -2048
    addi a5, a5, -2048
    ASSERT_EQ_REG a4, a5

    /* case 5: immediate 0x80000 is -2 GiB: the result wraps below 0x80000000 to a 64-bit value */
    CASE 5
here3:
    auipc a4, 0x80000
    la t0, addr_here3
    ld a5, 0(t0)
    li t1, 0xffffffff80000000
    add a5, a5, t1
    ASSERT_EQ_REG a4, a5

    /* case 6: auipc + jalr reaches a label (the pc-relative call idiom) */
    CASE 6
    li a4, 0
1:  auipc t0, %pcrel_hi(target)
    jalr ra, %pcrel_lo(1b)(t0)
    ASSERT_EQ a4, 0x55

    /* case 7: auipc to x0 is discarded */
    CASE 7
    auipc x0, 0x1
    add a4, x0, x0
    ASSERT_EQ a4, 0
    j done

target:
    li a4, 0x55
    ret

done:
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 3
addr_here0: .dword here0
addr_here1: .dword here1
addr_here2: .dword here2
addr_here3: .dword here3
RVJ_DATA_END
