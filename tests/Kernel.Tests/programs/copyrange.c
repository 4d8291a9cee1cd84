/* copy_file_range works between regular files only: pipes give EINVAL (Go's io.Copy falls back on it),
   directories EISDIR, an O_APPEND output EBADF. sendfile from a file into a pipe works; splice moves
   bytes between a pipe and a file (Go's TCP io.Copy splices through a pipe). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <unistd.h>

static void show(const char *what, ssize_t r)
{
    printf("%s: %zd %s\n", what, r, r < 0 ? strerror(errno) : "");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int a = open("a.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(a, "0123456789abcdef", 16);
    int b = open("b.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    loff_t in = 4, out = 2;
    show("file to file", copy_file_range(a, &in, b, &out, 6, 0));
    printf("offsets %lld %lld\n", (long long)in, (long long)out);
    char buf[32] = { 0 };
    pread(b, buf, sizeof buf - 1, 0);
    printf("b holds %zu bytes, tail '%s'\n", strlen(buf + 2) + 2, buf + 2);
    lseek(a, 10, SEEK_SET);
    show("file positions", copy_file_range(a, NULL, b, NULL, 100, 0));
    printf("a position %lld\n", (long long)lseek(a, 0, SEEK_CUR));

    int p[2];
    pipe2(p, O_NONBLOCK);
    show("pipe to file", copy_file_range(p[0], NULL, b, NULL, 100, 0));
    show("file to pipe", copy_file_range(a, &in, p[1], NULL, 100, 0));
    show("directory", copy_file_range(open(".", O_RDONLY | O_DIRECTORY), NULL, b, NULL, 10, 0));
    int ap = open("c.txt", O_WRONLY | O_CREAT | O_APPEND, 0644);
    show("append output", copy_file_range(a, &in, ap, NULL, 10, 0));
    show("bad flags", copy_file_range(a, &in, b, NULL, 10, 1));

    off_t off = 0;
    show("sendfile to pipe", sendfile(p[1], a, &off, 5));
    memset(buf, 0, sizeof buf);
    read(p[0], buf, sizeof buf - 1);
    printf("pipe got '%s', offset %lld\n", buf, (long long)off);

    /* splice: file to pipe (with an offset), pipe to file, neither a pipe. */
    loff_t so = 3;
    show("splice file to pipe", splice(a, &so, p[1], NULL, 4, 0));
    printf("splice offset %lld\n", (long long)so);
    int d = open("d.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    show("splice pipe to file", splice(p[0], NULL, d, NULL, 100, 0));
    memset(buf, 0, sizeof buf);
    pread(d, buf, sizeof buf - 1, 0);
    printf("d holds '%s'\n", buf);
    show("splice empty pipe, non-blocking", splice(p[0], NULL, d, NULL, 100, SPLICE_F_NONBLOCK));
    show("splice no pipe", splice(a, NULL, d, NULL, 10, 0));
    return 0;
}
