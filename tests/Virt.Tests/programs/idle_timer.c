// Sleeps in wfi for 10 timer deadlines 100 ms of guest time apart (one second in all), each ended by the CLINT's
// machine timer interrupt; the other harts sleep for good.
#include "mlib.h"

#define MTIMECMP0 (CLINT + 0x4000)
#define MTIME (CLINT + 0xbff8)
#define TICKS_PER_100MS 1000000UL

static volatile int fired;

static unsigned long mtime(void) { return *(volatile unsigned long *)MTIME; }

void trap(unsigned long cause, unsigned long hart)
{
    if (cause != ((1UL << 63) | 7)) poweroff(3);
    *(volatile unsigned long *)MTIMECMP0 = ~0UL;
    fired++;
}

int main(unsigned long hart)
{
    if (hart != 0) for (;;) asm volatile("wfi");
    asm volatile("csrs mie, %0" :: "r"(1UL << 7));
    asm volatile("csrs mstatus, %0" :: "r"(8UL));
    unsigned long start = mtime();
    for (int i = 1; i <= 10; i++)
    {
        *(volatile unsigned long *)MTIMECMP0 = start + i * TICKS_PER_100MS;
        while (fired < i) asm volatile("wfi");
    }
    puts_(mtime() - start >= 10 * TICKS_PER_100MS ? "idle: 10 deadlines\n" : "idle: early\n");
    poweroff(0);
    return 0;
}
