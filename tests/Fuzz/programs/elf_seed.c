/* A seed for the ELF fuzzer: a little of everything a loader sets up (data, bss, heap, TLS, argv). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int counter = 5;
static char zeroed[4096];
static __thread int per_thread = 7;

int main(int argc, char **argv)
{
    char *p = malloc(64);
    strcpy(p, argv[0] ? "seed" : "none");
    zeroed[100] = (char)counter;
    printf("%s %d %d %d\n", p, argc, zeroed[100] + per_thread, (int)strlen(argv[0] ? argv[0] : ""));
    free(p);
    return 3;
}
