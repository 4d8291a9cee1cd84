// Drives every virtio device it finds (over either virtio-mmio interface): virtio-blk reads (a plain and an
// indirect chain), writes, flushes, get-id and two refused requests; virtio-rng; the virtio console's
// transmit queue. Completions come by the PLIC interrupt. The test checks the disk image afterwards.
#include "virtio.h"

#define SECTORS_EXPECTED 128
#define WRITE_SECTOR 7

struct blk_hdr { uint32_t type, reserved; uint64_t sector; };

static struct blk_hdr hdr;
static volatile uint8_t blk_status;
static uint8_t data[4096] __attribute__((aligned(16)));
static struct desc table[4] __attribute__((aligned(16)));
static char id[24];

static uint8_t pattern(unsigned long sector, int j) { return (uint8_t)(sector * 7 + j); }

// header, optional data, status: descriptors 0..2.
static int blk_request(struct vq *q, uint32_t type, uint64_t sector, void *buf, uint32_t len, int device_writes)
{
    hdr.type = type; hdr.reserved = 0; hdr.sector = sector;
    blk_status = 0xff;
    q->desc[0] = (struct desc){ (unsigned long)&hdr, 16, D_NEXT, 1 };
    int next = 1;
    if (len)
    {
        q->desc[1] = (struct desc){ (unsigned long)buf, len, D_NEXT | (device_writes ? D_WRITE : 0), 2 };
        next = 2;
    }
    q->desc[0].next = 1;
    q->desc[next] = (struct desc){ (unsigned long)&blk_status, 1, D_WRITE, 0 };
    if (next == 1) q->desc[0].next = 1;
    unsigned before = used_irqs;
    submit(q, 0);
    if (wait_used(q, before) < 0) { puts_("blk: no completion, used "); put_dec(used_idx(q)); puts_(" irqs "); put_dec(used_irqs - before); putc_('\n'); poweroff(5); }
    return blk_status;
}

static void blk_test(unsigned long b)
{
    uint64_t offered;
    uint64_t f = device_init(b, F_INDIRECT | F_EVENT_IDX | (1 << 9) | (1 << 5), &offered);
    if (f == ~0ULL) { puts_("blk: features refused\n"); return; }
    struct vq q;
    queue_init(&q, b, 0);
    driver_ok(b);
    uint64_t capacity = r32(b + V_CONFIG) | (uint64_t)r32(b + V_CONFIG + 4) << 32;
    puts_("blk: capacity "); put_dec(capacity);
    puts_(" ro "); put_dec(!!(offered & (1 << 5)));
    puts_(" flush "); put_dec(!!(offered & (1 << 9)));
    puts_(" indirect "); put_dec(!!(offered & F_INDIRECT));
    putc_('\n');

    for (int i = 0; i < 24; i++) id[i] = 0;
    int st = blk_request(&q, 8, 0, id, 20, 1);
    puts_("blk: get-id status "); put_dec(st); puts_(" id '"); puts_(id); puts_("'\n");

    st = blk_request(&q, 0, 5, data, 512, 1);
    int ok = st == 0;
    for (int j = 0; j < 512; j++) ok &= data[j] == pattern(5, j);
    puts_(ok ? "blk: read ok\n" : "blk: read wrong\n");

    // Sectors 2 and 3 through an indirect table, the data split 300 + 724.
    for (int j = 0; j < 1024; j++) data[j] = 0;
    hdr.type = 0; hdr.sector = 2;
    blk_status = 0xff;
    table[0] = (struct desc){ (unsigned long)&hdr, 16, D_NEXT, 1 };
    table[1] = (struct desc){ (unsigned long)data, 300, D_NEXT | D_WRITE, 2 };
    table[2] = (struct desc){ (unsigned long)data + 300, 724, D_NEXT | D_WRITE, 3 };
    table[3] = (struct desc){ (unsigned long)&blk_status, 1, D_WRITE, 0 };
    q.desc[0] = (struct desc){ (unsigned long)table, sizeof table, D_INDIRECT, 0 };
    unsigned before = used_irqs;
    submit(&q, 0);
    long len = wait_used(&q, before);
    ok = blk_status == 0 && len == 1025;
    for (int j = 0; j < 1024; j++) ok &= data[j] == pattern(2 + j / 512, j % 512);
    puts_(ok ? "blk: indirect read ok\n" : "blk: indirect read wrong\n");

    for (int j = 0; j < 512; j++) data[j] = (uint8_t)(0xA5 ^ j);
    st = blk_request(&q, 1, WRITE_SECTOR, data, 512, 0);
    puts_("blk: write status "); put_dec(st); putc_('\n');
    for (int j = 0; j < 512; j++) data[j] = 0;
    blk_request(&q, 0, WRITE_SECTOR, data, 512, 1);
    int written = 1, old = 1;
    for (int j = 0; j < 512; j++) { written &= data[j] == (uint8_t)(0xA5 ^ j); old &= data[j] == pattern(WRITE_SECTOR, j); }
    puts_(written ? "blk: reads back what it wrote\n" : old ? "blk: reads back the old sector\n" : "blk: reads back something else\n");

    st = blk_request(&q, 4, 0, 0, 0, 0);
    puts_("blk: flush status "); put_dec(st); putc_('\n');
    st = blk_request(&q, 0, capacity, data, 512, 1);
    puts_("blk: read past the end status "); put_dec(st); putc_('\n');
    st = blk_request(&q, 0, 0, data, 100, 1);
    puts_("blk: partial sector status "); put_dec(st); putc_('\n');
    st = blk_request(&q, 99, 0, data, 512, 1);
    puts_("blk: unknown type status "); put_dec(st); putc_('\n');

    if (!(f & F_EVENT_IDX)) { puts_("blk: no event index\n"); return; }
    // used_event one past the next completion: the next one comes without an interrupt, the one after with.
    volatile uint16_t *used_event = &q.avail[2 + QSIZE];
    volatile uint16_t *avail_event = (volatile uint16_t *)(q.used + 4 + 8 * QSIZE);
    *used_event = q.used_seen + 1;
    __sync_synchronize();
    before = used_irqs;
    mie_off();
    q.desc[0] = (struct desc){ (unsigned long)&hdr, 16, D_NEXT, 1 };
    q.desc[1] = (struct desc){ (unsigned long)&blk_status, 1, D_WRITE, 0 };
    hdr.type = 4;
    submit_raw(&q, 0);
    while (used_idx(&q) == q.used_seen) ;
    q.used_seen++;
    mie_on();
    int quiet = used_irqs == before;
    st = blk_request(&q, 4, 0, 0, 0, 0);
    puts_("blk: event index: ");
    puts_(quiet ? "first completion quiet, " : "first completion interrupted, ");
    puts_("second status "); put_dec(st);
    puts_(", avail_event "); put_dec(*avail_event); puts_(" of "); put_dec(q.avail_idx); putc_('\n');
}

static void rng_test(unsigned long b)
{
    uint64_t offered;
    if (device_init(b, 0, &offered) == ~0ULL) { puts_("rng: features refused\n"); return; }
    struct vq q;
    queue_init(&q, b, 0);
    driver_ok(b);
    for (int j = 0; j < 64; j++) data[j] = 0;
    q.desc[0] = (struct desc){ (unsigned long)data, 32, D_WRITE, 0 };
    unsigned before = used_irqs;
    submit(&q, 0);
    long len = wait_used(&q, before);
    int zeros = 0, beyond = 0;
    for (int j = 0; j < 32; j++) zeros += data[j] == 0;
    for (int j = 32; j < 64; j++) beyond |= data[j];
    puts_(len > 0 && len <= 32 && zeros < 8 && !beyond ? "rng: random bytes\n" : "rng: wrong\n");
}

static void console_test(unsigned long b)
{
    uint64_t offered;
    if (device_init(b, 0, &offered) == ~0ULL) { puts_("console: features refused\n"); return; }
    struct vq rx, tx;
    queue_init(&rx, b, 0);
    queue_init(&tx, b, 1);
    driver_ok(b);
    static char in[17];
    rx.desc[0] = (struct desc){ (unsigned long)in, 16, D_WRITE, 0 };
    unsigned rx_before = used_irqs;
    submit(&rx, 0);
    static const char msg[] = "hello from the virtio console\n";
    tx.desc[0] = (struct desc){ (unsigned long)msg, sizeof msg - 1, 0, 0 };
    unsigned before = used_irqs;
    submit(&tx, 0);
    puts_(wait_used(&tx, before) >= 0 ? "console: sent\n" : "console: no completion\n");
    // Input the host had waiting (or typed within a second) fills the receive buffer.
    long n = wait_used(&rx, rx_before);
    if (n <= 0) { puts_("console: nothing received\n"); return; }
    in[n < 16 ? n : 16] = 0;
    puts_("console: received '"); puts_(in); puts_("'\n");
}

int main(unsigned long hart)
{
    if (hart != 0) for (;;) asm volatile("wfi");
    interrupts_init();
    for (int i = 7; i >= 0; i--)
    {
        unsigned long b = VSLOT(i);
        uint32_t devid = r32(b + V_DEVICE_ID);
        if (r32(b + V_MAGIC) != 0x74726976 || devid == 0) continue;
        puts_("virtio: slot "); put_dec(i); puts_(" device "); put_dec(devid); puts_(" version "); put_dec(r32(b + V_VERSION)); putc_('\n');
        probe(b);
        if (devid == 2) blk_test(b);
        else if (devid == 4) rng_test(b);
        else if (devid == 3) console_test(b);
    }
    puts_(other_irqs ? "virtio: other interrupts\n" : "virtio: done\n");
    poweroff(0);
    return 0;
}
