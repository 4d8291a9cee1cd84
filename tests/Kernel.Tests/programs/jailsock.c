/* Calls that take a path but act on what it leads to, from inside a --root jail: AF_UNIX connect and
   sendto through a symlink to a host socket, faccessat2(AT_SYMLINK_NOFOLLOW) on symlinks to host paths.
   argv: HOST_SOCKET (listening, outside the root) HOST_FILE (exists, outside) HOST_MISSING (does not exist).
   Then the same calls on a socket inside the root, which must work. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

static struct sockaddr_un address(const char *path)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    return a;
}

static void try_connect(const char *how, const char *path)
{
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = address(path);
    printf("%s: %s\n", how, connect(s, (struct sockaddr *)&a, sizeof a) == 0 ? "ESCAPED" : strerror(errno));
    close(s);
}

static const char *access_result(const char *path, int flags)
{
    return syscall(SYS_faccessat2, AT_FDCWD, path, R_OK, flags) == 0 ? "0" : strerror(errno);
}

int main(int argc, char **argv)
{
    if (argc != 4) return 2;
    char directory[4096];
    strcpy(directory, argv[1]);
    symlink(argv[1], "/sock.link");
    symlink(dirname(directory), "/sockdir.link");
    try_connect("connect host path", argv[1]);
    try_connect("connect symlink to host socket", "/sock.link");
    char via_directory[200];
    snprintf(via_directory, sizeof via_directory, "/sockdir.link/%s", basename(argv[1]));
    try_connect("connect through symlinked directory", via_directory);

    /* A datagram to the stream socket would fail with EPROTOTYPE if it reached it. */
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a = address("/sock.link");
    int r = sendto(d, "x", 1, 0, (struct sockaddr *)&a, sizeof a);
    printf("sendto symlink to host socket: %s\n", r == 1 || errno == EPROTOTYPE ? "ESCAPED" : strerror(errno));
    close(d);

    symlink(argv[2], "/file.link");
    symlink(argv[3], "/missing.link");
    /* AT_SYMLINK_NOFOLLOW asks about the links themselves: the same answer for both. */
    printf("faccessat2 nofollow, link to host file: %s\n", access_result("/file.link", AT_SYMLINK_NOFOLLOW));
    printf("faccessat2 nofollow, link to missing host file: %s\n", access_result("/missing.link", AT_SYMLINK_NOFOLLOW));
    printf("faccessat2 follow, link to host file: %s\n", access_result("/file.link", 0));
    printf("access, link to host file: %s\n", access("/file.link", F_OK) == 0 ? "ESCAPED" : strerror(errno));

    /* Inside the root all of it works: a server, a client through a symlink, the names each side sees. */
    int server = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un inside = address("/inside.sock");
    unlink("/inside.sock");
    printf("bind inside: %d\n", bind(server, (struct sockaddr *)&inside, sizeof inside));
    printf("listen inside: %d\n", listen(server, 2));
    symlink("/inside.sock", "/inside.link");
    int client = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un link = address("/inside.link");
    printf("connect through a symlink inside: %d\n", connect(client, (struct sockaddr *)&link, sizeof link));
    fcntl(server, F_SETFL, O_NONBLOCK); /* a connection that went elsewhere must not hang the probe */
    int conn = accept(server, NULL, NULL);
    write(client, "ping", 4);
    char text[8] = { 0 };
    if (conn >= 0) read(conn, text, sizeof text - 1);
    printf("received: %s\n", conn >= 0 ? text : strerror(errno));
    struct sockaddr_un name;
    socklen_t length = sizeof name;
    getsockname(server, (struct sockaddr *)&name, &length);
    printf("getsockname: %s (%u)\n", name.sun_path, length);
    length = sizeof name;
    getpeername(client, (struct sockaddr *)&name, &length);
    printf("getpeername: %s (%u)\n", name.sun_path, length);
    printf("bind over an existing name: %s\n", bind(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&inside, sizeof inside) == 0 ? "bound" : strerror(errno));
    struct sockaddr_un over_link = address("/file.link");
    printf("bind over a symlink: %s\n", bind(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&over_link, sizeof over_link) == 0 ? "bound" : strerror(errno));
    unlink("/inside.sock");
    return 0;
}
