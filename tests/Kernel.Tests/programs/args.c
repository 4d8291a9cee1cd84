/* argv, envp and the auxiliary vector as a program sees them at entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <stdint.h>

extern char **environ;

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    printf("argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "set");
    const char *v = getenv("RVJIT_TEST_VAR");
    printf("RVJIT_TEST_VAR=%s\n", v ? v : "(unset)");
    int n = 0;
    for (char **e = environ; *e; e++) if (strncmp(*e, "RVJIT_TEST_", 11) == 0) n++;
    printf("test vars=%d\n", n);
    printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
    printf("AT_HWCAP=%#lx\n", getauxval(AT_HWCAP));
    printf("AT_CLKTCK=%lu\n", getauxval(AT_CLKTCK));
    printf("AT_PHENT=%lu\n", getauxval(AT_PHENT));
    printf("AT_PHNUM>0=%d\n", getauxval(AT_PHNUM) > 0);
    printf("AT_PHDR!=0=%d\n", getauxval(AT_PHDR) != 0);
    printf("AT_ENTRY!=0=%d\n", getauxval(AT_ENTRY) != 0);
    printf("AT_UID=getuid:%d\n", getauxval(AT_UID) == getuid());
    printf("AT_EGID=getegid:%d\n", getauxval(AT_EGID) == getegid());
    printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
    unsigned char *r = (unsigned char *)getauxval(AT_RANDOM);
    printf("AT_RANDOM set=%d\n", r != NULL);
    const char *fn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN=argv0:%d\n", fn && strcmp(fn, argv[0]) == 0);
    int local;
    printf("stack aligned=%d\n", ((uintptr_t)&local & 3) == 0);
    printf("sysconf pagesize=%ld\n", sysconf(_SC_PAGESIZE));
    return 0;
}
