/* rdtime, rdcycle and rdinstret work in user mode (the time CSR counts at 10 MHz, like QEMU's virt machine). */
#include <stdio.h>
#include <unistd.h>
static unsigned long rdtime(void) { unsigned long t; __asm__ volatile("rdtime %0" : "=r"(t)); return t; }
static unsigned long rdcycle(void) { unsigned long t; __asm__ volatile("rdcycle %0" : "=r"(t)); return t; }
static unsigned long rdinstret(void) { unsigned long t; __asm__ volatile("rdinstret %0" : "=r"(t)); return t; }
int main(void) {
  unsigned long t0 = rdtime(), c0 = rdcycle(), i0 = rdinstret();
  usleep(100000);
  unsigned long t1 = rdtime(), c1 = rdcycle(), i1 = rdinstret();
  printf("time advanced ~100ms at 10MHz: %d (%lu)\n", t1 - t0 > 500000 && t1 - t0 < 5000000, t1 - t0);
  printf("cycle advances: %d instret advances: %d\n", c1 > c0, i1 > i0);
  return 0;
}
