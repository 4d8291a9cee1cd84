/* fence.i: instruction fetches after a fence.i see earlier stores to instruction memory (self-modifying
   code). Each patched instruction is executed before it is patched, so a translator has already cached
   the old code. */
#include "rvj_macros.h"

/* Encoding of addi a0, x0, imm. */
#define ADDI_A0(imm) (((imm) << 20) | (10 << 7) | 0x13)

RVJ_TEST_BEGIN
    /* case 2: the function returns 1 before patching */
    CASE 2
    jal ra, patched_fn
    ASSERT_EQ a0, 1

    /* case 3: store addi a0, x0, 2 over it, fence.i, call again: 2 */
    CASE 3
    la t0, patched_insn
    li t1, ADDI_A0(2)
    sw t1, 0(t0)
    fence.i
    jal ra, patched_fn
    ASSERT_EQ a0, 2

    /* case 4: patch repeatedly in a loop: each call sees the latest patch */
    CASE 4
    li t4, 3
1:  la t0, patched_insn
    li t1, ADDI_A0(0)
    or t1, t1, zero
    slli t2, t4, 20
    or t1, t1, t2                    /* addi a0, x0, t4 */
    sw t1, 0(t0)
    fence.i
    jal ra, patched_fn
    ASSERT_EQ_REG a0, t4
    addi t4, t4, 1
    li t5, 8
    bne t4, t5, 1b

    /* case 5: patch an instruction a few words ahead in the code being executed right now */
    CASE 5
    li t4, 0
2:  la t0, 3f
    li t1, ADDI_A0(0x11)
    beqz t4, 4f
    li t1, ADDI_A0(0x22)             /* second pass writes a different value */
4:  sw t1, 0(t0)
    fence.i
3:  addi a0, x0, 0                   /* replaced before it runs */
    bnez t4, 5f
    ASSERT_EQ a0, 0x11
    li t4, 1
    j 2b
5:  ASSERT_EQ a0, 0x22

    /* case 6: replace a whole instruction kind: addi becomes lui */
    CASE 6
    la t0, patched_insn
    li t1, (0x12345 << 12) | (10 << 7) | 0x37      /* lui a0, 0x12345 */
    sw t1, 0(t0)
    fence.i
    jal ra, patched_fn
    ASSERT_EQ a0, 0x12345000

    /* case 7: patch with halfword stores (the two halves of an instruction written separately) */
    CASE 7
    la t0, patched_insn
    li t1, ADDI_A0(0x7ff)
    sh t1, 0(t0)
    srli t1, t1, 16
    sh t1, 2(t0)
    fence.i
    jal ra, patched_fn
    ASSERT_EQ a0, 0x7ff
    j done

    .align 3
patched_fn:
patched_insn:
    addi a0, x0, 1
    ret

done:
RVJ_TEST_END
