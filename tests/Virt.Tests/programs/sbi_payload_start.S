# Entry points of the S-mode payload: the boot hart arrives at _start (a0 = hart id, a1 = DTB), a hart
# started by HSM at secondary_entry (a0 = hart id, a1 = opaque), or at _start after the boot hart (raced_entry).
# Each gets its own stack; traps go to trap_entry, which saves the caller-saved registers and calls
# handle_trap(scause, hartid).
    .section .text.start
    .globl _start
_start:
    # Only the first hart here boots; a later one was sent here by OpenSBI 1.1's hart_start race (raced_main).
    la t0, boot_claimed
    li t1, 1
    amoswap.w.aqrl t1, t1, (t0)
    bnez t1, raced_entry
    la sp, stack0_top
    la t0, trap_entry
    csrw stvec, t0
    # harts = the HARTS word patched by nobody: count cpu nodes is too much for a payload; the machine's
    # hart count is passed by the test through the 'harts' symbol below.
    la t0, harts
    ld a2, 0(t0)
    call boot_main
1:  wfi
    j 1b

    .globl secondary_entry
secondary_entry:
    la sp, stack1_top
    la t0, trap_entry
    csrw stvec, t0
    call secondary_main
1:  wfi
    j 1b

raced_entry:
    la sp, stack1_top
    la t0, trap_entry
    csrw stvec, t0
    call raced_main
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
    csrr a0, scause
    li a1, 0
    call handle_trap
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
    sret

    .data
    .align 3
    .globl harts
harts: .dword HARTS

    .bss
    .align 4
    .space 8192
stack0_top:
    .space 8192
stack1_top:
