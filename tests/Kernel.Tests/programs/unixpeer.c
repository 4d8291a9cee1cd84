/* getpeername of an AF_UNIX stream client names the server as the server bound it ("./peer.sock", relative), not by
   the path the client connected to; getsockname of the accepted socket too. Python 3.13's test_asyncio test_events
   (test_create_ssl_unix_connection) showed the full path. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char dir[] = "/tmp/unixpeerXXXXXX";

static void show(const char *what, struct sockaddr_un *a, socklen_t len) {
  const char *path = len > sizeof(sa_family_t) ? a->sun_path : "";
  size_t n = strlen(dir);
  if (strncmp(path, dir, n) == 0) printf("%s: DIR%s (%u)\n", what, path + n, (unsigned)len - (unsigned)n + 3);
  else printf("%s: %s (%u)\n", what, path, (unsigned)len);
}

int main(void) {
  if (!mkdtemp(dir) || chdir(dir) != 0) return 1;
  int server = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  strcpy(a.sun_path, "./peer.sock");
  if (bind(server, (struct sockaddr *)&a, sizeof a) != 0 || listen(server, 1) != 0) return 2;
  int client = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un full = {.sun_family = AF_UNIX};
  snprintf(full.sun_path, sizeof full.sun_path, "%s/peer.sock", dir);
  if (connect(client, (struct sockaddr *)&full, sizeof full) != 0) return 3;
  int accepted = accept(server, NULL, NULL);
  struct sockaddr_un got;
  socklen_t len = sizeof got;
  getpeername(client, (struct sockaddr *)&got, &len);
  show("client's peer", &got, len);
  len = sizeof got;
  getsockname(server, (struct sockaddr *)&got, &len);
  show("server's name", &got, len);
  len = sizeof got;
  getsockname(accepted, (struct sockaddr *)&got, &len);
  show("accepted's name", &got, len);
  len = sizeof got;
  getpeername(accepted, (struct sockaddr *)&got, &len);
  show("accepted's peer", &got, len);
  len = sizeof got;
  getsockname(client, (struct sockaddr *)&got, &len);
  show("client's name", &got, len);
  unlink("peer.sock");
  chdir("/");
  rmdir(dir);
  return 0;
}
