// An S-mode payload run in place from pflash unit 1 under OpenSBI's fw_dynamic (QEMU's next_addr is the bank):
// prints where it runs, its hart and device tree address, what fw_cfg holds of the kernel QEMU put there instead
// of RAM (-kernel's size and first bytes, -append's text), then shuts down through SBI.
#include <stdint.h>

asm(".section .text.start\n"
    ".globl _start\n"
    "_start:\n"
    "  la sp, stack + 4096\n"
    "  call smain\n"
    "1: j 1b\n");

char stack[4096] __attribute__((aligned(16)));

static long sbi(long ext, long fid, long a0, long a1)
{
    register long r0 asm("a0") = a0, r1 asm("a1") = a1, r6 asm("a6") = fid, r7 asm("a7") = ext;
    asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r6), "r"(r7) : "memory");
    return r0;
}
static void putc_(char c) { sbi(1, 0, c, 0); }
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void put_hex(unsigned long v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) putc_("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

#define FW_CFG 0x10100000UL
static void select_item(uint16_t key) { *(volatile uint16_t *)(FW_CFG + 8) = (uint16_t)(key << 8 | key >> 8); }
static uint8_t data8(void) { return *(volatile uint8_t *)FW_CFG; }
static uint32_t item32(uint16_t key)
{
    select_item(key);
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= (uint32_t)data8() << (8 * i);
    return v;
}

void smain(unsigned long hart, unsigned long dtb)
{
    unsigned long pc;
    asm volatile("auipc %0, 0" : "=r"(pc));
    puts_("S-mode payload in flash at "); put_hex(pc & ~0xfffffUL, 8);
    puts_(", hart "); put_hex(hart, 1); puts_(", dtb "); put_hex(dtb, 8); puts_("\n");
    uint32_t size = item32(0x08);
    puts_("fw_cfg kernel size "); put_hex(size, 8); puts_(":");
    select_item(0x11);
    for (uint32_t i = 0; i < size && i < 16; i++) { putc_(' '); put_hex(data8(), 2); }
    uint32_t cmdline = item32(0x14);
    puts_("\nfw_cfg cmdline "); put_hex(cmdline, 8); puts_(" '");
    select_item(0x15);
    for (uint32_t i = 0; i + 1 < cmdline; i++) putc_(data8());
    puts_("'\nfw_cfg initrd size "); put_hex(item32(0x0b), 8); puts_("\n");
    sbi(0x53525354, 0, 0, 0);
    for (;;) ;
}
