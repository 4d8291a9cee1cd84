/* The program break: sbrk growth and shrink, and malloc of many sizes (glibc uses brk and mmap).
   (16 MiB of sbrk: qemu-riscv64 7.2, the oracle, cannot grow a PIE's break much further.) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    /* No malloc may run while the break is moved by hand (printf would allocate): results are printed after. */
    char *start = sbrk(0);
    char *p = sbrk(16 << 20);
    int returned_old = p == start;
    long moved = (long)((char *)sbrk(0) - start) >> 20;
    for (long off = 0; off < (16 << 20); off += 4096 * 16) p[off] = (char)(off >> 16);
    long check = 0;
    for (long off = 0; off < (16 << 20); off += 4096 * 16) check += (unsigned char)p[off];
    sbrk(-(8 << 20));
    long after = (long)((char *)sbrk(0) - start) >> 20;
    char *q = sbrk(4096);
    int zero = q[0] == 0 && q[4095] == 0;
    sbrk(-(8 << 20) - 4096);
    int back = sbrk(0) == start;
    printf("sbrk returned old break=%d\n", returned_old);
    printf("break moved=%ld MiB\n", moved);
    printf("checksum=%ld\n", check);
    printf("after shrink=%ld MiB\n", after);
    printf("regrown page zero=%d\n", zero);
    printf("back to start=%d\n", back);

    void *blocks[1000];
    size_t total = 0;
    for (int i = 0; i < 1000; i++)
    {
        size_t n = (size_t)(i * 7919 % 100000) + 1;
        blocks[i] = malloc(n);
        memset(blocks[i], i & 0xff, n);
        total += n;
    }
    int ok = 1;
    for (int i = 0; i < 1000; i++)
    {
        size_t n = (size_t)(i * 7919 % 100000) + 1;
        unsigned char *b = blocks[i];
        if (b[0] != (i & 0xff) || b[n - 1] != (i & 0xff)) ok = 0;
        free(blocks[i]);
    }
    printf("malloc total=%zu ok=%d\n", total, ok);
    char *big = malloc(200 << 20);
    memset(big, 1, 200 << 20);
    long s = 0;
    for (long i = 0; i < (200 << 20); i += 1 << 20) s += big[i];
    printf("200MiB malloc sum=%ld\n", s);
    free(big);
    return 0;
}
