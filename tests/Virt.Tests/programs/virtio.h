// A small virtio-mmio driver for the bare-metal device programs: it finds the devices in the eight slots,
// negotiates features over the modern (version 2) or the legacy (version 1) interface, sets up split
// virtqueues of 8 entries, and waits for completions by the PLIC interrupt (M context of hart 0).
#include "mlib.h"

#define VIRTIO0 0x10001000UL
#define VSLOT(i) (VIRTIO0 + 0x1000UL * (i))
#define V_MAGIC 0x000
#define V_VERSION 0x004
#define V_DEVICE_ID 0x008
#define V_DEV_FEATURES 0x010
#define V_DEV_FEATURES_SEL 0x014
#define V_DRV_FEATURES 0x020
#define V_DRV_FEATURES_SEL 0x024
#define V_GUEST_PAGE_SIZE 0x028
#define V_QUEUE_SEL 0x030
#define V_QUEUE_NUM_MAX 0x034
#define V_QUEUE_NUM 0x038
#define V_QUEUE_ALIGN 0x03c
#define V_QUEUE_PFN 0x040
#define V_QUEUE_READY 0x044
#define V_QUEUE_NOTIFY 0x050
#define V_INT_STATUS 0x060
#define V_INT_ACK 0x064
#define V_STATUS 0x070
#define V_DESC_LO 0x080
#define V_DESC_HI 0x084
#define V_DRIVER_LO 0x090
#define V_DRIVER_HI 0x094
#define V_DEVICE_LO 0x0a0
#define V_DEVICE_HI 0x0a4
#define V_CONFIG 0x100

#define S_ACK 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_NEEDS_RESET 0x40

#define F_INDIRECT (1ULL << 28)
#define F_EVENT_IDX (1ULL << 29)
#define F_VERSION_1 (1ULL << 32)

#define D_NEXT 1
#define D_WRITE 2
#define D_INDIRECT 4

#define QSIZE 8

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };

struct vq
{
    unsigned long base;
    int index;
    struct desc *desc;
    volatile uint16_t *avail; // flags, idx, ring[QSIZE], used_event
    volatile uint8_t *used;   // flags, idx, ring[QSIZE] of {id, len}, avail_event
    uint16_t avail_idx, used_seen;
};

// Two pages a queue: descriptors and the available ring in the first, the used ring in the second (the
// legacy layout with QueueAlign 4096, used by the modern setup too).
static uint8_t ring_pages[8][2 * 4096] __attribute__((aligned(4096)));
static int rings_used;

static volatile unsigned used_irqs, config_irqs, other_irqs, timeouts;

#define MTIME (CLINT + 0xBFF8)
#define MTIMECMP (CLINT + 0x4000)
#define MTI_CAUSE ((1UL << 63) | 7)
static inline void w64(unsigned long a, uint64_t v) { *(volatile uint64_t *)a = v; }
static inline uint64_t r64(unsigned long a) { return *(volatile uint64_t *)a; }

// A deadline (a second at 10 MHz) so that a device that never answers ends the wait instead of the run.
static void arm_timeout(void) { w64(MTIMECMP, r64(MTIME) + 10000000); }
static void disarm_timeout(void) { w64(MTIMECMP, ~0ULL); }

static inline void mie_off(void) { asm volatile("csrc mstatus, %0" :: "r"(8UL)); }
static inline void mie_on(void) { asm volatile("csrs mstatus, %0" :: "r"(8UL)); }

void trap(unsigned long cause, unsigned long hart)
{
    (void)hart;
    if (cause == MTI_CAUSE) { disarm_timeout(); timeouts++; return; }
    if (cause != MEI_CAUSE) { puts_("virtio: unexpected trap\n"); poweroff(3); }
    uint32_t irq = plic_claim(0);
    if (irq >= 1 && irq <= 8)
    {
        unsigned long b = VSLOT(irq - 1);
        uint32_t st = r32(b + V_INT_STATUS);
        w32(b + V_INT_ACK, st);
        if (st & 1) used_irqs++;
        if (st & 2) config_irqs++;
    }
    else other_irqs++;
    if (irq) plic_complete(0, irq);
}

static void interrupts_init(void)
{
    for (int i = 1; i <= 8; i++) plic_priority(i, 1);
    plic_threshold(0, 0);
    plic_enable(0, 0x1FE);
    disarm_timeout();
    asm volatile("csrs mie, %0" :: "r"((1UL << 11) | (1UL << 7)));
    mie_on();
}

// Waits (in wfi, without the lost-wakeup race) until *counter differs from `before`, or gives up.
static int wait_change(volatile unsigned *counter, unsigned before)
{
    unsigned t = timeouts;
    arm_timeout();
    while (timeouts == t)
    {
        mie_off();
        if (*counter != before) { mie_on(); disarm_timeout(); return 0; }
        asm volatile("wfi");
        mie_on();
    }
    return -1;
}

static void put_hex(unsigned long v)
{
    const char *d = "0123456789abcdef";
    char b[17]; int n = 0;
    do { b[n++] = d[v & 15]; v >>= 4; } while (v);
    while (n) putc_(b[--n]);
}

static int is_legacy(unsigned long b) { return r32(b + V_VERSION) == 1; }

// Reset, ACKNOWLEDGE, DRIVER, features (want & offered; VERSION_1 on the modern interface), FEATURES_OK.
// Returns the accepted features, or ~0 if the device refused them.
static uint64_t device_init(unsigned long b, uint64_t want, uint64_t *offered)
{
    int legacy = is_legacy(b);
    w32(b + V_STATUS, 0);
    w32(b + V_STATUS, S_ACK);
    w32(b + V_STATUS, S_ACK | S_DRIVER);
    w32(b + V_DEV_FEATURES_SEL, 0);
    uint64_t f = r32(b + V_DEV_FEATURES);
    if (!legacy)
    {
        w32(b + V_DEV_FEATURES_SEL, 1);
        f |= (uint64_t)r32(b + V_DEV_FEATURES) << 32;
    }
    *offered = f;
    uint64_t accept = f & want;
    if (!legacy) accept |= F_VERSION_1;
    w32(b + V_DRV_FEATURES_SEL, 0);
    w32(b + V_DRV_FEATURES, (uint32_t)accept);
    if (legacy) return accept; // GuestPageSize was written once, before the reset (see probe)
    w32(b + V_DRV_FEATURES_SEL, 1);
    w32(b + V_DRV_FEATURES, (uint32_t)(accept >> 32));
    w32(b + V_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    if (!(r32(b + V_STATUS) & S_FEATURES_OK)) return ~0ULL;
    return accept;
}

// Once per device, as Linux's probe does: the legacy GuestPageSize outlives device resets.
static void probe(unsigned long b)
{
    if (is_legacy(b)) w32(b + V_GUEST_PAGE_SIZE, 4096);
}

static void queue_init(struct vq *q, unsigned long b, int index)
{
    uint8_t *mem = ring_pages[rings_used++ & 7];
    for (int i = 0; i < 2 * 4096; i++) mem[i] = 0;
    q->base = b;
    q->index = index;
    q->desc = (struct desc *)mem;
    q->avail = (volatile uint16_t *)(mem + 16 * QSIZE);
    q->used = mem + 4096;
    q->avail_idx = q->used_seen = 0;
    w32(b + V_QUEUE_SEL, index);
    if (r32(b + V_QUEUE_NUM_MAX) < QSIZE) { puts_("virtio: queue too small\n"); poweroff(4); }
    w32(b + V_QUEUE_NUM, QSIZE);
    if (is_legacy(b))
    {
        w32(b + V_QUEUE_ALIGN, 4096);
        w32(b + V_QUEUE_PFN, (uint32_t)((unsigned long)mem >> 12));
        return;
    }
    unsigned long a = (unsigned long)q->desc, d = (unsigned long)q->avail, u = (unsigned long)q->used;
    w32(b + V_DESC_LO, (uint32_t)a); w32(b + V_DESC_HI, (uint32_t)(a >> 32));
    w32(b + V_DRIVER_LO, (uint32_t)d); w32(b + V_DRIVER_HI, (uint32_t)(d >> 32));
    w32(b + V_DEVICE_LO, (uint32_t)u); w32(b + V_DEVICE_HI, (uint32_t)(u >> 32));
    w32(b + V_QUEUE_READY, 1);
}

static void driver_ok(unsigned long b) { w32(b + V_STATUS, r32(b + V_STATUS) | S_DRIVER_OK); }

static uint16_t used_idx(struct vq *q) { return *(volatile uint16_t *)(q->used + 2); }

// Makes chain `head` available and notifies the device (used_event left as it is).
static void submit_raw(struct vq *q, uint16_t head)
{
    q->avail[2 + q->avail_idx % QSIZE] = head;
    __sync_synchronize();
    q->avail_idx++;
    q->avail[1] = q->avail_idx;
    __sync_synchronize();
    w32(q->base + V_QUEUE_NOTIFY, q->index);
}

// The same, asking (under VIRTIO_RING_F_EVENT_IDX) for an interrupt at the next completion.
static void submit(struct vq *q, uint16_t head)
{
    q->avail[2 + QSIZE] = q->used_seen;
    submit_raw(q, head);
}

// Waits for the next used element and its interrupt; returns its length (-1 if none came).
static long wait_used(struct vq *q, unsigned irqs_before)
{
    unsigned t = timeouts;
    arm_timeout();
    while (used_idx(q) == q->used_seen)
    {
        mie_off();
        if (used_idx(q) == q->used_seen && timeouts == t) asm volatile("wfi");
        mie_on();
        if (used_idx(q) == q->used_seen && timeouts != t) return -1;
    }
    disarm_timeout();
    if (wait_change(&used_irqs, irqs_before)) return -1;
    __sync_synchronize();
    volatile uint32_t *e = (volatile uint32_t *)(q->used + 4 + 8 * (q->used_seen % QSIZE));
    q->used_seen++;
    return e[1];
}
