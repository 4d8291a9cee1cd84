/* A guest that never ends on its own: spins (`loop_forever spin`) or blocks in read on an empty pipe
   (`loop_forever block`). The fuzzers' runner must call both a guest timeout, not a hang of rvjit. */
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "block") == 0) {
        int p[2];
        char c;
        if (pipe(p) != 0) return 1;
        return (int)read(p[0], &c, 1);
    }
    for (;;) __asm__ volatile("");
}
