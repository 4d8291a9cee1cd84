// shm_open and sem_open inside a --root jail whose tree has /dev but no /dev/shm (a Debian tree as unpacked).
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
    int fd = shm_open("/rvjit-shm", O_CREAT | O_RDWR, 0600);
    printf("shm_open: %s\n", fd >= 0 ? "ok" : strerror(errno));
    if (fd >= 0 && ftruncate(fd, 4096) == 0) {
        char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        strcpy(p, "shared");
        printf("mapped: %s\n", p);
    }
    printf("shm_unlink: %d\n", shm_unlink("/rvjit-shm"));
    sem_t *s = sem_open("/rvjit-sem", O_CREAT, 0600, 1);
    printf("sem_open: %s\n", s != SEM_FAILED ? "ok" : strerror(errno));
    if (s != SEM_FAILED) printf("sem_wait: %d sem_post: %d\n", sem_wait(s), sem_post(s));
    printf("sem_unlink: %d\n", sem_unlink("/rvjit-sem"));
    struct stat st;
    printf("/dev/shm is a directory: %d\n", stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode));
    return 0;
}
