// UART receive interrupts through the PLIC (M context of hart 0): every byte that arrives is echoed in
// upper case from the interrupt handler; a newline ends the run with poweroff status 0.
#include "mlib.h"

static volatile int done, claims_of_other_sources;

void trap(unsigned long cause, unsigned long hart)
{
    if (cause != MEI_CAUSE) poweroff(3);
    uint32_t irq = plic_claim(0);
    if (irq != UART_IRQ) { claims_of_other_sources++; if (irq) plic_complete(0, irq); return; }
    while (r8(UART + 5) & 1)
    {
        char c = r8(UART);
        if (c == '\n') done = 1;
        putc_(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    plic_complete(0, irq);
}

int main(unsigned long hart)
{
    if (hart != 0) for (;;) asm volatile("wfi");
    w8(UART + 3, 0x80); // DLAB: divisor 1
    w8(UART + 0, 1);
    w8(UART + 1, 0);
    w8(UART + 3, 0x03); // 8N1
    w8(UART + 2, 0x07); // FIFO on, cleared
    w8(UART + 1, 0x01); // receive interrupts
    plic_priority(UART_IRQ, 1);
    plic_threshold(0, 0);
    plic_enable(0, 1u << UART_IRQ);
    enable_external_interrupts();
    puts_("uart: ready\n");
    while (!done) asm volatile("wfi");
    puts_(claims_of_other_sources ? "uart: other sources claimed\n" : "uart: done\n");
    poweroff(0);
    return 0;
}
