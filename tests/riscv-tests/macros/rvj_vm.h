/* Sv39 page-table helpers for the rv64si virtual-memory tests. Include after rvj_macros.h.
   Layout built by VM_INIT (all in M-mode, then satp = Sv39 root, sfence.vma):
     root[2]  1 GiB leaf  VA 0x80000000 -> PA 0x80000000  R W X A D, not U  (S-mode code and data, identity)
     root[3]  1 GiB leaf  VA 0xC0000000 -> PA 0x80000000  R W X U A D       (U-mode alias: PA + USER_ALIAS)
     root[1]  -> vm_l1;  vm_l1[0] -> vm_l0                                  (VA 0x40000000: test pages)
   Test pages are installed with MAP_PAGE: page i is at VA VM_PAGE_VA(i). The tables are declared by
   VM_TABLES in the test's data section. The trap handler of the environment reads instructions at mepc
   physically, so lower-mode code that may trap and be skipped must run identity-mapped (S-mode). */
#ifndef RVJ_VM_H
#define RVJ_VM_H

#define USER_ALIAS      0x40000000          /* U-mode VA of a label = its PA + USER_ALIAS */
#define VM_PAGE_VA(i)   (0x40000000 + (i) * 4096)

/* reg = leaf or pointer PTE for the physical address held in pa_reg (may be the same register). */
.macro MAKE_PTE reg, pa_reg, flags
    srli \reg, \pa_reg, 12
    slli \reg, \reg, 10
    ori \reg, \reg, \flags
.endm

/* table[index] = pte_reg (index 0..255). Clobbers t0. */
.macro PUT_PTE table, index, pte_reg
    la t0, \table
    sd \pte_reg, (8 * \index)(t0)
.endm

/* Build the standard tables and turn on Sv39 (translation only affects S and U mode). Clobbers t0, t1. */
.macro VM_INIT
    li t1, 0x80000000
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
    PUT_PTE vm_root, 2, t1
    li t1, 0x80000000
    MAKE_PTE t1, t1, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D
    PUT_PTE vm_root, 3, t1
    la t1, vm_l1
    MAKE_PTE t1, t1, PTE_V
    PUT_PTE vm_root, 1, t1
    la t1, vm_l0
    MAKE_PTE t1, t1, PTE_V
    PUT_PTE vm_l1, 0, t1
    la t1, vm_root
    srli t1, t1, 12
    li t0, SATP_MODE_SV39
    or t1, t1, t0
    csrw satp, t1
    sfence.vma
.endm

/* Test page i -> the physical page at label pa_label, with flags; then sfence.vma. Clobbers t0, t1. */
.macro MAP_PAGE i, pa_label, flags
    la t1, \pa_label
    MAKE_PTE t1, t1, \flags
    PUT_PTE vm_l0, \i, t1
    sfence.vma
.endm

/* reg = address of the PTE of test page i. */
.macro PTE_ADDR reg, i
    la \reg, vm_l0
    addi \reg, \reg, 8 * \i
.endm

/* Page-table storage: place in the data section. */
.macro VM_TABLES
    .balign 4096
vm_root: .skip 4096
vm_l1:   .skip 4096
vm_l0:   .skip 4096
.endm

/* Case n: in privilege mode prv (PRV_S runs identity-mapped code, PRV_U runs through USER_ALIAS), with
   a1 = va, execute `insn` followed by an ecall. The first trap must have mcause = cause; for a page fault
   mtval must be va. Registers written by insn are visible afterwards. */
.macro TEST_VM n, prv, cause, va, insn:vararg
    CASE \n
    li a1, \va
    .if \prv == PRV_U
    CALL_IN_MODE \prv, 3f, USER_ALIAS
    .else
    CALL_IN_MODE \prv, 3f
    .endif
    j 4f
3:  \insn
    ecall
    j fail
4:  TRAP_DISARM
    ASSERT_TRAPPED \cause
    .if (\cause == CAUSE_LOAD_PAGE_FAULT) || (\cause == CAUSE_STORE_PAGE_FAULT) || (\cause == CAUSE_FETCH_PAGE_FAULT)
    TRAP_FIELD t5, RVJ_TRAP_TVAL
    ASSERT_EQ t5, \va
    .endif
.endm

#endif
