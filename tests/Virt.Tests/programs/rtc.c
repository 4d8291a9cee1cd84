// The goldfish RTC: the time (nanoseconds since 1970) is within this century, and an alarm 2 ms ahead
// interrupts through the PLIC (source 11, hart 0's M context).
#include "mlib.h"

static volatile int alarms;

static unsigned long rtc_now(void)
{
    unsigned long low = r32(RTC + 0x00); // latches the high half
    return ((unsigned long)r32(RTC + 0x04) << 32) | low;
}

void trap(unsigned long cause, unsigned long hart)
{
    if (cause != MEI_CAUSE) poweroff(3);
    uint32_t irq = plic_claim(0);
    if (irq != RTC_IRQ) poweroff(4);
    if (r32(RTC + 0x18) != 0) poweroff(5); // the alarm is no longer armed
    w32(RTC + 0x1c, 1); // clear the interrupt
    alarms++;
    plic_complete(0, irq);
}

int main(unsigned long hart)
{
    if (hart != 0) for (;;) asm volatile("wfi");
    unsigned long now = rtc_now();
    unsigned long seconds = now / 1000000000UL;
    // 2020-01-01 .. 2100-01-01
    puts_(seconds > 1577836800UL && seconds < 4102444800UL ? "rtc: time in range\n" : "rtc: time out of range\n");
    plic_priority(RTC_IRQ, 1);
    plic_enable(0, 1u << RTC_IRQ);
    enable_external_interrupts();
    unsigned long alarm = now + 2000000;
    w32(RTC + 0x10, 1); // IRQ_ENABLED
    w32(RTC + 0x0c, alarm >> 32);
    w32(RTC + 0x08, (uint32_t)alarm);
    while (!alarms) asm volatile("wfi");
    puts_(rtc_now() >= alarm ? "rtc: alarm after its time\n" : "rtc: alarm early\n");
    poweroff(0);
    return 0;
}
