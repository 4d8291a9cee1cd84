/* A guest bug without a handler: the process dies of SIGSEGV (status 128 + 11). */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argv;
    printf("about to fault\n");
    fflush(stdout);
    volatile int *p = (int *)(long)(argc - 1);
    *p = 1;
    printf("not reached\n");
    return 0;
}
