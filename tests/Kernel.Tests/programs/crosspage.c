/* crosspage: code in one page calls code in the next page (a direct jal across the page boundary, and the
 * callee's return), and the callee's page then changes its mapping without a single store to either page:
 * mprotect without exec, mprotect back, a new mapping at the same address (MAP_FIXED over the callee with other
 * code), munmap, and a mapping of the first code again. Each step runs the loop many times (hot, compiled) and
 * prints what the calls returned or that the call faulted: anything the JIT kept about the callee's address
 * past the mapping it was made under (a jump-cache entry, a direct link) would run the old callee. The code
 * comes from a file, mapped read+exec, so no step stores to code (a store would drop the translations for
 * another reason). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

/* Page images, copied into the file (never run where they are). The caller is placed one page before the
 * callee, so its jal reaches exactly the callee's first instruction. */
extern const unsigned char caller_code[], caller_end[], callee_one[], callee_one_end[], callee_two[], callee_two_end[];
__asm__(".section .rodata\n"
        ".option push\n.option norvc\n.option norelax\n"
        ".balign 4\n"
        "caller_code:\n"               /* long loop(long n): sum of n calls of the callee */
        "  addi sp, sp, -32\n"
        "  sd ra, 24(sp)\n"
        "  sd s0, 16(sp)\n"
        "  sd s1, 8(sp)\n"
        "  mv s0, a0\n"
        "  li s1, 0\n"
        "1:\n"
        "  jal ra, caller_code + 4096\n" /* the callee, in the next page */
        "  add s1, s1, a0\n"
        "  addi s0, s0, -1\n"
        "  bnez s0, 1b\n"
        "  mv a0, s1\n"
        "  ld ra, 24(sp)\n"
        "  ld s0, 16(sp)\n"
        "  ld s1, 8(sp)\n"
        "  addi sp, sp, 32\n"
        "  ret\n"
        "caller_end:\n"
        "callee_one:\n"
        "  li a0, 1\n"
        "  ret\n"
        "callee_one_end:\n"
        "callee_two:\n"
        "  li a0, 2\n"
        "  ret\n"
        "callee_two_end:\n"
        ".option pop\n"
        ".text\n");

static sigjmp_buf escape;

static void on_segv(int sig)
{
    (void)sig;
    siglongjmp(escape, 1);
}

/* Runs the caller 100 times (the first runs make it hot, and leave time for the JIT to compile the optimised
 * regions that replace the first ones) and prints the last result. */
static void step(const char *what, long (*loop)(long))
{
    long result = 0;
    if (sigsetjmp(escape, 1)) {
        printf("%s: SIGSEGV\n", what);
        return;
    }
    for (int i = 0; i < 100; i++) result = loop(1000);
    printf("%s: %ld\n", what, result);
}

static int write_page(int fd, off_t offset, const unsigned char *from, const unsigned char *to)
{
    unsigned char page[PAGE];
    memset(page, 0, sizeof page);
    memcpy(page, from, (size_t)(to - from));
    return pwrite(fd, page, PAGE, offset) == PAGE ? 0 : -1;
}

int main(void)
{
    /* Unbuffered: a first printf would allocate its buffer (brk or mmap, a mapping change of its own) between
     * the warm-up and the change under test. */
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sigaction(SIGSEGV, &sa, NULL);

    /* File pages: 0 the caller, 1 the callee returning 1, 2 the callee returning 2. */
    int fd = open("crosspage.code", O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write_page(fd, 0, caller_code, caller_end) || write_page(fd, PAGE, callee_one, callee_one_end) ||
        write_page(fd, 2 * PAGE, callee_two, callee_two_end)) {
        perror("code file");
        return 1;
    }
    unsigned char *code = mmap(NULL, 2 * PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
    if (code == MAP_FAILED) { perror("mmap"); return 1; }
    unsigned char *callee = code + PAGE;
    long (*loop)(long) = (long (*)(long))code;

    step("mapped", loop);
    printf("mprotect read-only: %d\n", mprotect(callee, PAGE, PROT_READ));
    step("callee not executable", loop);
    printf("mprotect read+exec: %d\n", mprotect(callee, PAGE, PROT_READ | PROT_EXEC));
    step("callee executable again", loop);
    printf("map other code over the callee: %d\n",
           mmap(callee, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd, 2 * PAGE) == callee);
    step("other callee", loop);
    printf("munmap: %d\n", munmap(callee, PAGE));
    step("callee unmapped", loop);
    printf("map the first callee again: %d\n",
           mmap(callee, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd, PAGE) == callee);
    step("first callee again", loop);
    return 0;
}
