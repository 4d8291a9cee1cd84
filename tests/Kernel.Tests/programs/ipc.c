/* System V IPC: message queues, semaphores and shared memory, with their error cases (ids are not printed:
   under qemu-riscv64 they come from the host's namespace). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHOW(what, expr) do { errno = 0; long r_ = (long)(expr); printf("%s: %s\n", what, r_ < 0 ? strerrorname_np(errno) : "ok"); } while (0)
#define VALUE(what, expr) do { errno = 0; long r_ = (long)(expr); if (r_ < 0) printf("%s: %s\n", what, strerrorname_np(errno)); else printf("%s: %ld\n", what, r_); } while (0)

union semun { int val; struct semid_ds *buf; unsigned short *array; };
struct message { long type; char text[64]; };

static int base_key;
static void on_usr1(int sig) { (void)sig; }

static long receive(int q, long type, int flags, size_t size, char *out) {
  struct message m;
  memset(&m, 0, sizeof m);
  long n = msgrcv(q, &m, size, type, flags);
  if (n >= 0) sprintf(out, "type %ld '%.*s'", m.type, (int)n, m.text);
  else sprintf(out, "%s", strerrorname_np(errno));
  return n;
}

static int send_text(int q, long type, const char *text, int flags) {
  struct message m = { .type = type };
  strcpy(m.text, text);
  return msgsnd(q, &m, strlen(text), flags);
}

static void *remove_later(void *arg) {
  int q = *(int *)arg;
  usleep(200000);
  msgctl(q, IPC_RMID, 0);
  return 0;
}

static void messages(void) {
  char out[128];
  int q = msgget(IPC_PRIVATE, 0600);
  printf("msgget private: %s\n", q >= 0 ? "ok" : strerrorname_np(errno));
  int key = base_key + 1;
  int k = msgget(key, IPC_CREAT | IPC_EXCL | 0600);
  SHOW("msgget key excl", k);
  SHOW("msgget key excl again", msgget(key, IPC_CREAT | IPC_EXCL | 0600));
  printf("msgget key again same: %d\n", msgget(key, 0) == k);
  SHOW("msgget missing key", msgget(base_key + 99, 0600));

  send_text(q, 3, "three", 0);
  send_text(q, 2, "two-a", 0);
  send_text(q, 1, "one", 0);
  send_text(q, 2, "two-b", 0);
  struct msqid_ds ds;
  msgctl(q, IPC_STAT, &ds);
  printf("stat: qnum %lu cbytes %lu qbytes %lu mode %o lspid-self %d\n", (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes,
         (unsigned long)ds.msg_qbytes, ds.msg_perm.mode, ds.msg_lspid == getpid());
  receive(q, 2, 0, 64, out); printf("rcv 2: %s\n", out);
  receive(q, -2, 0, 64, out); printf("rcv -2: %s\n", out);
  receive(q, 3, MSG_EXCEPT, 64, out); printf("rcv except 3: %s\n", out);
  receive(q, 0, 0, 2, out); printf("rcv small: %s\n", out);
  receive(q, 0, MSG_NOERROR, 2, out); printf("rcv noerror: %s\n", out);
  receive(q, 0, IPC_NOWAIT, 64, out); printf("rcv empty nowait: %s\n", out);
  SHOW("snd type 0", send_text(q, 0, "x", 0));
  static struct { long type; char text[9000]; } big = { .type = 1 };
  SHOW("snd too big", msgsnd(q, &big, 8193, 0));
  SHOW("snd bad pointer", msgsnd(q, (void *)16, 4, 0));
  SHOW("rcv negative size", msgrcv(q, &big, (size_t)-1, 0, 0));
  SHOW("ctl bad cmd", msgctl(q, 77, &ds));

  ds.msg_qbytes = 100;
  SHOW("set qbytes", msgctl(q, IPC_SET, &ds));
  char sixty[61];
  memset(sixty, 'x', 60);
  sixty[60] = 0;
  SHOW("snd 60", send_text(q, 1, sixty, 0));
  SHOW("snd 60 full nowait", send_text(q, 1, sixty, IPC_NOWAIT));
  receive(q, 0, 0, 64, out);

  /* A receiver blocked in another process gets a later message. */
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    receive(q, 5, 0, 64, out);
    printf("child received: %s\n", out);
    fflush(stdout);
    _exit(0);
  }
  usleep(20000);
  send_text(q, 5, "for child", 0);
  waitpid(child, 0, 0);

  /* A signal interrupts a blocked receive even with SA_RESTART; removal wakes receivers with EIDRM. */
  struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
  sigaction(SIGUSR1, &sa, 0);
  fflush(stdout);
  child = fork();
  if (child == 0) {
    receive(q, 9, 0, 64, out);
    printf("child interrupted: %s\n", out);
    fflush(stdout);
    _exit(0);
  }
  /* Signals that arrive before the child blocks only run its handler: send until it has left. */
  while (waitpid(child, 0, WNOHANG) == 0) {
    kill(child, SIGUSR1);
    usleep(10000);
  }
  pthread_t t;
  pthread_create(&t, 0, remove_later, &q);
  receive(q, 9, 0, 64, out);
  printf("rcv during removal: %s\n", out);
  pthread_join(t, 0);
  SHOW("snd after removal", send_text(q, 1, "x", 0));
  SHOW("stat after removal", msgctl(q, IPC_STAT, &ds));
  SHOW("rmid key queue", msgctl(k, IPC_RMID, 0));
  SHOW("rmid twice", msgctl(k, IPC_RMID, 0));
}

static const char *waiter_result;

static void *semaphore_waiter(void *arg) {
  int s = *(int *)arg;
  struct sembuf op = { 0, -1, 0 };
  int r = semop(s, &op, 1);
  waiter_result = r == 0 ? "ok" : strerrorname_np(errno);
  return 0;
}

static void semaphores(void) {
  union semun arg;
  int s = semget(IPC_PRIVATE, 3, 0600);
  printf("semget private: %s\n", s >= 0 ? "ok" : strerrorname_np(errno));
  SHOW("semget zero", semget(IPC_PRIVATE, 0, 0600));
  SHOW("semget too many", semget(IPC_PRIVATE, 40000, 0600));
  int key = base_key + 2;
  int k = semget(key, 2, IPC_CREAT | 0600);
  SHOW("semget key", k);
  SHOW("semget key larger", semget(key, 3, 0));
  printf("semget key smaller same: %d\n", semget(key, 1, 0) == k);

  arg.val = 5;
  SHOW("setval", semctl(s, 1, SETVAL, arg));
  VALUE("getval", semctl(s, 1, GETVAL));
  printf("getpid self: %d\n", semctl(s, 1, GETPID) == getpid());
  arg.val = 40000;
  SHOW("setval range", semctl(s, 1, SETVAL, arg));
  arg.val = 1;
  SHOW("setval bad number", semctl(s, 3, SETVAL, arg));
  SHOW("getval bad number", semctl(s, -1, GETVAL));
  unsigned short all[3] = { 1, 2, 3 };
  arg.array = all;
  SHOW("setall", semctl(s, 0, SETALL, arg));
  unsigned short got[3] = { 0 };
  arg.array = got;
  semctl(s, 0, GETALL, arg);
  printf("getall: %d %d %d\n", got[0], got[1], got[2]);
  struct semid_ds ds;
  arg.buf = &ds;
  semctl(s, 0, IPC_STAT, arg);
  printf("stat: nsems %lu mode %o\n", (unsigned long)ds.sem_nsems, ds.sem_perm.mode);

  struct sembuf ops[2] = { { 0, 5, 0 }, { 1, -3, IPC_NOWAIT } };
  SHOW("semop all-or-nothing", semop(s, ops, 2));
  VALUE("sem0 unchanged", semctl(s, 0, GETVAL));
  ops[1].sem_op = -2;
  SHOW("semop both", semop(s, ops, 2));
  semctl(s, 0, GETALL, (union semun){ .array = got });
  printf("after: %d %d %d\n", got[0], got[1], got[2]);
  struct sembuf zero = { 2, 0, IPC_NOWAIT };
  SHOW("wait zero nowait", semop(s, &zero, 1));
  struct sembuf over = { 2, 32767, 0 };
  SHOW("semop over max", semop(s, &over, 1));
  struct sembuf bad = { 3, 1, 0 };
  SHOW("semop bad number", semop(s, &bad, 1));
  SHOW("semop no ops", semop(s, ops, 0));
  SHOW("semop too many ops", semop(s, ops, 501));
  SHOW("semop bad pointer", semop(s, (void *)16, 1));
  struct sembuf take = { 1, -10, 0 };
  struct timespec timeout = { 0, 30000000 };
  SHOW("semtimedop timeout", semtimedop(s, &take, 1, &timeout));
  timeout.tv_nsec = 1000000000;
  SHOW("semtimedop bad timeout", semtimedop(s, &take, 1, &timeout));

  /* A waiter in another process: counted by GETNCNT, released by an increment. */
  arg.val = 0;
  semctl(s, 0, SETVAL, arg);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    struct sembuf op = { 0, -1, 0 };
    int r = semop(s, &op, 1);
    printf("child semop: %s\n", r == 0 ? "ok" : strerrorname_np(errno));
    fflush(stdout);
    _exit(0);
  }
  for (int i = 0; i < 2000 && semctl(s, 0, GETNCNT) != 1; i++) usleep(1000);
  VALUE("ncnt", semctl(s, 0, GETNCNT));
  struct sembuf give = { 0, 1, 0 };
  semop(s, &give, 1);
  waitpid(child, 0, 0);
  VALUE("ncnt after", semctl(s, 0, GETNCNT));

  /* SEM_UNDO: what an exiting process added is taken back. */
  fflush(stdout);
  child = fork();
  if (child == 0) {
    struct sembuf op = { 2, 4, SEM_UNDO };
    semop(s, &op, 1);
    _exit(0);
  }
  waitpid(child, 0, 0);
  VALUE("after undo", semctl(s, 2, GETVAL));

  /* Removal wakes a blocked thread with EIDRM. */
  pthread_t t;
  pthread_create(&t, 0, semaphore_waiter, &s);
  for (int i = 0; i < 2000 && semctl(s, 0, GETNCNT) != 1; i++) usleep(1000);
  SHOW("rmid", semctl(s, 0, IPC_RMID));
  pthread_join(t, 0);
  printf("thread semop: %s\n", waiter_result);
  SHOW("getval after rmid", semctl(s, 0, GETVAL));
  semctl(k, 0, IPC_RMID);
}

static void shared_memory(void) {
  int m = shmget(IPC_PRIVATE, 10000, 0600);
  printf("shmget private: %s\n", m >= 0 ? "ok" : strerrorname_np(errno));
  SHOW("shmget zero", shmget(IPC_PRIVATE, 0, 0600));
  int key = base_key + 3;
  int k = shmget(key, 5000, IPC_CREAT | 0600);
  SHOW("shmget key", k);
  SHOW("shmget key larger", shmget(key, 9000, 0));
  printf("shmget key smaller same: %d\n", shmget(key, 100, 0) == k);
  struct shmid_ds ds;
  shmctl(m, IPC_STAT, &ds);
  printf("stat: size %lu nattch %lu mode %o cpid-self %d\n", (unsigned long)ds.shm_segsz, (unsigned long)ds.shm_nattch,
         ds.shm_perm.mode, ds.shm_cpid == getpid());

  char *p = shmat(m, 0, 0);
  printf("shmat: %s\n", p == (void *)-1 ? strerrorname_np(errno) : "ok");
  strcpy(p, "parent");
  strcpy(p + 9000, "far");
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    struct shmid_ds cds;
    shmctl(m, IPC_STAT, &cds);
    printf("child sees '%s' '%s', nattch %lu\n", p, p + 9000, (unsigned long)cds.shm_nattch);
    strcpy(p, "child");
    fflush(stdout);
    _exit(0);
  }
  waitpid(child, 0, 0);
  printf("parent sees '%s'\n", p);
  char *q = shmat(m, 0, SHM_RDONLY);
  printf("second attach sees '%s', same memory %d\n", q, q != p);
  shmctl(m, IPC_STAT, &ds);
  printf("nattch %lu\n", (unsigned long)ds.shm_nattch);
  SHOW("shmdt second", shmdt(q));
  SHOW("shmdt again", shmdt(q));
  SHOW("shmdt unaligned", shmdt(p + 1));
  SHOW("shmdt inside", shmdt(p + 4096));

  char *spot = mmap(0, 3 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(spot, 3 * 4096);
  SHOW("shmat unaligned", shmat(m, spot + 1, 0));
  char *r = shmat(m, spot + 1, SHM_RND);
  printf("shmat rnd: at %d sees '%s'\n", r == spot, r == spot ? r : "");
  SHOW("shmat over mapping", shmat(m, spot, 0));
  SHOW("shmat remap", shmat(m, spot, SHM_REMAP));
  SHOW("shmdt rnd", shmdt(spot));
  SHOW("shmat bad id", shmat(-1, 0, 0));

  SHOW("rmid attached", shmctl(m, IPC_RMID, 0));
  shmctl(m, IPC_STAT, &ds);
  printf("after rmid: nattch %lu dest %d key %d still '%s'\n", (unsigned long)ds.shm_nattch, (ds.shm_perm.mode & SHM_DEST) != 0,
         ds.shm_perm.__key, p);
  SHOW("shmdt last", shmdt(p));
  SHOW("stat after last detach", shmctl(m, IPC_STAT, &ds));
  SHOW("rmid key segment", shmctl(k, IPC_RMID, 0));
  SHOW("shmget key after rmid", shmget(key, 100, 0));
}

int main(void) {
  base_key = 0x52560000 + (getpid() & 0xfff) * 16;
  messages();
  semaphores();
  shared_memory();
  return 0;
}
