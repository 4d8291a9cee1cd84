// PLIC claim/complete across two harts: the UART's interrupt is first enabled only in hart 1's M context
// (context 2), then only in hart 0's (context 0); each hart's handler claims, reads the bytes and completes.
// Hart 0 reports which bytes each hart received, then powers off.
#include "mlib.h"

static volatile char got[2][16];
static volatile int count[2];
static volatile int served[2]; // count[hart] as of the handler's last completion
static volatile int ready1;

void trap(unsigned long cause, unsigned long hart)
{
    if (cause != MEI_CAUSE) poweroff(3);
    int context = 2 * hart;
    uint32_t irq = plic_claim(context);
    if (irq == 0) return; // the other hart took it
    if (irq != UART_IRQ) poweroff(4);
    while (r8(UART + 5) & 1) got[hart][count[hart]++] = r8(UART);
    plic_complete(context, irq);
    served[hart] = count[hart];
}

static void wait_for(volatile int *n, int value) { while (*n < value) asm volatile("wfi"); }

int main(unsigned long hart)
{
    enable_external_interrupts();
    if (hart == 1)
    {
        plic_threshold(2, 0);
        ready1 = 1;
        for (;;) asm volatile("wfi");
    }
    while (!ready1) ;
    w8(UART + 2, 0x07);
    w8(UART + 1, 0x01);
    plic_priority(UART_IRQ, 3);
    plic_threshold(0, 0);
    plic_enable(2, 1u << UART_IRQ);
    plic_enable(0, 0);
    puts_("plic: ready\n");
    // Hart 0 keeps working (no wfi) while hart 1 takes the interrupts. It waits for hart 1's completion too, not
    // only its bytes: a completion from context 2 after its enable is cleared is ignored (as in QEMU), which would
    // leave the source claimed for good (harts on threads of their own hit that now and then).
    while (served[1] < 3) ;
    plic_enable(2, 0);
    plic_enable(0, 1u << UART_IRQ);
    puts_("plic: switch\n");
    wait_for(&count[0], 3);
    puts_("plic: hart 0 got ");
    for (int i = 0; i < count[0]; i++) putc_(got[0][i]);
    puts_(", hart 1 got ");
    for (int i = 0; i < count[1]; i++) putc_(got[1][i]);
    puts_("\n");
    poweroff(0);
    return 0;
}
