/* pingpong: two threads handing control to each other through futexes, ROUNDS times (argv[2]).
 * Mode argv[1]:
 *   pingpong  a token bounces between the threads on one futex word: each waits (FUTEX_WAIT) until the
 *             word says it is its turn, flips it and wakes the other (FUTEX_WAKE); one round trip = two
 *             hand-overs, each a wake and a wait (a context switch when both share one core).
 *   wake      cross-thread wake latency: the sleeper announces it is about to sleep and waits in
 *             FUTEX_WAIT; the waker lets it settle into the wait, changes the word and wakes it; the
 *             sleeper acknowledges through a word the waker polls (spinning briefly, then yielding), so
 *             each round times one futex wake reaching a sleeping thread, not a second sleep.
 * Prints only what is deterministic (mode and rounds); times come from the whole run's wall clock
 * (bench/compare/compare.py subtracts a 0-round run). The wake mode reports to stderr how many waits
 * returned at once (EAGAIN: the word had changed before the sleeper reached the kernel). */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SPIN_BEFORE_YIELD 2000  /* polls before sched_yield: long enough for a wake on another core */
#define SETTLE_POLLS 200        /* the waker's pause between "about to sleep" and the wake */

static long rounds;

/* Each shared word on its own cache line. */
static alignas(64) uint32_t turn;      /* pingpong: 0 = main's turn, 1 = partner's turn */
static alignas(64) uint32_t wake_word; /* wake: the round the waker has released */
static alignas(64) uint32_t sleeping;  /* wake: the round the sleeper is about to wait for */
static alignas(64) uint32_t acked;     /* wake: the last round the sleeper saw */
static alignas(64) long immediate_returns;

static long futex(uint32_t *word, int op, uint32_t value)
{
    return syscall(SYS_futex, word, op | FUTEX_PRIVATE_FLAG, value, NULL, NULL, 0);
}

static uint32_t load(uint32_t *word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }
static void store(uint32_t *word, uint32_t value) { __atomic_store_n(word, value, __ATOMIC_RELEASE); }

/* Waits until *word == want, sleeping in the kernel while it is not. */
static void wait_for(uint32_t *word, uint32_t want)
{
    for (uint32_t seen; (seen = load(word)) != want;)
        futex(word, FUTEX_WAIT, seen);
}

/* Polls until *word == want: a short spin (a waker on another core answers within it), then yields
 * (so a single core, or an emulator running threads one at a time, lets the other thread run). */
static void poll_for(uint32_t *word, uint32_t want)
{
    for (long i = 0; load(word) != want; i++)
        if (i >= SPIN_BEFORE_YIELD) sched_yield();
}

static void *pingpong_partner(void *arg)
{
    (void)arg;
    for (long r = 0; r < rounds; r++) {
        wait_for(&turn, 1);
        store(&turn, 0);
        futex(&turn, FUTEX_WAKE, 1);
    }
    return NULL;
}

static void pingpong_main(void)
{
    for (long r = 0; r < rounds; r++) {
        store(&turn, 1);
        futex(&turn, FUTEX_WAKE, 1);
        wait_for(&turn, 0);
    }
}

static void *wake_sleeper(void *arg)
{
    (void)arg;
    for (long r = 1; r <= rounds; r++) {
        uint32_t round = (uint32_t)r;
        store(&sleeping, round);
        while (load(&wake_word) != round) {
            if (futex(&wake_word, FUTEX_WAIT, round - 1) != 0 && errno == EAGAIN)
                __atomic_fetch_add(&immediate_returns, 1, __ATOMIC_RELAXED);
        }
        store(&acked, round);
    }
    return NULL;
}

static void wake_main(void)
{
    for (long r = 1; r <= rounds; r++) {
        uint32_t round = (uint32_t)r;
        poll_for(&sleeping, round);
        for (volatile int i = 0; i < SETTLE_POLLS; i++) (void)load(&sleeping);
        store(&wake_word, round);
        futex(&wake_word, FUTEX_WAKE, 1);
        poll_for(&acked, round);
    }
}

int main(int argc, char **argv)
{
    char *end = NULL;
    if (argc == 3) rounds = strtol(argv[2], &end, 10);
    int pingpong = argc == 3 && strcmp(argv[1], "pingpong") == 0;
    int wake = argc == 3 && strcmp(argv[1], "wake") == 0;
    if (!(pingpong || wake) || end == argv[2] || *end != '\0' || rounds < 0 || rounds > UINT32_MAX - 1) {
        fprintf(stderr, "usage: %s pingpong|wake ROUNDS\n", argv[0]);
        return 2;
    }
    pthread_t partner;
    if (pthread_create(&partner, NULL, pingpong ? pingpong_partner : wake_sleeper, NULL) != 0) {
        fprintf(stderr, "pthread_create failed\n");
        return 1;
    }
    if (pingpong) pingpong_main(); else wake_main();
    pthread_join(partner, NULL);
    if (wake) fprintf(stderr, "wake: %ld of %ld waits returned at once\n", immediate_returns, rounds);
    printf("%s: %ld rounds\n", argv[1], rounds);
    return 0;
}
