/* The smallest Linux program: printf and an exit status. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("hello, world (argc=%d)\n", argc);
    for (int i = 1; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);
    return 7;
}
