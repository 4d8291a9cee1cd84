/* FUTEX_WAKE_OP: each operation's effect on the second word, the argument decoding (signed 12-bit
   arguments, FUTEX_OP_OPARG_SHIFT), unknown operations and comparisons, bad words, and the wake-ups. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint32_t word1, word2;

static long wake_op(uint32_t *a1, int n1, int n2, uint32_t *a2, uint32_t op) {
  return syscall(SYS_futex, a1, FUTEX_WAKE_OP, n1, (long)n2, a2, op);
}

static void show(const char *name, uint32_t before, uint32_t op) {
  word2 = before;
  errno = 0;
  long r = wake_op(&word1, 1, 1, &word2, op);
  printf("%s: %ld %s, word 0x%x\n", name, r, r < 0 ? strerrorname_np(errno) : "", word2);
}

static void *waiter(void *arg) {
  (void)arg;
  syscall(SYS_futex, &word2, FUTEX_WAIT, 7, 0, 0, 0);
  return 0;
}

int main(void) {
  show("set", 5, FUTEX_OP(FUTEX_OP_SET, 9, FUTEX_OP_CMP_EQ, 0));
  show("add", 5, FUTEX_OP(FUTEX_OP_ADD, 9, FUTEX_OP_CMP_EQ, 0));
  show("add negative", 5, FUTEX_OP(FUTEX_OP_ADD, 0xfff, FUTEX_OP_CMP_EQ, 0));
  show("or", 5, FUTEX_OP(FUTEX_OP_OR, 0x30, FUTEX_OP_CMP_EQ, 0));
  show("andn", 0xff, FUTEX_OP(FUTEX_OP_ANDN, 0x0f, FUTEX_OP_CMP_EQ, 0));
  show("xor", 0xff, FUTEX_OP(FUTEX_OP_XOR, 0x0f, FUTEX_OP_CMP_EQ, 0));
  show("set shift 3", 0, FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 3, FUTEX_OP_CMP_EQ, 0));
  show("set shift 12", 0, FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 12, FUTEX_OP_CMP_EQ, 0));
  show("or shift 31", 1, FUTEX_OP(FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 31, FUTEX_OP_CMP_EQ, 0));
  show("set shift 40", 0, FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 40, FUTEX_OP_CMP_EQ, 0));
  show("set shift -1", 0, FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 0xfff, FUTEX_OP_CMP_EQ, 0));
  show("op 5", 5, FUTEX_OP(5, 1, FUTEX_OP_CMP_EQ, 0));
  show("cmp 6", 5, FUTEX_OP(FUTEX_OP_SET, 1, 6, 0));
  show("cmp 15", 5, FUTEX_OP(FUTEX_OP_ADD, 1, 15, 0));
  errno = 0;
  printf("misaligned second word: %ld %s\n", wake_op(&word1, 1, 1, (uint32_t *)((char *)&word2 + 2), 0), strerrorname_np(errno));
  errno = 0;
  printf("bad second word: %ld %s\n", wake_op(&word1, 1, 1, (uint32_t *)16, 0), strerrorname_np(errno));

  /* The comparison is of the old value, signed: -5 < 3 wakes the waiter on the second word, -5 > 3 does not. */
  word2 = 7;
  pthread_t t;
  pthread_create(&t, 0, waiter, 0);
  struct timespec pause = { 0, 50000000 };
  nanosleep(&pause, 0);
  word2 = (uint32_t)-5;
  printf("cmp gt false wakes: %ld\n", wake_op(&word1, 1, 1, &word2, FUTEX_OP(FUTEX_OP_ADD, 0, FUTEX_OP_CMP_GT, 3)));
  long woken = 0;
  for (int i = 0; i < 1000 && woken == 0; i++) {
    woken = wake_op(&word1, 1, 1, &word2, FUTEX_OP(FUTEX_OP_ADD, 0, FUTEX_OP_CMP_LT, 3));
    if (woken == 0) nanosleep(&pause, 0);
  }
  pthread_join(t, 0);
  printf("cmp lt true wakes: %ld, word %d\n", woken, (int)word2);
  return 0;
}
