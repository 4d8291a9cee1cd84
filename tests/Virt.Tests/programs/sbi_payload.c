// An S-mode payload for OpenSBI on the virt board (fw_jump: loaded at 0x80200000). It prints through the
// SBI console, reads the SBI version and implementation, takes a timer interrupt set with sbi_set_timer,
// starts the other hart (if any) with HSM, exchanges an IPI with it, waits for it to stop, and powers off
// with SBI system reset. Every line is deterministic so that the output compares with QEMU's.
#include <stdint.h>

struct sbiret { long error; long value; };

static struct sbiret sbi_call(long eid, long fid, long a0, long a1, long a2)
{
    register long r0 asm("a0") = a0, r1 asm("a1") = a1, r2 asm("a2") = a2;
    register long r6 asm("a6") = fid, r7 asm("a7") = eid;
    asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
    return (struct sbiret){ r0, r1 };
}

#define EID_LEGACY_PUTCHAR 0x01
#define EID_BASE 0x10
#define EID_TIME 0x54494D45
#define EID_IPI 0x735049
#define EID_RFENCE 0x52464E43
#define EID_HSM 0x48534D
#define EID_SRST 0x53525354
#define EID_DBCN 0x4442434E

static volatile int lock;
static void putc_legacy(char c) { sbi_call(EID_LEGACY_PUTCHAR, 0, c, 0, 0); }
static void puts_(const char *s) { while (*s) putc_legacy(*s++); }
static void put_hex(unsigned long v)
{
    puts_("0x");
    int started = 0;
    for (int shift = 60; shift >= 0; shift -= 4)
    {
        int d = (v >> shift) & 15;
        if (d || started || shift == 0) { putc_legacy("0123456789abcdef"[d]); started = 1; }
    }
}
static void put_dec(unsigned long v)
{
    char buf[24]; int n = 0;
    do { buf[n++] = '0' + v % 10; v /= 10; } while (v);
    while (n) putc_legacy(buf[--n]);
}
static void say(const char *s) { puts_(s); }

static inline unsigned long read_time(void) { unsigned long t; asm volatile("rdtime %0" : "=r"(t)); return t; }

volatile int timer_fired, ipi_received, secondary_up;
volatile unsigned long secondary_opaque, secondary_hart;

// The trap handler (trap.S saves registers and calls this).
void handle_trap(unsigned long scause, unsigned long hartid)
{
    if (scause == ((1UL << 63) | 5))
    {
        sbi_call(EID_TIME, 0, -1L, 0, 0); // no further timer interrupt
        timer_fired = 1;
        return;
    }
    if (scause == ((1UL << 63) | 1))
    {
        asm volatile("csrc sip, %0" :: "r"(2UL));
        ipi_received = 1;
        return;
    }
    puts_("unexpected trap, scause ");
    put_hex(scause);
    puts_("\n");
    sbi_call(EID_SRST, 0, 0, 1, 0); // shutdown, system failure
    for (;;) asm volatile("wfi");
}

extern void secondary_entry(void);

// OpenSBI 1.1's hart_start marks the hart START_PENDING before it writes the start address and opaque into the
// hart's scratch (later releases write them first). The hart being started spins in its wait for that state (the IPI
// that ended its cold-boot wait is still pending, so its wfi does not sleep), and if the starting hart stalls between
// the two (a preempted host thread, a block being compiled) it leaves with the old address: this payload's _start,
// where it finds the boot already claimed. It flags that and stops; the boot hart says so and starts it again (it now
// sleeps in OpenSBI's wait until the IPI, which comes after the address). On QEMU the window is a few instructions.
volatile int boot_claimed, start_raced;

void raced_main(unsigned long hartid)
{
    __sync_synchronize();
    start_raced = 1;
    sbi_call(EID_HSM, 1, 0, 0, 0); // hart_stop: does not return
    for (;;) asm volatile("wfi");
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
    secondary_hart = hartid;
    secondary_opaque = opaque;
    asm volatile("csrs sie, %0" :: "r"(2UL)); // SSIE
    asm volatile("csrs sstatus, %0" :: "r"(2UL)); // SIE
    __sync_synchronize();
    secondary_up = 1;
    while (!ipi_received) asm volatile("wfi");
    sbi_call(EID_HSM, 1, 0, 0, 0); // hart_stop: does not return
    for (;;) asm volatile("wfi");
}

void boot_main(unsigned long hartid, unsigned long dtb, unsigned long harts)
{
    puts_("payload: hello from S-mode\n");
    struct sbiret spec = sbi_call(EID_BASE, 0, 0, 0, 0);
    struct sbiret impl = sbi_call(EID_BASE, 1, 0, 0, 0);
    puts_("payload: SBI spec ");
    put_dec((spec.value >> 24) & 0x7f); putc_legacy('.'); put_dec(spec.value & 0xffffff);
    puts_(", implementation ");
    put_dec(impl.value);
    puts_(impl.value == 1 ? " (OpenSBI)\n" : "\n");
    struct sbiret dbcn = sbi_call(EID_BASE, 3, EID_DBCN, 0, 0);
    if (dbcn.value)
    {
        static const char msg[] = "payload: debug console write\n";
        sbi_call(EID_DBCN, 0, sizeof msg - 1, (long)msg, 0);
    }
    else puts_("payload: no debug console extension\n");
    struct sbiret srst = sbi_call(EID_BASE, 3, EID_SRST, 0, 0);
    puts_(srst.value ? "payload: system reset extension present\n" : "payload: no system reset extension\n");

    asm volatile("csrs sie, %0" :: "r"(1UL << 5)); // STIE
    asm volatile("csrs sstatus, %0" :: "r"(2UL));
    unsigned long t0 = read_time();
    sbi_call(EID_TIME, 0, t0 + 100000, 0, 0); // 10 ms at 10 MHz
    while (!timer_fired) asm volatile("wfi");
    unsigned long t1 = read_time();
    puts_(t1 - t0 >= 100000 ? "payload: timer interrupt after the deadline\n" : "payload: timer interrupt too early\n");

    if (harts > 1)
    {
        unsigned long other = hartid == 0 ? 1 : 0;
        struct sbiret r = sbi_call(EID_HSM, 0, other, (long)secondary_entry, 0x1234);
        puts_("payload: hart_start "); put_dec(r.error == 0 ? 0 : 1); puts_("\n");
        while (!secondary_up)
        {
            if (!start_raced) continue;
            start_raced = 0;
            while (sbi_call(EID_HSM, 2, other, 0, 0).value != 1) ; // STOPPED
            puts_("payload: the secondary hart came to _start (OpenSBI 1.1's hart_start race): started again\n");
            sbi_call(EID_HSM, 0, other, (long)secondary_entry, 0x1234);
        }
        puts_("payload: secondary hart "); put_dec(secondary_hart); puts_(" up, opaque "); put_hex(secondary_opaque); puts_("\n");
        r = sbi_call(EID_RFENCE, 0, 1L << other, 0, 0); // remote fence.i
        puts_("payload: remote fence.i "); put_dec(r.error == 0 ? 0 : 1); puts_("\n");
        r = sbi_call(EID_IPI, 0, 1L << other, 0, 0);
        puts_("payload: send_ipi "); put_dec(r.error == 0 ? 0 : 1); puts_("\n");
        while (!ipi_received) ;
        puts_("payload: secondary took the IPI\n");
        while (sbi_call(EID_HSM, 2, other, 0, 0).value != 1) ; // STOPPED
        puts_("payload: secondary hart stopped\n");
    }
    puts_("payload: powering off\n");
    sbi_call(EID_SRST, 0, 0, 0, 0); // shutdown, no reason
    puts_("payload: still running after system reset\n");
    for (;;) asm volatile("wfi");
}
