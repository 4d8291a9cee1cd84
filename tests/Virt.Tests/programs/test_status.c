// The test device's failing poweroff: status 42 in the high half of the write.
#include "mlib.h"

void trap(unsigned long cause, unsigned long hart) { poweroff(3); }

int main(unsigned long hart)
{
    if (hart != 0) for (;;) asm volatile("wfi");
    puts_("test: failing with 42\n");
    poweroff(42);
    return 0;
}
