// One test program of a conformance folder for `rvjit test`, acting as its file name says: "pass*" exits 0,
// "exit3*" returns 3, "segv*" dies of SIGSEGV, "abort*" of SIGABRT, "sleep*" outlives any short timeout.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    (void)argc;
    const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    printf("conformance: %s\n", name);
    fflush(stdout);
    if (strncmp(name, "pass", 4) == 0) return 0;
    if (strncmp(name, "exit3", 5) == 0) return 3;
    if (strncmp(name, "segv", 4) == 0) { volatile int *p = (int *)16; *p = 1; return 0; }
    if (strncmp(name, "abort", 5) == 0) abort();
    if (strncmp(name, "sleep", 5) == 0) { sleep(600); return 0; }
    return 99;
}
