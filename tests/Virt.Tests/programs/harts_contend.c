// Two harts contend in M-mode: each adds to one counter with amoadd, and increments two plain counters inside
// a spinlock built from lr.w/sc.w (released with amoswap.w.rl), checking that no other hart holds it meanwhile.
// Hart 0 prints the totals once both are done and powers off: exact totals mean the AMOs were atomic and the
// lock excluded, also when the harts run at once on host threads of their own.
#include "mlib.h"

#define AMO_ROUNDS 200000
#define LOCK_ROUNDS 100000

// On a page of their own: a store into a page that holds code makes the engines drop the page's decoded code.
static struct
{
    unsigned long amo_total;
    unsigned int amo_word;
    int spinlock;
    unsigned long locked_a, locked_b;
    int owner;
    unsigned long violations;
    int done;
} volatile shared __attribute__((aligned(4096))) = { .owner = -1 };
#define amo_total shared.amo_total
#define amo_word shared.amo_word
#define spinlock shared.spinlock
#define locked_a shared.locked_a
#define locked_b shared.locked_b
#define owner shared.owner
#define violations shared.violations
#define done shared.done

static void lock(volatile int *l)
{
    int busy;
    asm volatile(
        "1: lr.w.aq %0, (%1)\n"
        "   bnez %0, 1b\n"
        "   sc.w %0, %2, (%1)\n"
        "   bnez %0, 1b\n"
        : "=&r"(busy) : "r"(l), "r"(1) : "memory");
}

static void unlock(volatile int *l) { asm volatile("amoswap.w.rl zero, zero, (%0)" :: "r"(l) : "memory"); }

void trap(unsigned long cause, unsigned long hart) { (void)cause; (void)hart; poweroff(3); } // no traps expected

static void work(int hart)
{
    for (int i = 0; i < AMO_ROUNDS; i++)
    {
        __atomic_fetch_add(&amo_total, 1, __ATOMIC_RELAXED);   // amoadd.d
        __atomic_fetch_add(&amo_word, 2, __ATOMIC_RELAXED);    // amoadd.w
    }
    for (int i = 0; i < LOCK_ROUNDS; i++)
    {
        lock(&spinlock);
        owner = hart;
        unsigned long a = locked_a;
        locked_a = a + 1;
        locked_b = locked_b + 3;
        if (owner != hart) violations++;
        owner = -1;
        unlock(&spinlock);
    }
    __atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
}

int main(unsigned long hart)
{
    if (hart > 1) for (;;) asm volatile("wfi");
    work((int)hart);
    if (hart == 1) for (;;) asm volatile("wfi");
    while (__atomic_load_n(&done, __ATOMIC_SEQ_CST) < 2) ;
    puts_("contend: amo ");
    put_dec(amo_total);
    puts_(" ");
    put_dec(amo_word);
    puts_(", lock ");
    put_dec(locked_a);
    puts_(" ");
    put_dec(locked_b);
    puts_(", violations ");
    put_dec(violations);
    puts_("\n");
    int exact = amo_total == 2UL * AMO_ROUNDS && amo_word == 4u * AMO_ROUNDS && locked_a == 2UL * LOCK_ROUNDS
        && locked_b == 6UL * LOCK_ROUNDS && violations == 0;
    poweroff(exact ? 0 : 1);
    return 0;
}
