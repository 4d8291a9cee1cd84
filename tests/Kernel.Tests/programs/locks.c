/* SQLite's patterns: POSIX record locks on byte ranges (shared/reserved/pending/exclusive), lock conflicts
   seen from another process, a rollback journal written, fsync'ed, renamed and deleted, file size checks. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PENDING_BYTE 0x40000000L
#define RESERVED_BYTE (PENDING_BYTE + 1)
#define SHARED_FIRST (PENDING_BYTE + 2)
#define SHARED_SIZE 510

static int lock(int fd, short type, long start, long len, int wait)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
    return fcntl(fd, wait ? F_SETLKW : F_SETLK, &fl);
}

static const char *probe(int fd, short type, long start, long len, pid_t owner)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
    if (fcntl(fd, F_GETLK, &fl) != 0) return strerror(errno);
    if (fl.l_type == F_UNLCK) return "free";
    return fl.l_pid == owner ? (fl.l_type == F_WRLCK ? "write-locked by parent" : "read-locked by parent") : "locked by other";
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int db = open("test.db", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char page[1024];
    for (int i = 0; i < 8; i++) { memset(page, 'A' + i, sizeof page); write(db, page, sizeof page); }
    printf("fsync=%d fdatasync=%d\n", fsync(db), fdatasync(db));

    /* SHARED lock, then RESERVED, then PENDING + EXCLUSIVE like a writer. */
    printf("shared=%d\n", lock(db, F_RDLCK, SHARED_FIRST, SHARED_SIZE, 0));
    printf("reserved=%d\n", lock(db, F_WRLCK, RESERVED_BYTE, 1, 0));
    pid_t parent = getpid();

    int to_child[2], to_parent[2];
    pipe(to_child);
    pipe(to_parent);
    pid_t c = fork();
    if (c == 0)
    {
        int fd = open("test.db", O_RDWR);
        char go;
        printf("child sees reserved: %s\n", probe(fd, F_WRLCK, RESERVED_BYTE, 1, parent));
        printf("child sees shared range: %s\n", probe(fd, F_WRLCK, SHARED_FIRST, SHARED_SIZE, parent));
        printf("child read lock on shared range=%d\n", lock(fd, F_RDLCK, SHARED_FIRST, SHARED_SIZE, 0));
        printf("child reserved: %s\n", lock(fd, F_WRLCK, RESERVED_BYTE, 1, 0) == 0 ? "got it" : strerror(errno));
        lock(fd, F_UNLCK, SHARED_FIRST, SHARED_SIZE, 0);
        write(to_parent[1], "1", 1);
        read(to_child[0], &go, 1);
        /* The parent holds EXCLUSIVE now; block until it commits and unlocks. */
        printf("child waits for exclusive=%d\n", lock(fd, F_WRLCK, SHARED_FIRST, SHARED_SIZE, 1));
        char first;
        pread(fd, &first, 1, 0);
        printf("child reads committed byte %c\n", first);
        _exit(0);
    }
    char ack;
    read(to_parent[0], &ack, 1);
    printf("pending=%d exclusive=%d\n", lock(db, F_WRLCK, PENDING_BYTE, 1, 0), lock(db, F_WRLCK, SHARED_FIRST, SHARED_SIZE, 0));
    write(to_child[1], "g", 1);

    /* Rollback journal: write, sync, then modify the db, sync, delete the journal. */
    int j = open("test.db-journal", O_RDWR | O_CREAT | O_TRUNC, 0644);
    pread(db, page, sizeof page, 0);
    write(j, page, sizeof page);
    printf("journal fsync=%d\n", fsync(j));
    memset(page, 'Z', sizeof page);
    pwrite(db, page, sizeof page, 0);
    printf("db ftruncate=%d\n", ftruncate(db, 4 * 1024));
    fsync(db);
    close(j);
    printf("journal unlink=%d\n", unlink("test.db-journal"));
    struct stat st;
    fstat(db, &st);
    printf("db size=%lld\n", (long long)st.st_size);
    usleep(20000);
    lock(db, F_UNLCK, 0, 0, 0);
    int status;
    waitpid(c, &status, 0);
    printf("child status=%d\n", WEXITSTATUS(status));

    /* flock and OFD locks exist too. */
    int a = open("test.db", O_RDONLY), b = open("test.db", O_RDONLY);
    printf("flock ex=%d\n", flock(a, LOCK_EX | LOCK_NB));
    printf("flock second: %s\n", flock(b, LOCK_EX | LOCK_NB) == 0 ? "got it" : strerror(errno));
    close(a);
    printf("flock after close=%d\n", flock(b, LOCK_EX | LOCK_NB));
    close(b);
    close(db);
    unlink("test.db");
    return 0;
}
