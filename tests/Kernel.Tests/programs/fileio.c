/* Files and directories: create, write, read, seek, stat, rename, link, symlink, readdir, unlink. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

static void list(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) { printf("opendir %s: %s\n", dir, strerror(errno)); return; }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("%s:", dir);
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
}

int main(void)
{
    umask(022);
    if (mkdir("work", 0755) != 0) { perror("mkdir"); return 1; }
    printf("mkdir again: %s\n", mkdir("work", 0755) == 0 ? "ok" : strerror(errno));
    if (chdir("work") != 0) { perror("chdir"); return 1; }
    char cwd[4096];
    getcwd(cwd, sizeof cwd);
    printf("cwd ends with /work: %d\n", strlen(cwd) >= 5 && strcmp(cwd + strlen(cwd) - 5, "/work") == 0);

    int fd = open("a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    const char *text = "line one\nline two\nline three\n";
    printf("write=%zd\n", write(fd, text, strlen(text)));
    struct iovec iov[2] = { { "vec-", 4 }, { "tor\n", 4 } };
    printf("writev=%zd\n", writev(fd, iov, 2));
    close(fd);

    struct stat st;
    stat("a.txt", &st);
    printf("size=%lld mode=%o regular=%d nlink=%ld\n", (long long)st.st_size, st.st_mode & 0777, S_ISREG(st.st_mode), (long)st.st_nlink);

    fd = open("a.txt", O_RDWR);
    char buf[128] = { 0 };
    ssize_t n = read(fd, buf, 9);
    printf("read=%zd '%.*s'\n", n, (int)n - 1, buf);
    printf("lseek cur=%lld end=%lld\n", (long long)lseek(fd, 0, SEEK_CUR), (long long)lseek(fd, 0, SEEK_END));
    memset(buf, 0, sizeof buf);
    printf("pread=%zd '%.8s'\n", pread(fd, buf, 8, 9), buf);
    printf("pwrite=%zd\n", pwrite(fd, "LINE", 4, 9));
    lseek(fd, 0, SEEK_SET);
    memset(buf, 0, sizeof buf);
    n = read(fd, buf, sizeof buf - 1);
    printf("all=%zd:\n%s", n, buf);
    printf("ftruncate=%d\n", ftruncate(fd, 8));
    fstat(fd, &st);
    printf("size after truncate=%lld\n", (long long)st.st_size);
    close(fd);

    printf("rename=%d\n", rename("a.txt", "b.txt"));
    printf("open old: %s\n", open("a.txt", O_RDONLY) < 0 ? strerror(errno) : "exists");
    printf("link=%d\n", link("b.txt", "c.txt"));
    stat("b.txt", &st);
    printf("nlink=%ld\n", (long)st.st_nlink);
    printf("symlink=%d\n", symlink("b.txt", "d.lnk"));
    char target[64] = { 0 };
    printf("readlink=%zd %s\n", readlink("d.lnk", target, sizeof target - 1), target);
    lstat("d.lnk", &st);
    printf("lstat is link=%d\n", S_ISLNK(st.st_mode));
    stat("d.lnk", &st);
    printf("stat through link size=%lld\n", (long long)st.st_size);
    printf("access R=%d X=%d missing=%s\n", access("b.txt", R_OK), access("b.txt", X_OK), access("nope", F_OK) ? strerror(errno) : "found");
    printf("chmod=%d\n", chmod("b.txt", 0600));
    stat("b.txt", &st);
    printf("mode=%o\n", st.st_mode & 0777);
    mkdir("sub", 0700);
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    int f2 = openat(dfd, "inner.txt", O_CREAT | O_WRONLY, 0640);
    write(f2, "x", 1);
    close(f2);
    struct stat st2;
    printf("fstatat=%d size=%lld\n", fstatat(dfd, "inner.txt", &st2, 0), (long long)st2.st_size);
    close(dfd);
    list(".");
    list("sub");
    printf("rmdir nonempty: %s\n", rmdir("sub") == 0 ? "ok" : strerror(errno));
    printf("unlink=%d %d %d %d\n", unlink("sub/inner.txt"), unlink("b.txt"), unlink("c.txt"), unlink("d.lnk"));
    printf("rmdir=%d\n", rmdir("sub"));
    list(".");
    chdir("..");
    printf("rmdir work=%d\n", rmdir("work"));
    printf("open dir for write: %s\n", open(".", O_WRONLY) < 0 ? strerror(errno) : "ok");
    printf("ENOTDIR: %s\n", open("/dev/null/x", O_RDONLY) < 0 ? strerror(errno) : "ok");

    FILE *fp = fopen("stdio.txt", "w+");
    for (int i = 0; i < 1000; i++) fprintf(fp, "%d\n", i);
    rewind(fp);
    long sum = 0;
    int v;
    while (fscanf(fp, "%d", &v) == 1) sum += v;
    fclose(fp);
    unlink("stdio.txt");
    printf("sum=%ld\n", sum);

    int null = open("/dev/null", O_RDWR);
    printf("devnull write=%zd read=%zd\n", write(null, "abc", 3), read(null, buf, 10));
    int zero = open("/dev/zero", O_RDONLY);
    buf[0] = 1;
    printf("devzero read=%zd byte=%d\n", read(zero, buf, 16), buf[0]);
    char exe[256] = { 0 };
    printf("proc self exe readable=%d\n", readlink("/proc/self/exe", exe, sizeof exe - 1) > 0);
    return 0;
}
