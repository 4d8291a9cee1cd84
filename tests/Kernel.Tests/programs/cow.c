/* Copy-on-write after fork: parent and child each see only their own writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int global = 100;
static char big[1 << 20];

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int *heap = malloc(64 * 1024 * sizeof(int));
    for (int i = 0; i < 64 * 1024; i++) heap[i] = i;
    memset(big, 'p', sizeof big);
    int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    *shared = 1;
    int local = 5;

    int toParent[2], toChild[2];
    pipe(toParent);
    pipe(toChild);
    pid_t c = fork();
    if (c == 0)
    {
        global = 200;
        heap[1000] = -1;
        big[12345] = 'c';
        local = 6;
        *shared = 2;
        printf("child: global=%d heap=%d big=%c local=%d shared=%d\n", global, heap[1000], big[12345], local, *shared);
        write(toParent[1], "x", 1);
        char b;
        read(toChild[0], &b, 1); /* wait until the parent has written too */
        printf("child after parent wrote: global=%d heap=%d big=%c shared=%d\n", global, heap[1000], big[12345], *shared);
        _exit(0);
    }
    char b;
    read(toParent[0], &b, 1);
    printf("parent: global=%d heap=%d big=%c local=%d shared=%d\n", global, heap[1000], big[12345], local, *shared);
    global = 300;
    heap[1000] = -2;
    big[12345] = 'P';
    *shared = 3;
    write(toChild[1], "y", 1);
    int status;
    waitpid(c, &status, 0);
    printf("parent after child: global=%d heap=%d big=%c shared=%d\n", global, heap[1000], big[12345], *shared);
    long s = 0;
    for (int i = 0; i < 64 * 1024; i++) s += heap[i];
    printf("heap sum=%ld\n", s);

    /* Nested forks, each writing the same page. */
    for (int gen = 0; gen < 3; gen++)
    {
        c = fork();
        if (c != 0) { waitpid(c, &status, 0); printf("gen %d sees global=%d\n", gen, global); return 0; }
        global += 1;
    }
    printf("leaf global=%d\n", global);
    return 0;
}
