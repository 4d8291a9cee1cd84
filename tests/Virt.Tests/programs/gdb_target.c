// A bare-metal program for the gdb stub tests (rvjit system -s -S against qemu-system-riscv64 -s -S): a hot
// function the JIT translates long before gdb breaks in it, a variable to watch, an ebreak of the program's own
// (its trap handler skips it: gdb must not take it), a loop that spins while a debugger sets spin_forever, and a
// second hart that waits in wfi.
#include "mlib.h"

volatile long counter, watched, guest_breaks, spin_forever;

__attribute__((noinline)) long square(long x) { return x * x; }
__attribute__((noinline)) void marker(long n) { counter += n; }

void trap(unsigned long cause, unsigned long hart)
{
    if (cause != 3) poweroff(3);
    unsigned long epc;
    asm volatile("csrr %0, mepc" : "=r"(epc));
    asm volatile("csrw mepc, %0" :: "r"(epc + 4));
    guest_breaks++;
}

int main(unsigned long hart)
{
    if (hart != 0) for (;;) asm volatile("wfi");
    long total = 0;
    for (long i = 0; i < 300000; i++) total += square(i & 15);
    marker(1);
    total += square(7);
    asm volatile(".option push\n.option norvc\nebreak\n.option pop");
    watched = 5;
    total += watched;
    marker(2);
    while (spin_forever) counter++;
    puts_("total=");
    put_dec(total);
    puts_(" breaks=");
    put_dec(guest_breaks);
    puts_("\n");
    poweroff(0);
    return 0;
}
