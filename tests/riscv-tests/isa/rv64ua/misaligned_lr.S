/* Misaligned lr.w / lr.d: an lr whose address is not naturally aligned raises load address misaligned
   (cause 4) with mtval = the address; rd and memory are unchanged. (The spec also allows an access fault;
   QEMU, Spike and rvjit raise the misaligned exception.) */
#include "rvj_macros.h"

/* Case n: `insn` on buf+off must trap with cause 4, mtval = buf+off; rd (a4) and buf unchanged. */
.macro TEST_MISALIGNED_LR n, off, insn:vararg
    CASE \n
    la a1, buf
    li a2, 0x0123456789abcdef
    sd a2, 0(a1)
    sd a2, 8(a1)
    addi a1, a1, \off
    li a4, 0x5555
    TRAP_ARM
    \insn
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_MISALIGNED_LOAD
    TRAP_FIELD t5, RVJ_TRAP_TVAL
    ASSERT_EQ_REG t5, a1
    ASSERT_EQ a4, 0x5555
.endm

RVJ_TEST_BEGIN
    TEST_MISALIGNED_LR 2, 2, lr.w a4, (a1)      /* lr.w at +2 */
    TEST_MISALIGNED_LR 3, 1, lr.w a4, (a1)      /* lr.w at +1 */
    TEST_MISALIGNED_LR 4, 4, lr.d a4, (a1)      /* lr.d at +4: word aligned is not enough */
    TEST_MISALIGNED_LR 5, 7, lr.d a4, (a1)      /* lr.d at +7 */

    /* case 6: the trap is precise: mepc is the lr itself */
    CASE 6
    la a1, buf + 2
    TRAP_ARM
lr_pc:
    lr.w a4, (a1)
    TRAP_DISARM
    TRAP_FIELD t5, RVJ_TRAP_EPC
    la t1, lr_pc
    ASSERT_EQ_REG t5, t1

    /* case 7: aligned lr.w at +4 and lr.d at +8 do not trap */
    CASE 7
    la a1, buf + 4
    TRAP_ARM
    lr.w a4, (a1)
    addi a1, a1, 4
    lr.d a4, (a1)
    TRAP_DISARM
    ASSERT_NO_TRAP
RVJ_TEST_END

RVJ_DATA_BEGIN
    .align 4
buf: .dword 0, 0
RVJ_DATA_END
