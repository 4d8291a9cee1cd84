/* Zicbom/Zicboz (block size 64): cbo.zero zeroes exactly the 64-byte block holding its address; below M-mode
   cbo.* are illegal unless menvcfg enables them (CBZE, CBCFE, CBIE), and in U-mode senvcfg must enable them
   too. cbo.clean/flush/inval change no memory; Zicbop's prefetches are ori hints that do nothing. QEMU 7.2
   has neither Zicbom nor Zicboz (illegal at case 2). */
#include "rvj_macros.h"

.option arch, +zicbom, +zicboz, +zicbop

/* Fill the three blocks at blocks - 64 .. blocks + 127 with a pattern. Clobbers t0, t1, t4. */
.macro FILL_BLOCKS
    la t0, blocks - 64
    li t1, 0x5a5a5a5a5a5a5a5a
    li t4, 24
1:  sd t1, 0(t0)
    addi t0, t0, 8
    addi t4, t4, -1
    bnez t4, 1b
.endm

/* Fail unless the middle block is zero and its neighbours keep the pattern. Clobbers t0, t1, t4, t5. */
.macro CHECK_MIDDLE_ZEROED
    la t0, blocks - 64
    li t4, 24
    li t5, 0
1:  ld t1, 0(t0)
    addi t0, t0, 8
    add t5, t5, t1
    addi t4, t4, -1
    bnez t4, 1b
    li t1, 0x5a5a5a5a5a5a5a5a * 16     /* 16 pattern dwords remain (wraps the same way both sides) */
    bne t5, t1, fail
    la t0, blocks - 8
    ld t1, 0(t0)
    li t4, 0x5a5a5a5a5a5a5a5a
    bne t1, t4, fail
    ld t1, 72(t0)
    bne t1, t4, fail
.endm

RVJ_TEST_BEGIN
    /* case 2: M-mode cbo.zero with an address inside the block zeroes the whole block, nothing else */
    CASE 2
    FILL_BLOCKS
    la a1, blocks + 13
    cbo.zero (a1)
    CHECK_MIDDLE_ZEROED

    /* case 3: M-mode cbo.clean/flush/inval run whatever menvcfg says and change nothing */
    CASE 3
    csrw menvcfg, zero
    FILL_BLOCKS
    la a1, blocks
    cbo.clean (a1)
    cbo.flush (a1)
    cbo.inval (a1)
    ld a4, 0(a1)
    ASSERT_EQ a4, 0x5a5a5a5a5a5a5a5a

    /* case 4: S-mode cbo.zero with menvcfg.CBZE clear is illegal and writes nothing */
    CASE 4
    FILL_BLOCKS
    la a1, blocks + 63
    CALL_IN_MODE PRV_S, do_zero
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    ld a4, 0(a1)
    ASSERT_EQ a4, 0x5a5a5a5a5a5a5a5a

    /* case 5: with CBZE it zeroes the block (senvcfg does not matter in S-mode) */
    CASE 5
    li t0, ENVCFG_CBZE
    csrw menvcfg, t0
    csrw senvcfg, zero
    la a1, blocks + 63
    CALL_IN_MODE PRV_S, do_zero
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    CHECK_MIDDLE_ZEROED

    /* case 6: U-mode also needs senvcfg.CBZE */
    CASE 6
    FILL_BLOCKS
    la a1, blocks
    CALL_IN_MODE PRV_U, do_zero
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    li t0, ENVCFG_CBZE
    csrw senvcfg, t0
    CALL_IN_MODE PRV_U, do_zero
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_USER_ECALL
    CHECK_MIDDLE_ZEROED

    /* case 7: cbo.clean and cbo.flush need CBCFE below M-mode */
    CASE 7
    csrw menvcfg, zero
    la a1, blocks
    CALL_IN_MODE PRV_S, do_clean
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    CALL_IN_MODE PRV_S, do_flush
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    li t0, ENVCFG_CBCFE
    csrw menvcfg, t0
    CALL_IN_MODE PRV_S, do_clean
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    CALL_IN_MODE PRV_S, do_flush
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL

    /* case 8: cbo.inval needs CBIE (01 = as a flush, 11 = inval); CBCFE does not enable it */
    CASE 8
    CALL_IN_MODE PRV_S, do_inval
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    li t0, ENVCFG_CBIE_FLUSH
    csrw menvcfg, t0
    CALL_IN_MODE PRV_S, do_inval
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_SUPERVISOR_ECALL
    li t0, ENVCFG_CBIE_INVAL
    csrw menvcfg, t0
    CALL_IN_MODE PRV_U, do_inval        /* U-mode: senvcfg.CBIE is clear */
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    li t0, ENVCFG_CBIE_INVAL
    csrw senvcfg, t0
    CALL_IN_MODE PRV_U, do_inval
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_USER_ECALL

    /* case 9: envcfg keeps FIOM, CBIE, CBCFE, CBZE (and in menvcfg PBMTE, STCE) */
    CASE 9
    li t0, -1
    csrw senvcfg, t0
    csrr a4, senvcfg
    ASSERT_EQ a4, 0xf1
    csrw menvcfg, t0
    csrr a4, menvcfg
    ASSERT_EQ a4, 0xc0000000000000f1
    csrw menvcfg, zero
    csrw senvcfg, zero

    /* case 10: Zicbop prefetches are ori hints: no effect, no trap, even in U-mode on any address */
    CASE 10
    FILL_BLOCKS
    li a1, 0x0000100000000000            /* nothing there */
    la a2, blocks
    prefetch.i 64(a2)
    prefetch.r -64(a1)
    prefetch.w 0(a2)
    CALL_IN_MODE PRV_U, do_prefetch
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_USER_ECALL
    ld a4, 0(a2)
    ASSERT_EQ a4, 0x5a5a5a5a5a5a5a5a
    j done

do_zero:
    cbo.zero (a1)
    ecall
do_clean:
    cbo.clean (a1)
    ecall
do_flush:
    cbo.flush (a1)
    ecall
do_inval:
    cbo.inval (a1)
    ecall
do_prefetch:
    prefetch.w 32(a1)
    prefetch.r 0(a1)
    ecall

done:
RVJ_TEST_END

RVJ_DATA_BEGIN
    .balign 64
    .skip 64
blocks:
    .skip 128
RVJ_DATA_END
