// A Linux sample for `rvjit run`: counts and sums the primes below N (default 1000000) with a sieve, the
// same work as the bare-metal sample, through glibc's stdio and malloc. Built statically by samples/build.sh.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 0) : 1000000;
    if (n < 2) { fprintf(stderr, "usage: %s [N >= 2]\n", argv[0]); return 2; }
    char *composite = calloc((size_t)n, 1);
    if (composite == NULL) { perror("calloc"); return 1; }
    long count = 0;
    unsigned long long sum = 0;
    for (long i = 2; i < n; i++) {
        if (composite[i]) continue;
        count++;
        sum += (unsigned long long)i;
        for (long j = i * i; j < n; j += i) composite[j] = 1;
    }
    printf("hello from riscv64 Linux: %ld primes below %ld, sum %llu\n", count, n, sum);
    free(composite);
    return 0;
}
