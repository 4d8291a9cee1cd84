// Helpers for the bare-metal device programs: MMIO, the virt board's addresses, the UART console (polled)
// and the test device's poweroff.
#include <stdint.h>

#define UART 0x10000000UL
#define PLIC 0x0c000000UL
#define TEST 0x100000UL
#define RTC 0x101000UL
#define CLINT 0x2000000UL
#define UART_IRQ 10
#define RTC_IRQ 11
#define MEI_CAUSE ((1UL << 63) | 11)

static inline void w8(unsigned long a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline uint8_t r8(unsigned long a) { return *(volatile uint8_t *)a; }
static inline void w32(unsigned long a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t r32(unsigned long a) { return *(volatile uint32_t *)a; }

static inline void plic_priority(int irq, uint32_t p) { w32(PLIC + 4 * irq, p); }
static inline void plic_enable(int context, uint32_t word0) { w32(PLIC + 0x2000 + 0x80 * context, word0); }
static inline void plic_threshold(int context, uint32_t t) { w32(PLIC + 0x200000 + 0x1000 * context, t); }
static inline uint32_t plic_claim(int context) { return r32(PLIC + 0x200004 + 0x1000 * context); }
static inline void plic_complete(int context, uint32_t irq) { w32(PLIC + 0x200004 + 0x1000 * context, irq); }

static void putc_(char c)
{
    while (!(r8(UART + 5) & 0x20)) ;
    w8(UART, c);
}
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void put_dec(unsigned long v)
{
    char b[24]; int n = 0;
    do { b[n++] = '0' + v % 10; v /= 10; } while (v);
    while (n) putc_(b[--n]);
}

static void poweroff(unsigned code)
{
    w32(TEST, code == 0 ? 0x5555 : 0x3333 | (code << 16));
    for (;;) asm volatile("wfi");
}

static inline void enable_external_interrupts(void)
{
    asm volatile("csrs mie, %0" :: "r"(1UL << 11));
    asm volatile("csrs mstatus, %0" :: "r"(8UL));
}

// v as exactly `digits` hex digits (leading zeros kept: consoles compared line for line).
static void put_hex_width(unsigned long v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) putc_("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

// For programs that expect no trap: prints the cause, mepc and mtval, then powers off with status 3.
static void fail_on_trap(unsigned long cause)
{
    unsigned long tval, epc;
    asm volatile("csrr %0, mtval" : "=r"(tval));
    asm volatile("csrr %0, mepc" : "=r"(epc));
    puts_("trap "); put_hex_width(cause, 2); puts_(" at "); put_hex_width(epc, 8); puts_(" tval "); put_hex_width(tval, 8); puts_("\n");
    poweroff(3);
}
