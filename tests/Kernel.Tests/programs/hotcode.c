/* Hot code for the persistent translation cache: a few loops and calls that the JIT compiles, with a result
   that depends on every one of them (argv[1] picks the rounds, so the work is not constant-folded). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long mix(unsigned long h, unsigned long v) { return (h ^ v) * 0x100000001b3UL; }

static int cmp(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 50;
    static unsigned data[4096];
    unsigned long h = 0xcbf29ce484222325UL;
    unsigned seed = 12345;
    for (int r = 0; r < rounds; r++)
    {
        for (int i = 0; i < 4096; i++) { seed = seed * 1103515245u + 12345u; data[i] = seed >> 8; }
        qsort(data, 4096, sizeof data[0], cmp);
        for (int i = 0; i < 4096; i += 7) h = mix(h, data[i]);
        char text[64];
        snprintf(text, sizeof text, "%u-%d", data[r % 4096], r);
        h = mix(h, strlen(text));
    }
    printf("hotcode %d rounds: %016lx\n", rounds, h);
    return 0;
}
