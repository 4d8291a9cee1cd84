# Start of the bare-metal M-mode device programs (-bios none: every hart starts here, at 0x80000000, with
# a0 = hart id and a1 = the DTB). Each hart gets a 4 KiB stack and mtvec = trap_entry, which saves the
# caller-saved registers and calls trap(mcause, hartid).
    .section .text.start
    .globl _start
_start:
    csrr t0, mhartid
    addi t0, t0, 1
    slli t0, t0, 12
    la sp, stacks
    add sp, sp, t0
    la t0, trap_entry
    csrw mtvec, t0
    call main
1:  wfi
    j 1b

    .align 2
trap_entry:
    addi sp, sp, -128
    sd ra, 0(sp)
    sd t0, 8(sp)
    sd t1, 16(sp)
    sd t2, 24(sp)
    sd a0, 32(sp)
    sd a1, 40(sp)
    sd a2, 48(sp)
    sd a3, 56(sp)
    sd a4, 64(sp)
    sd a5, 72(sp)
    sd a6, 80(sp)
    sd a7, 88(sp)
    sd t3, 96(sp)
    sd t4, 104(sp)
    sd t5, 112(sp)
    sd t6, 120(sp)
    csrr a0, mcause
    csrr a1, mhartid
    call trap
    ld ra, 0(sp)
    ld t0, 8(sp)
    ld t1, 16(sp)
    ld t2, 24(sp)
    ld a0, 32(sp)
    ld a1, 40(sp)
    ld a2, 48(sp)
    ld a3, 56(sp)
    ld a4, 64(sp)
    ld a5, 72(sp)
    ld a6, 80(sp)
    ld a7, 88(sp)
    ld t3, 96(sp)
    ld t4, 104(sp)
    ld t5, 112(sp)
    ld t6, 120(sp)
    addi sp, sp, 128
    mret

    .bss
    .align 12
stacks:
    .space 4096 * 4
