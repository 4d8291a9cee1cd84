/* What a guest's sockets reach: AF_INET and AF_INET6 sockets and abstract AF_UNIX names (the network),
   AF_UNIX paths in the working directory and socketpair (always there). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void report(const char *what, int result)
{
    printf("%s: %s\n", what, result >= 0 ? "ok" : strerror(errno));
}

static void server_and_client(const char *what, struct sockaddr_un *a, socklen_t length)
{
    char label[64];
    int server = socket(AF_UNIX, SOCK_STREAM, 0), client = socket(AF_UNIX, SOCK_STREAM, 0);
    snprintf(label, sizeof label, "bind %s", what);
    report(label, bind(server, (struct sockaddr *)a, length));
    listen(server, 1);
    snprintf(label, sizeof label, "connect %s", what);
    report(label, connect(client, (struct sockaddr *)a, length));
    close(client);
    close(server);
}

int main(void)
{
    report("socket AF_INET stream", socket(AF_INET, SOCK_STREAM, 0));
    report("socket AF_INET6 datagram", socket(AF_INET6, SOCK_DGRAM, 0));

    struct sockaddr_un abstract = { .sun_family = AF_UNIX };
    int n = snprintf(abstract.sun_path + 1, sizeof abstract.sun_path - 1, "rvjit-netpolicy-%d", getpid());
    server_and_client("abstract", &abstract, offsetof(struct sockaddr_un, sun_path) + 1 + n);

    struct sockaddr_un path = { .sun_family = AF_UNIX };
    strcpy(path.sun_path, "netpolicy.sock");
    unlink(path.sun_path);
    server_and_client("path", &path, sizeof path);
    unlink(path.sun_path);

    int pair[2];
    report("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
    return 0;
}
