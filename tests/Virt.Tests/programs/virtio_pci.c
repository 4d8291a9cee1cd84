// Drives the virt board's PCIe host as firmware does: enumerates bus 0 through ECAM, sizes every BAR (write
// ones, read back), assigns addresses in the memory and I/O windows, enables decoding and bus mastering, walks
// the capability list, then uses the modern virtio-pci interface of a virtio-blk-pci disk (read, write, read
// back, flush) and a virtio-rng-pci device, and the legacy interface's I/O registers. Completions come by INTx
// through the PLIC (source 0x20 + slot % 4). Output is compared with qemu-system-riscv64 on the same binary.
#include "mlib.h"

#define ECAM 0x30000000UL
#define PIO 0x03000000UL
#define MMIO32 0x40000000UL
#define CFG(slot, reg) (ECAM + ((unsigned long)(slot) << 15) + (reg))
#define PCIE_IRQ 0x20

#define S_ACK 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define F_VERSION_1 (1ULL << 32)
#define D_NEXT 1
#define D_WRITE 2
#define QSIZE 8

static inline void w16(unsigned long a, uint16_t v) { *(volatile uint16_t *)a = v; }
static inline uint16_t r16(unsigned long a) { return *(volatile uint16_t *)a; }
static inline void w64(unsigned long a, uint64_t v) { *(volatile uint64_t *)a = v; }
static inline uint64_t r64(unsigned long a) { return *(volatile uint64_t *)a; }

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };

struct vdev
{
    int slot;
    unsigned long common, isr, device, notify;
    uint32_t multiplier;
    struct desc *desc;
    volatile uint16_t *avail;
    volatile uint8_t *used;
    unsigned long notify_at;
    uint16_t avail_idx, used_seen;
};

static uint8_t rings[2][2 * 4096] __attribute__((aligned(4096)));
static volatile unsigned irqs[32], timeouts;
static volatile unsigned other_irqs;

#define MTIME (CLINT + 0xBFF8)
#define MTIMECMP (CLINT + 0x4000)
#define MTI_CAUSE ((1UL << 63) | 7)
static void arm_timeout(void) { w64(MTIMECMP, r64(MTIME) + 10000000); }
static void disarm_timeout(void) { w64(MTIMECMP, ~0ULL); }
static inline void mie_off(void) { asm volatile("csrc mstatus, %0" :: "r"(8UL)); }
static inline void mie_on(void) { asm volatile("csrs mstatus, %0" :: "r"(8UL)); }

static struct vdev *by_line[4];

// INTx is a level: reading the ISR of the device on the line lowers it before the claim completes.
void trap(unsigned long cause, unsigned long hart)
{
    (void)hart;
    if (cause == MTI_CAUSE) { disarm_timeout(); timeouts++; return; }
    if (cause != MEI_CAUSE) { puts_("pci: unexpected trap\n"); poweroff(3); }
    uint32_t irq = plic_claim(0);
    if (irq >= PCIE_IRQ && irq < PCIE_IRQ + 4 && by_line[irq - PCIE_IRQ])
    {
        struct vdev *v = by_line[irq - PCIE_IRQ];
        if (r8(v->isr) & 1) irqs[v->slot]++;
    }
    else other_irqs++;
    if (irq) plic_complete(0, irq);
}

// BAR i of a slot: writes all ones, reads the size mask back, restores. Returns the size (0: no BAR); *kind is
// 'i' (I/O), 'm' (32-bit memory) or 'M' (64-bit, which uses BAR i + 1 too).
static uint64_t bar_size(int slot, int i, char *kind)
{
    unsigned long reg = CFG(slot, 0x10 + 4 * i);
    uint32_t old = r32(reg);
    w32(reg, 0xffffffff);
    uint32_t mask = r32(reg);
    w32(reg, old);
    if (mask == 0) { *kind = 0; return 0; }
    if (mask & 1) { *kind = 'i'; return (uint32_t)~(mask & ~3u) + 1; }
    if (((mask >> 1) & 3) == 2)
    {
        uint32_t oldhi = r32(reg + 4);
        w32(reg + 4, 0xffffffff);
        uint64_t himask = r32(reg + 4);
        w32(reg + 4, oldhi);
        *kind = 'M';
        return ~((himask << 32) | (mask & ~15u)) + 1;
    }
    *kind = 'm';
    return (uint32_t)~(mask & ~15u) + 1;
}

static unsigned long next_mem = MMIO32, next_io = 0x1000;

static unsigned long assign(int slot, int i, char kind, uint64_t size)
{
    unsigned long *next = kind == 'i' ? &next_io : &next_mem;
    unsigned long at = (*next + size - 1) & ~(size - 1);
    *next = at + size;
    w32(CFG(slot, 0x10 + 4 * i), (uint32_t)at);
    if (kind == 'M') w32(CFG(slot, 0x14 + 4 * i), (uint32_t)(at >> 32));
    return at;
}

static uint64_t features(struct vdev *v)
{
    w32(v->common + 0x00, 0);
    uint64_t f = r32(v->common + 0x04);
    w32(v->common + 0x00, 1);
    return f | (uint64_t)r32(v->common + 0x04) << 32;
}

// Reset, ACKNOWLEDGE, DRIVER, VERSION_1 only, FEATURES_OK, queue 0 of QSIZE entries, DRIVER_OK.
static int modern_init(struct vdev *v, int ring)
{
    w8(v->common + 0x14, 0);
    if (r8(v->common + 0x14) != 0) return -1;
    w8(v->common + 0x14, S_ACK);
    w8(v->common + 0x14, S_ACK | S_DRIVER);
    uint64_t f = features(v);
    if (!(f & F_VERSION_1)) return -2;
    w32(v->common + 0x08, 0); w32(v->common + 0x0c, 0);
    w32(v->common + 0x08, 1); w32(v->common + 0x0c, 1);
    w8(v->common + 0x14, S_ACK | S_DRIVER | S_FEATURES_OK);
    if (!(r8(v->common + 0x14) & S_FEATURES_OK)) return -3;
    w16(v->common + 0x16, 0);
    uint16_t max = r16(v->common + 0x18);
    if (max < QSIZE) return -4;
    w16(v->common + 0x18, QSIZE);
    uint8_t *mem = rings[ring];
    for (int i = 0; i < 2 * 4096; i++) mem[i] = 0;
    v->desc = (struct desc *)mem;
    v->avail = (volatile uint16_t *)(mem + 16 * QSIZE);
    v->used = mem + 4096;
    v->avail_idx = v->used_seen = 0;
    unsigned long a = (unsigned long)v->desc, d = (unsigned long)v->avail, u = (unsigned long)v->used;
    w32(v->common + 0x20, (uint32_t)a); w32(v->common + 0x24, (uint32_t)(a >> 32));
    w32(v->common + 0x28, (uint32_t)d); w32(v->common + 0x2c, (uint32_t)(d >> 32));
    w32(v->common + 0x30, (uint32_t)u); w32(v->common + 0x34, (uint32_t)(u >> 32));
    v->notify_at = v->notify + r16(v->common + 0x1e) * v->multiplier;
    w16(v->common + 0x1c, 1);
    w8(v->common + 0x14, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    return 0;
}

static uint16_t used_idx(struct vdev *v) { return *(volatile uint16_t *)(v->used + 2); }

// Makes chain 0 available, notifies, and waits (in wfi) for it to be used and interrupted. Returns the used length.
static long run_chain(struct vdev *v)
{
    unsigned before = irqs[v->slot], t = timeouts;
    v->avail[2 + v->avail_idx % QSIZE] = 0;
    __sync_synchronize();
    v->avail[1] = ++v->avail_idx;
    __sync_synchronize();
    w16(v->notify_at, 0);
    arm_timeout();
    for (;;)
    {
        mie_off();
        if (used_idx(v) != v->used_seen && irqs[v->slot] != before) { mie_on(); break; }
        if (timeouts != t) { mie_on(); return -1; }
        asm volatile("wfi");
        mie_on();
    }
    disarm_timeout();
    __sync_synchronize();
    volatile uint32_t *e = (volatile uint32_t *)(v->used + 4 + 8 * (v->used_seen % QSIZE));
    v->used_seen++;
    return e[1];
}

struct blk_hdr { uint32_t type, reserved; uint64_t sector; };
static struct blk_hdr hdr;
static volatile uint8_t blk_status;
static uint8_t data[512] __attribute__((aligned(16)));

static int blk_request(struct vdev *v, uint32_t type, uint64_t sector, int len, int device_writes)
{
    hdr.type = type; hdr.reserved = 0; hdr.sector = sector;
    blk_status = 0xff;
    v->desc[0] = (struct desc){ (unsigned long)&hdr, 16, D_NEXT, 1 };
    int last = 1;
    if (len)
    {
        v->desc[1] = (struct desc){ (unsigned long)data, len, D_NEXT | (device_writes ? D_WRITE : 0), 2 };
        last = 2;
    }
    v->desc[last] = (struct desc){ (unsigned long)&blk_status, 1, D_WRITE, 0 };
    if (run_chain(v) < 0) { puts_("blk: no completion\n"); poweroff(5); }
    return blk_status;
}

static void blk_test(struct vdev *v)
{
    int e = modern_init(v, 0);
    if (e) { puts_("blk: init failed "); put_dec(-e); putc_('\n'); return; }
    uint64_t capacity = r32(v->device) | (uint64_t)r32(v->device + 4) << 32;
    puts_("blk: capacity "); put_dec(capacity); putc_('\n');
    int st = blk_request(v, 0, 5, 512, 1), ok = st == 0;
    for (int j = 0; j < 512; j++) ok &= data[j] == (uint8_t)(5 * 7 + j);
    puts_(ok ? "blk: read ok\n" : "blk: read wrong\n");
    for (int j = 0; j < 512; j++) data[j] = (uint8_t)(0x5A ^ j);
    puts_("blk: write status "); put_dec(blk_request(v, 1, 7, 512, 0)); putc_('\n');
    for (int j = 0; j < 512; j++) data[j] = 0;
    blk_request(v, 0, 7, 512, 1);
    ok = 1;
    for (int j = 0; j < 512; j++) ok &= data[j] == (uint8_t)(0x5A ^ j);
    puts_(ok ? "blk: reads back what it wrote\n" : "blk: reads back something else\n");
    puts_("blk: flush status "); put_dec(blk_request(v, 4, 0, 0, 0)); putc_('\n');
    puts_("blk: interrupts "); put_dec(irqs[v->slot]); putc_('\n');
}

static void rng_test(struct vdev *v)
{
    int e = modern_init(v, 1);
    if (e) { puts_("rng: init failed "); put_dec(-e); putc_('\n'); return; }
    for (int j = 0; j < 64; j++) data[j] = 0;
    v->desc[0] = (struct desc){ (unsigned long)data, 32, D_WRITE, 0 };
    long len = run_chain(v);
    int zeros = 0, beyond = 0;
    for (int j = 0; j < 32; j++) zeros += data[j] == 0;
    for (int j = 32; j < 64; j++) beyond |= data[j];
    puts_(len > 0 && len <= 32 && zeros < 8 && !beyond ? "rng: random bytes\n" : "rng: wrong\n");
}

// The legacy registers in the I/O BAR: host features (no VERSION_1 there), the queue size, and the disk's
// capacity in the configuration space after the 20 bytes of registers (MSI-X is off).
static void legacy_test(int slot, unsigned long io)
{
    unsigned long b = PIO + io;
    uint32_t f = r32(b + 0);
    w16(b + 14, 0);
    puts_("legacy: features "); put_hex_width(f & 0x30000264, 8);
    puts_(" queue size "); put_dec(r16(b + 12));
    puts_(" capacity "); put_dec(r32(b + 20));
    puts_(" slot "); put_dec(slot); putc_('\n');
}

int main(unsigned long hart)
{
    if (hart != 0) for (;;) asm volatile("wfi");
    static struct vdev devs[32];
    for (int i = 0; i < 4; i++) plic_priority(PCIE_IRQ + i, 1);
    plic_threshold(0, 0);
    w32(PLIC + 0x2000 + 4, 0xf); // sources 32..35: word 1 of context 0's enables
    disarm_timeout();
    asm volatile("csrs mie, %0" :: "r"((1UL << 11) | (1UL << 7)));
    mie_on();

    puts_("pci: bus 1 device 0 reads "); put_hex_width(r32(ECAM + (1UL << 20)), 8); putc_('\n');
    for (int slot = 0; slot < 32; slot++)
    {
        uint32_t id = r32(CFG(slot, 0));
        if (id == 0xffffffff) continue;
        uint32_t class_rev = r32(CFG(slot, 8));
        uint32_t sub = r32(CFG(slot, 0x2c));
        puts_("pci: 00:"); put_hex_width(slot, 2); puts_(".0 "); put_hex_width(id & 0xffff, 4); putc_(':'); put_hex_width(id >> 16, 4);
        puts_(" class "); put_hex_width(class_rev >> 8, 6); puts_(" rev "); put_dec(class_rev & 0xff);
        puts_(" sub "); put_hex_width(sub & 0xffff, 4); putc_(':'); put_hex_width(sub >> 16, 4);
        puts_(" header "); put_hex_width(r8(CFG(slot, 0xe)), 2);
        puts_(" pin "); put_dec(r8(CFG(slot, 0x3d)));
        puts_(" status "); put_hex_width(r16(CFG(slot, 6)), 4); putc_('\n');
        if ((id & 0xffff) != 0x1af4) continue;

        struct vdev *v = &devs[slot];
        v->slot = slot;
        unsigned long bars[6] = { 0 }, io = 0;
        for (int i = 0; i < 6; i++)
        {
            char kind;
            uint64_t size = bar_size(slot, i, &kind);
            if (!size) continue;
            bars[i] = assign(slot, i, kind, size);
            if (kind == 'i') io = bars[i];
            puts_("pci:   bar "); put_dec(i);
            puts_(kind == 'i' ? " io" : kind == 'm' ? " mem32" : " mem64 prefetchable");
            if (kind != 'i') { puts_(" size 0x"); put_hex_width(size, 5); }
            puts_(" reads back ");
            put_hex_width(r32(CFG(slot, 0x10 + 4 * i)) == (uint32_t)bars[i] + (kind == 'i' ? 1 : kind == 'M' ? 0xc : 0), 1);
            putc_('\n');
            if (kind == 'M') i++;
        }
        // Memory decoding off: the BAR does not answer; on (with I/O and bus mastering): it does.
        w16(CFG(slot, 4), 0);
        for (int cap = r8(CFG(slot, 0x34)); cap; cap = r8(CFG(slot, cap + 1)))
        {
            uint8_t type = r8(CFG(slot, cap));
            puts_("pci:   cap 0x"); put_hex_width(cap, 2); puts_(" id 0x"); put_hex_width(type, 2);
            if (type == 0x09)
            {
                uint8_t cfg = r8(CFG(slot, cap + 3)), bar = r8(CFG(slot, cap + 4));
                uint32_t off = r32(CFG(slot, cap + 8)), len = r32(CFG(slot, cap + 12));
                puts_(" virtio type "); put_dec(cfg); puts_(" bar "); put_dec(bar);
                puts_(" offset 0x"); put_hex_width(off, 4); puts_(" length 0x"); put_hex_width(len, 4);
                unsigned long at = bars[bar < 6 ? bar : 0] + off;
                if (cfg == 1) v->common = at;
                if (cfg == 2) { v->notify = at; v->multiplier = r32(CFG(slot, cap + 16)); puts_(" multiplier "); put_dec(v->multiplier); }
                if (cfg == 3) v->isr = at;
                if (cfg == 4) v->device = at;
            }
            else if (type == 0x11)
            {
                puts_(" msi-x vectors "); put_dec((r16(CFG(slot, cap + 2)) & 0x7ff) + 1);
                puts_(" table "); put_hex_width(r32(CFG(slot, cap + 4)), 8);
                puts_(" pba "); put_hex_width(r32(CFG(slot, cap + 8)), 8);
            }
            putc_('\n');
        }
        puts_("pci:   decoding off reads "); put_hex_width(r32(v->common + 0x04), 8); putc_('\n');
        w16(CFG(slot, 4), 7);
        puts_("pci:   command "); put_hex_width(r16(CFG(slot, 4)), 4); puts_(" num_queues "); put_dec(r16(v->common + 0x12)); putc_('\n');
        by_line[slot % 4] = v;
        uint32_t subsystem = sub >> 16;
        if (subsystem == 2) { legacy_test(slot, io); blk_test(v); }
        else if (subsystem == 4) rng_test(v);
    }
    puts_(other_irqs ? "pci: other interrupts\n" : "pci: done\n");
    poweroff(0);
    return 0;
}
