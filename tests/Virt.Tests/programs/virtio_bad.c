// Malformed virtio-blk requests over the modern interface: a looping chain, a buffer outside RAM, a head
// index beyond the queue, an indirect table inside an indirect table, a request without its status byte, and
// an available index that jumps past the queue size. Each must leave the device asking for a reset
// (DEVICE_NEEDS_RESET, with a configuration interrupt); after the reset a plain read works again.
#include "virtio.h"

struct blk_hdr { uint32_t type, reserved; uint64_t sector; };

static struct blk_hdr hdr;
static volatile uint8_t blk_status;
static uint8_t data[512] __attribute__((aligned(16)));
static struct desc inner[2] __attribute__((aligned(16))), outer[2] __attribute__((aligned(16)));
static struct vq q;
static unsigned long blk;

static void start(void)
{
    uint64_t offered;
    if (device_init(blk, F_INDIRECT, &offered) == ~0ULL) { puts_("bad: features refused\n"); poweroff(6); }
    rings_used = 0;
    queue_init(&q, blk, 0);
    driver_ok(blk);
}

static int good_read(void)
{
    hdr = (struct blk_hdr){ 0, 0, 1 };
    blk_status = 0xff;
    q.desc[0] = (struct desc){ (unsigned long)&hdr, 16, D_NEXT, 1 };
    q.desc[1] = (struct desc){ (unsigned long)data, 512, D_NEXT | D_WRITE, 2 };
    q.desc[2] = (struct desc){ (unsigned long)&blk_status, 1, D_WRITE, 0 };
    unsigned before = used_irqs;
    submit(&q, 0);
    return wait_used(&q, before) >= 0 && blk_status == 0 && data[0] == 7;
}

// Submits head `head` (the descriptors set up by the caller) and reports what the device did.
static void expect_reset(const char *what, uint16_t head, int jump)
{
    unsigned before = config_irqs;
    if (jump)
    {
        q.avail_idx += 100;
        q.avail[1] = q.avail_idx;
        __sync_synchronize();
        w32(q.base + V_QUEUE_NOTIFY, 0);
    }
    else submit(&q, head);
    int irq = wait_change(&config_irqs, before) == 0;
    uint32_t st = r32(blk + V_STATUS);
    puts_("bad: "); puts_(what);
    puts_((st & S_NEEDS_RESET) && irq ? ": device needs reset" : ": no reset asked");
    puts_(used_idx(&q) == 0 ? ", nothing used" : ", something used");
    start();
    puts_(good_read() ? ", read after reset ok\n" : ", read after reset failed\n");
    start();
}

int main(unsigned long hart)
{
    if (hart != 0) for (;;) asm volatile("wfi");
    interrupts_init();
    blk = VSLOT(7);
    if (r32(blk + V_DEVICE_ID) != 2 || is_legacy(blk)) { puts_("bad: needs a modern virtio-blk in slot 7\n"); poweroff(7); }
    probe(blk);
    start();
    puts_(good_read() ? "bad: first read ok\n" : "bad: first read failed\n");
    start();

    hdr = (struct blk_hdr){ 0, 0, 1 };
    q.desc[0] = (struct desc){ (unsigned long)&hdr, 16, D_NEXT, 1 };
    q.desc[1] = (struct desc){ (unsigned long)data, 512, D_NEXT, 0 };
    expect_reset("looping chain", 0, 0);

    q.desc[0] = (struct desc){ (unsigned long)&hdr, 16, D_NEXT, 1 };
    // Two buffers outside RAM: QEMU maps the first through its one bounce buffer and refuses the second.
    q.desc[1] = (struct desc){ 0x200000000UL, 512, D_NEXT | D_WRITE, 2 };
    q.desc[2] = (struct desc){ 0x200001000UL, 512, D_NEXT | D_WRITE, 3 };
    q.desc[3] = (struct desc){ (unsigned long)&blk_status, 1, D_WRITE, 0 };
    expect_reset("buffer outside RAM", 0, 0);

    expect_reset("head beyond the queue", 100, 0);

    inner[0] = (struct desc){ (unsigned long)&hdr, 16, 0, 0 };
    outer[0] = (struct desc){ (unsigned long)inner, sizeof inner, D_INDIRECT, 0 };
    q.desc[0] = (struct desc){ (unsigned long)outer, sizeof outer, D_INDIRECT, 0 };
    expect_reset("nested indirect table", 0, 0);

    q.desc[0] = (struct desc){ (unsigned long)&hdr, 16, 0, 0 };
    expect_reset("request without a status byte", 0, 0);

    expect_reset("available index jump", 0, 1);

    puts_("bad: done\n");
    poweroff(0);
    return 0;
}
