/* Every path operation the VFS hands to the host, in the working directory, with its result or errno:
   compared with Linux (qemu-riscv64) and run again inside a --root jail. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

static void report(const char *what, long result)
{
    if (result < 0) printf("%s: %s\n", what, strerror(errno));
    else printf("%s: %ld\n", what, result);
}

static void mode_of(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) { printf("lstat %s: %s\n", path, strerror(errno)); return; }
    printf("lstat %s: type %o mode %o size %ld\n", path, st.st_mode & S_IFMT, st.st_mode & 07777, (long)st.st_size);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    umask(022);
    report("mkdir d 0750", mkdir("d", 0750));
    mode_of("d");
    report("mkdir d again", mkdir("d", 0700));
    int fd = open("d/f", O_CREAT | O_EXCL | O_WRONLY, 0640);
    report("open d/f O_CREAT|O_EXCL", fd >= 0 ? 0 : -1);
    report("write", write(fd, "hello world", 11));
    close(fd);
    report("open d/f O_CREAT|O_EXCL again", open("d/f", O_CREAT | O_EXCL | O_WRONLY, 0640));
    report("truncate d/f 5", truncate("d/f", 5));
    mode_of("d/f");
    report("truncate d", truncate("d", 0));
    report("mkfifo d/p", mkfifo("d/p", 0600));
    report("truncate d/p", truncate("d/p", 0));
    mode_of("d/p");
    report("chmod d/f 0604", chmod("d/f", 0604));
    mode_of("d/f");
    report("symlink f d/l", symlink("f", "d/l"));
    report("symlink missing d/dangling", symlink("missing", "d/dangling"));
    char target[64] = { 0 };
    report("readlink d/l", readlink("d/l", target, sizeof target - 1));
    printf("target %s\n", target);
    report("readlink d/f", readlink("d/f", target, sizeof target - 1));
    report("open d/l O_NOFOLLOW", open("d/l", O_RDONLY | O_NOFOLLOW));
    report("fchmodat d/l nofollow", fchmodat(AT_FDCWD, "d/l", 0600, AT_SYMLINK_NOFOLLOW));
    report("faccessat2 d/dangling nofollow", syscall(SYS_faccessat2, AT_FDCWD, "d/dangling", R_OK, AT_SYMLINK_NOFOLLOW));
    report("faccessat2 d/dangling", syscall(SYS_faccessat2, AT_FDCWD, "d/dangling", R_OK, 0));
    report("access d/l W_OK", access("d/l", W_OK));
    struct timespec times[2] = { { 1000000, 0 }, { 2000000, 0 } };
    report("utimensat d/l nofollow", utimensat(AT_FDCWD, "d/l", times, AT_SYMLINK_NOFOLLOW));
    struct stat st;
    lstat("d/l", &st);
    printf("link mtime %ld\n", (long)st.st_mtime);
    report("utimensat d/l", utimensat(AT_FDCWD, "d/l", times, 0));
    stat("d/f", &st);
    printf("file mtime %ld\n", (long)st.st_mtime);
    report("link d/f d/hard", link("d/f", "d/hard"));
    stat("d/f", &st);
    printf("nlink %ld\n", (long)st.st_nlink);
    report("rename d/hard d/moved", rename("d/hard", "d/moved"));
    report("renameat2 exchange d/moved d/l", syscall(SYS_renameat2, AT_FDCWD, "d/moved", AT_FDCWD, "d/l", 2));
    mode_of("d/moved");
    mode_of("d/l");
    report("renameat2 noreplace d/l d/f", syscall(SYS_renameat2, AT_FDCWD, "d/l", AT_FDCWD, "d/f", 1));
    struct statfs sf;
    report("statfs d", statfs("d", &sf));
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    strcpy(a.sun_path, "d/sock");
    report("bind d/sock", bind(s, (struct sockaddr *)&a, sizeof a));
    mode_of("d/sock");
    close(s);

    DIR *dir = opendir("d");
    char *names[32];
    int n = 0;
    for (struct dirent *e; (e = readdir(dir)) != NULL && n < 32;) names[n++] = strdup(e->d_name);
    closedir(dir);
    qsort(names, n, sizeof *names, by_name);
    printf("listing:");
    for (int i = 0; i < n; i++) printf(" %s", names[i]);
    printf("\n");

    report("rmdir d", rmdir("d"));
    report("unlink d", unlink("d"));
    const char *all[] = { "d/f", "d/p", "d/l", "d/dangling", "d/moved", "d/sock" };
    for (int i = 0; i < 6; i++) report(all[i], unlink(all[i]));
    report("rmdir d", rmdir("d"));
    return 0;
}
