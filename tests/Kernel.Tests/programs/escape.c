/* Tries every way out of a --root jail: "..", absolute and relative symlinks, /proc links, chdir,
   openat on a directory fd. The host file named by the first argument must never be reachable. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *outside;

static void attempt(const char *how, const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd >= 0)
    {
        char buf[64] = { 0 };
        read(fd, buf, sizeof buf - 1);
        close(fd);
        printf("%s: %s\n", how, strstr(buf, "SECRET") ? "ESCAPED" : "opened a jail file");
    }
    else printf("%s: %s\n", how, strerror(errno));
}

int main(int argc, char **argv)
{
    outside = argc > 1 ? argv[1] : "/etc/hostname";
    char path[4096];
    attempt("direct", outside);
    snprintf(path, sizeof path, "/../../../../..%s", outside);
    attempt("dotdot", path);
    symlink("/", "rootlink");
    snprintf(path, sizeof path, "rootlink/../../..%s", outside);
    attempt("symlink to root", path);
    symlink("../../../../../../../..", "uplink");
    snprintf(path, sizeof path, "uplink%s", outside);
    attempt("relative symlink up", path);
    snprintf(path, sizeof path, "/proc/self/root/..%s", outside);
    attempt("proc root", path);
    snprintf(path, sizeof path, "/proc/self/cwd/../../..%s", outside);
    attempt("proc cwd", path);
    for (int i = 0; i < 20; i++) chdir("..");
    char cwd[4096];
    getcwd(cwd, sizeof cwd);
    printf("cwd after chdir ..: %s\n", cwd);
    snprintf(path, sizeof path, ".%s", outside);
    attempt("after chdir", path);
    int dfd = open("/", O_RDONLY | O_DIRECTORY);
    int fd = openat(dfd, path + 2, O_RDONLY);
    printf("openat root fd: %s\n", fd >= 0 ? "ESCAPED?" : strerror(errno));
    struct stat st;
    printf("stat outside: %s\n", stat(outside, &st) == 0 ? "visible" : strerror(errno));
    /* A host-architecture program inside the jail must not run as a host process (it would be outside). */
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) { execl("/hosttool", "hosttool", (char *)NULL); printf("exec host program: %s\n", strerror(errno)); fflush(stdout); _exit(1); }
    int status;
    waitpid(c, &status, 0);
    unlink("rootlink");
    unlink("uplink");
    return 0;
}
