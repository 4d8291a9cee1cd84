/* Opening a FIFO waits for its other end (fifo(7)), and other threads go on meanwhile: a thread's open for writing
   meets the main thread's open for reading (Go's os.TestFifoEOF hung here). A signal with a handler ends a waiting
   open with EINTR, or restarts it under SA_RESTART; a fatal signal kills a process waiting in one. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char path[64];

static void pause_ms(long ms) {
  struct timespec t = {0, ms * 1000000};
  nanosleep(&t, 0);
}

static void *writer(void *arg) {
  (void)arg;
  pause_ms(30);
  int w = open(path, O_WRONLY);
  if (w < 0) { printf("writer open: %s\n", strerror(errno)); return 0; }
  for (int i = 0; i < 3; i++) {
    char b[16];
    int n = snprintf(b, sizeof b, "line %d\n", i);
    if (write(w, b, n) != n) printf("write failed\n");
    pause_ms(10);
  }
  close(w);
  return 0;
}

static void on_usr1(int sig) { (void)sig; }

static volatile int reader_done;

static void *interrupted_reader(void *arg) {
  int r = open(path, O_RDONLY);
  printf("reader open (%s): %s\n", (const char *)arg, r >= 0 ? "opened" : strerror(errno));
  if (r >= 0) close(r);
  reader_done = 1;
  return 0;
}

static void handled_signal_during_open(int flags, const char *name) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = flags;
  sigaction(SIGUSR1, &sa, 0);
  pthread_t t;
  reader_done = 0;
  pthread_create(&t, 0, interrupted_reader, (void *)name);
  pause_ms(80);
  pthread_kill(t, SIGUSR1);
  pause_ms(80);
  /* Under SA_RESTART the reader waits again; a writer lets it finish. Opened until the reader is done: on a loaded
     host its restarted open may come after a single writer has come and gone, and then it would wait forever. */
  while (!reader_done) {
    int w = open(path, O_WRONLY | O_NONBLOCK);
    if (w >= 0) close(w);
    pause_ms(10);
  }
  pthread_join(t, 0);
}

int main(void) {
  setvbuf(stdout, 0, _IONBF, 0);
  snprintf(path, sizeof path, "/tmp/rvjit-fifoopen-%d", getpid());
  unlink(path);
  if (mkfifo(path, 0600)) { perror("mkfifo"); return 1; }

  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  int r = open(path, O_RDONLY);
  if (r < 0) { printf("reader open: %s\n", strerror(errno)); return 1; }
  char buf[256];
  ssize_t n;
  size_t total = 0;
  while ((n = read(r, buf, sizeof buf)) > 0) {
    fwrite(buf, 1, n, stdout);
    total += n;
  }
  printf("end of file after %zu bytes\n", total);
  close(r);
  pthread_join(t, 0);

  handled_signal_during_open(0, "handler");
  handled_signal_during_open(SA_RESTART, "SA_RESTART handler");

  pid_t child = fork();
  if (child == 0) {
    open(path, O_WRONLY);
    _exit(0);
  }
  pause_ms(80);
  kill(child, SIGTERM);
  int status;
  waitpid(child, &status, 0);
  printf("child waiting in open: %s\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM ? "killed by SIGTERM" : "not killed");
  unlink(path);
  return 0;
}
