/* Illegal instructions: cause 2 with mepc at the instruction and mtval = the instruction bits (QEMU and
   rvjit both report the bits; the spec allows 0 too, but rvjit chooses the bits). Covers undefined opcodes,
   reserved encodings inside defined opcodes, and privileged instructions executed in a lower mode. */
#include "rvj_macros.h"

/* Case n: the 32-bit word `bits` is illegal in M-mode; mtval must equal it. */
.macro TEST_ILLEGAL_WORD n, bits
    CASE \n
    TRAP_ARM
    .word \bits
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_TVAL
    li t6, \bits
    bne t5, t6, fail
.endm

RVJ_TEST_BEGIN
    TEST_ILLEGAL_WORD  2, 0x0000000b     /* custom-0 opcode */
    TEST_ILLEGAL_WORD  3, 0xfe000033     /* OP with funct7 = 0x7f */
    TEST_ILLEGAL_WORD  4, 0x0200159b     /* slliw a1, a1, 32: shamt[5] set is reserved */
    TEST_ILLEGAL_WORD  5, 0x0200559b     /* srliw with shamt[5] set */
    TEST_ILLEGAL_WORD  6, 0x4200559b     /* sraiw with shamt[5] set */
    TEST_ILLEGAL_WORD  7, 0x0000305b     /* opcode 0x5b (custom-2) */
    TEST_ILLEGAL_WORD  8, 0x00007003     /* load with funct3 = 7 */
    TEST_ILLEGAL_WORD  9, 0x00004023     /* store with funct3 = 4 */
    TEST_ILLEGAL_WORD 10, 0x00002063     /* branch with funct3 = 2 */
    TEST_ILLEGAL_WORD 11, 0x00001067     /* jalr with funct3 = 1 */
    TEST_ILLEGAL_WORD 12, 0x0000201b     /* OP-IMM-32 with funct3 = 2 */
    TEST_ILLEGAL_WORD 13, 0x06005033     /* OP funct7 = 3 */

    /* case 14: mepc is the illegal instruction and the registers are untouched */
    CASE 14
    li a1, 0x77
    TRAP_ARM
bad_pc:
    .word 0x0000000b
    TRAP_DISARM
    TRAP_FIELD t5, RVJ_TRAP_EPC
    la t1, bad_pc
    bne t5, t1, fail
    ASSERT_EQ a1, 0x77

    /* case 15: mret in U-mode is illegal */
    CASE 15
    CALL_IN_MODE PRV_U, user_mret
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_U

    /* case 16: sret in U-mode is illegal */
    CASE 16
    CALL_IN_MODE PRV_U, user_sret
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION

    /* case 17: mret in S-mode is illegal */
    CASE 17
    CALL_IN_MODE PRV_S, super_mret
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_PRIV
    ASSERT_EQ t5, PRV_S

    /* case 18: reading an M-mode CSR in U-mode is illegal */
    CASE 18
    CALL_IN_MODE PRV_U, user_csr
    TRAP_DISARM
    ASSERT_TRAPPED CAUSE_ILLEGAL_INSTRUCTION
    TRAP_FIELD t5, RVJ_TRAP_TVAL
    la t1, user_csr
    lwu t1, 0(t1)
    bne t5, t1, fail
    j done

user_mret:
    mret
    j fail
user_sret:
    sret
    j fail
super_mret:
    mret
    j fail
user_csr:
    csrr a0, mscratch
    j fail

done:
RVJ_TEST_END
