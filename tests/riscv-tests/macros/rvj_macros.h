/* Test-writing vocabulary for rvjit's ISA tests (integer, memory, branch and trap checks).
   A test file looks like:
       #include "rvj_macros.h"
       RVJ_TEST_BEGIN
           TEST_RR 2, add, 3, 1, 2          # case 2: 1 + 2 = 3
       RVJ_TEST_END
   Conventions:
     - gp (TESTNUM) holds the number of the case being checked; cases are numbered 2..255 (QEMU's HTIF
       exit status is 8 bits, so larger numbers would alias), and a failure writes (gp << 1) | 1 to tohost.
     - The macros use a1, a2, a3 for operands, a4 for results, t6 for the expected value and t0, t1, t3,
       t4, t5 as scratch: tests should not keep live values in those across a macro.
     - Expected values are full 64-bit constants (write sign extension out explicitly).
     - `fail` is defined by RVJ_TEST_END; every check branches there. */
#ifndef RVJ_MACROS_H
#define RVJ_MACROS_H

#include "rvj_encoding.h"
#include "rvj_trap_record.h"

#define TESTNUM gp

/* The test body: entered in M-mode from env/rvj_start.S. Assembled without compressed instructions so
   every instruction is 4 bytes unless a test says `.option rvc` (the rv64uc tests do). */
#define RVJ_TEST_BEGIN \
    .text; \
    .option norvc; \
    .globl rvj_test_body; \
rvj_test_body:

/* Falling off the end of the body passes; every failed check lands on `fail`. */
#define RVJ_TEST_END \
    j rvj_pass; \
fail: \
    j rvj_fail

#define RVJ_DATA_BEGIN .data; .align 4
#define RVJ_DATA_END

/* ---------------------------------------------------------------- case bookkeeping and assertions */

/* Start case n: gp = n. */
.macro CASE n
    .if (\n < 2) || (\n > 255)
    .error "case numbers must be in 2..255"
    .endif
    li gp, \n
.endm

/* Fail unless register reg equals the 64-bit constant expect. */
.macro ASSERT_EQ reg, expect
    li t6, \expect
    bne \reg, t6, fail
.endm

/* Fail unless two registers are equal. */
.macro ASSERT_EQ_REG reg, other
    bne \reg, \other, fail
.endm

/* ---------------------------------------------------------------- register-register operations */

/* a4 = inst(a, b) with distinct registers. */
.macro TEST_RR n, inst, expect, a, b
    CASE \n
    li a1, \a
    li a2, \b
    \inst a4, a1, a2
    ASSERT_EQ a4, \expect
.endm

/* Destination is the first source: a1 = inst(a1, a2). */
.macro TEST_RR_RD_IS_RS1 n, inst, expect, a, b
    CASE \n
    li a1, \a
    li a2, \b
    \inst a1, a1, a2
    ASSERT_EQ a1, \expect
.endm

/* Destination is the second source: a2 = inst(a1, a2). */
.macro TEST_RR_RD_IS_RS2 n, inst, expect, a, b
    CASE \n
    li a1, \a
    li a2, \b
    \inst a2, a1, a2
    ASSERT_EQ a2, \expect
.endm

/* All three operands are one register: a1 = inst(a1, a1). */
.macro TEST_RR_ALL_SAME n, inst, expect, a
    CASE \n
    li a1, \a
    \inst a1, a1, a1
    ASSERT_EQ a1, \expect
.endm

/* First source is x0 (reads as zero). */
.macro TEST_RR_X0_RS1 n, inst, expect, b
    CASE \n
    li a2, \b
    \inst a4, x0, a2
    ASSERT_EQ a4, \expect
.endm

/* Second source is x0. */
.macro TEST_RR_X0_RS2 n, inst, expect, a
    CASE \n
    li a1, \a
    \inst a4, a1, x0
    ASSERT_EQ a4, \expect
.endm

/* Both sources are x0. */
.macro TEST_RR_X0_BOTH n, inst, expect
    CASE \n
    \inst a4, x0, x0
    ASSERT_EQ a4, \expect
.endm

/* Writing x0 is discarded: x0 still reads zero right after. */
.macro TEST_RR_X0_RD n, inst, a, b
    CASE \n
    li a1, \a
    li a2, \b
    \inst x0, a1, a2
    add a4, x0, x0
    ASSERT_EQ a4, 0
.endm

/* The result is consumed `gap` instructions after it is produced, and the sequence runs twice (a loop
   back-edge: the second pass re-enters already translated code). */
.macro TEST_RR_LOOP n, inst, expect, a, b, gap
    CASE \n
    li t4, 0
1:  li a1, \a
    li a2, \b
    \inst a4, a1, a2
    .rept \gap
    nop
    .endr
    addi a5, a4, 0
    ASSERT_EQ a5, \expect
    addi t4, t4, 1
    li t5, 2
    bne t4, t5, 1b
.endm

/* Operands produced `gap` instructions before use, each in its own order, inside a two-pass loop. */
.macro TEST_RR_SRC_LOOP n, inst, expect, a, b, gap
    CASE \n
    li t4, 0
1:  li a2, \b
    li a1, \a
    .rept \gap
    nop
    .endr
    \inst a4, a1, a2
    ASSERT_EQ a4, \expect
    addi t4, t4, 1
    li t5, 2
    bne t4, t5, 1b
.endm

/* ---------------------------------------------------------------- register-immediate operations */

/* a4 = inst(a, imm). */
.macro TEST_IMM n, inst, expect, a, imm
    CASE \n
    li a1, \a
    \inst a4, a1, \imm
    ASSERT_EQ a4, \expect
.endm

/* a1 = inst(a1, imm). */
.macro TEST_IMM_RD_IS_RS1 n, inst, expect, a, imm
    CASE \n
    li a1, \a
    \inst a1, a1, \imm
    ASSERT_EQ a1, \expect
.endm

/* a4 = inst(x0, imm). */
.macro TEST_IMM_X0_RS1 n, inst, expect, imm
    CASE \n
    \inst a4, x0, \imm
    ASSERT_EQ a4, \expect
.endm

/* x0 = inst(a, imm) is discarded. */
.macro TEST_IMM_X0_RD n, inst, a, imm
    CASE \n
    li a1, \a
    \inst x0, a1, \imm
    add a4, x0, x0
    ASSERT_EQ a4, 0
.endm

/* Result used `gap` instructions later, two passes. */
.macro TEST_IMM_LOOP n, inst, expect, a, imm, gap
    CASE \n
    li t4, 0
1:  li a1, \a
    \inst a4, a1, \imm
    .rept \gap
    nop
    .endr
    addi a5, a4, 0
    ASSERT_EQ a5, \expect
    addi t4, t4, 1
    li t5, 2
    bne t4, t5, 1b
.endm

/* ---------------------------------------------------------------- unary operations (Zbb etc.) */

/* a4 = inst(a). */
.macro TEST_R1 n, inst, expect, a
    CASE \n
    li a1, \a
    \inst a4, a1
    ASSERT_EQ a4, \expect
.endm

/* a1 = inst(a1). */
.macro TEST_R1_RD_IS_RS1 n, inst, expect, a
    CASE \n
    li a1, \a
    \inst a1, a1
    ASSERT_EQ a1, \expect
.endm

/* a4 = inst(x0). */
.macro TEST_R1_X0 n, inst, expect
    CASE \n
    \inst a4, x0
    ASSERT_EQ a4, \expect
.endm

/* ---------------------------------------------------------------- loads and stores */

/* a4 = load(base + off). */
.macro TEST_LOAD n, inst, expect, off, base
    CASE \n
    la a1, \base
    \inst a4, \off(a1)
    ASSERT_EQ a4, \expect
.endm

/* Load whose destination is its own base register. */
.macro TEST_LOAD_RD_IS_RS1 n, inst, expect, off, base
    CASE \n
    la a1, \base
    \inst a1, \off(a1)
    ASSERT_EQ a1, \expect
.endm

/* Store value at base + off, then read it back with load; the loaded value must be expect. */
.macro TEST_STORE n, st, ld, expect, value, off, base
    CASE \n
    la a1, \base
    li a2, \value
    \st a2, \off(a1)
    \ld a4, \off(a1)
    ASSERT_EQ a4, \expect
.endm

/* Fill the doubleword at `dword` with `fill`, store `value` with `st` at sbase + off (inside that
   doubleword), then read the whole doubleword: exactly the stored bytes must have changed. */
.macro TEST_STORE_MERGE n, st, expect_dword, value, off, sbase, dword, fill
    CASE \n
    la a1, \dword
    li a3, \fill
    sd a3, 0(a1)
    la a5, \sbase
    li a2, \value
    \st a2, \off(a5)
    ld a4, 0(a1)
    ASSERT_EQ a4, \expect_dword
.endm

/* ---------------------------------------------------------------- atomics */

/* Fill the doubleword amo_buf (the test defines it, 8-aligned) with init, run `inst a4, src, (amo_buf+off)`,
   then check the returned old value (a4) and the whole doubleword in memory. */
.macro TEST_AMO n, inst, expect_old, expect_mem, init, src, off
    CASE \n
    la a1, amo_buf
    li a3, \init
    sd a3, 0(a1)
    addi a1, a1, \off
    li a2, \src
    \inst a4, a2, (a1)
    ASSERT_EQ a4, \expect_old
    la a1, amo_buf
    ld a5, 0(a1)
    ASSERT_EQ a5, \expect_mem
.endm

/* ---------------------------------------------------------------- branches */

/* Branch on (a, b) must be taken, forward and then backward. */
.macro TEST_BR_TAKEN n, inst, a, b
    CASE \n
    li a1, \a
    li a2, \b
    \inst a1, a2, 2f                 /* forward, taken */
    j fail
2:  j 4f
3:  j 5f                             /* reached only through the backward branch */
4:  \inst a1, a2, 3b                 /* backward, taken */
    j fail
5:
.endm

/* Branch on (a, b) must fall through, forward and backward targets alike. */
.macro TEST_BR_NOT_TAKEN n, inst, a, b
    CASE \n
    li a1, \a
    li a2, \b
    \inst a1, a2, 2f                 /* forward, not taken */
    j 3f
2:  j fail
3:  \inst a1, a2, 2b                 /* backward, not taken */
.endm

/* ---------------------------------------------------------------- expected traps */

/* Route traps to rvj_trap_skip and clear the record (count 0, cause/tval -1). */
.macro TRAP_ARM
    la t0, rvj_trap_skip
    csrw mtvec, t0
    la t0, rvj_trap_record
    sd zero, RVJ_TRAP_COUNT(t0)
    li t1, -1
    sd t1, RVJ_TRAP_CAUSE(t0)
    sd t1, RVJ_TRAP_TVAL(t0)
    sd t1, RVJ_TRAP_EPC(t0)
    sd zero, RVJ_TRAP_RESUME(t0)
.endm

/* Back to failing on any trap. */
.macro TRAP_DISARM
    la t0, rvj_trap_unexpected
    csrw mtvec, t0
.endm

/* Run the code at `target` (+ `offset`, for code reached through an alias mapping) in privilege mode `prv`
   (PRV_U, PRV_S or PRV_M) until it traps, then continue after this macro in M-mode with the trap recorded
   (ASSERT_TRAPPED, TRAP_FIELD). Lower-mode code ends itself with an ecall. The code runs with
   mstatus.MIE = 0 (MPIE is cleared first), so M-mode resumes with interrupts disabled too. Clobbers t0,
   t1; leaves mtvec at rvj_trap_skip (TRAP_DISARM restores it). */
.macro CALL_IN_MODE prv, target, offset=0
    TRAP_ARM
    la t0, rvj_trap_record
    la t1, 1f
    sd t1, RVJ_TRAP_RESUME(t0)
    li t0, MSTATUS_MPP | MSTATUS_MPIE
    csrc mstatus, t0
    li t0, (\prv << 11)
    csrs mstatus, t0
    la t0, \target
    .if \offset
    li t1, \offset
    add t0, t0, t1
    .endif
    csrw mepc, t0
    mret
1:
.endm

/* reg = field of the trap record (RVJ_TRAP_CAUSE, _TVAL, _EPC, _COUNT, _PRIV). */
.macro TRAP_FIELD reg, field
    la \reg, rvj_trap_record
    ld \reg, \field(\reg)
.endm

/* Exactly one trap was taken since TRAP_ARM, with mcause = cause. */
.macro ASSERT_TRAPPED cause
    TRAP_FIELD t5, RVJ_TRAP_COUNT
    ASSERT_EQ t5, 1
    TRAP_FIELD t5, RVJ_TRAP_CAUSE
    ASSERT_EQ t5, \cause
.endm

/* No trap was taken since TRAP_ARM. */
.macro ASSERT_NO_TRAP
    TRAP_FIELD t5, RVJ_TRAP_COUNT
    ASSERT_EQ t5, 0
.endm

/* Case n: the instruction(s) must raise exactly one trap with mcause = cause. */
.macro TEST_TRAP n, cause, insn:vararg
    CASE \n
    TRAP_ARM
    \insn
    TRAP_DISARM
    ASSERT_TRAPPED \cause
.endm

#endif
