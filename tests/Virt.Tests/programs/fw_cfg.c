// Reads QEMU's fw_cfg (MMIO at 0x10100000) both ways and prints what it finds: the signature, the ID, the numbered
// items virt sets, the file directory (through the data register), each file by DMA and the -fw_cfg files by both
// interfaces, then DMA requests QEMU reports as errors (a write, an address outside RAM, a length running past RAM's
// end) and a skip. The console is compared with qemu-system-riscv64's.
#include "mlib.h"

#define FW_CFG 0x10100000UL
#define DATA (FW_CFG + 0)
#define SELECTOR (FW_CFG + 8)
#define DMA (FW_CFG + 16)

static uint16_t be16(uint16_t v) { return (uint16_t)(v << 8 | v >> 8); }
static uint32_t be32(uint32_t v) { return (uint32_t)be16((uint16_t)v) << 16 | be16((uint16_t)(v >> 16)); }
static uint64_t be64(uint64_t v) { return (uint64_t)be32((uint32_t)v) << 32 | be32((uint32_t)(v >> 32)); }

static void select_item(uint16_t key) { *(volatile uint16_t *)SELECTOR = be16(key); }
static uint8_t data8(void) { return r8(DATA); }

struct dma_access { uint32_t control, length; uint64_t address; };
static volatile struct dma_access req __attribute__((aligned(16)));
static uint8_t buffer[4096];
static struct { uint32_t size; uint16_t select; uint16_t reserved; char name[56]; } dir[32];
static uint32_t files;

static uint32_t dma(uint32_t control, uint32_t length, uint64_t address, int split)
{
    req.control = be32(control);
    req.length = be32(length);
    req.address = be64(address);
    uint64_t at = (uint64_t)(unsigned long)&req;
    if (split) { w32(DMA, be32(at >> 32)); w32(DMA + 4, be32((uint32_t)at)); }
    else *(volatile uint64_t *)DMA = be64(at);
    return be32(req.control);
}

static void dump(const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n && i < 48; i++) { putc_(' '); put_hex_width(p[i], 2); }
    puts_("\n");
}

int main(void)
{
    unsigned long hart;
    asm volatile("csrr %0, mhartid" : "=r"(hart));
    if (hart != 0) for (;;) asm volatile("wfi"); // one hart probes; the others only count in item 5
    select_item(0);
    puts_("signature ");
    for (int i = 0; i < 4; i++) putc_(data8());
    puts_("\nafter end "); put_hex_width(data8(), 2);
    puts_("\ndma register ");
    for (int i = 0; i < 8; i++) putc_(r8(DMA + i));
    puts_("\nwide read "); put_hex_width(*(volatile uint64_t *)DMA, 16);
    select_item(1);
    puts_("\nid "); put_hex_width(r32(DATA), 8);
    select_item(0);
    puts_("\nsignature as u64 "); put_hex_width(*(volatile uint64_t *)DATA, 16);
    puts_("\n");
    for (int key = 2; key < 0x19; key++)
    {
        select_item(key);
        uint64_t v = *(volatile uint64_t *)DATA;
        if (v) { puts_("item "); put_hex_width(key, 2); puts_(" "); put_hex_width(v, 16); puts_("\n"); }
    }

    // The directory through the data register.
    select_item(0x19);
    for (int i = 0; i < 4; i++) files = files << 8 | data8();
    puts_("files "); put_dec(files); puts_("\n");
    for (uint32_t f = 0; f < files && f < 32; f++)
    {
        uint8_t *e = (uint8_t *)&dir[f];
        for (int i = 0; i < 64; i++) e[i] = data8();
        puts_("  "); put_hex_width(be16(dir[f].select), 4); puts_(" "); put_dec(be32(dir[f].size)); puts_(" "); puts_(dir[f].name); puts_("\n");
    }
    // Each file by DMA (select + read), the opt/ ones by the data register too.
    for (uint32_t f = 0; f < files && f < 32; f++)
    {
        uint32_t size = be32(dir[f].size), n = size < sizeof buffer ? size : sizeof buffer;
        for (uint32_t i = 0; i < sizeof buffer; i++) buffer[i] = 0xee;
        uint32_t control = dma((uint32_t)be16(dir[f].select) << 16 | 8 | 2, n, (unsigned long)buffer, f & 1);
        puts_(dir[f].name); puts_(" dma control "); put_hex_width(control, 8); puts_(":"); dump(buffer, n);
        if (dir[f].name[0] == 'o')
        {
            select_item(be16(dir[f].select));
            puts_("  by port:");
            for (uint32_t i = 0; i < n && i < 48; i++) { putc_(' '); put_hex_width(data8(), 2); }
            puts_("\n");
        }
    }

    select_item(0);
    puts_("skip 2 then read: "); put_hex_width(dma(4, 2, 0, 0), 8);
    put_hex_width(dma(2, 4, (unsigned long)buffer, 0), 8); dump(buffer, 4);
    puts_("read past the item end: "); put_hex_width(dma(8 | 2, 8, (unsigned long)buffer, 0), 8); dump(buffer, 8);
    puts_("write: "); put_hex_width(dma(8 | 0x10, 4, (unsigned long)buffer, 0), 8); puts_("\n");
    puts_("read to an address outside RAM: "); put_hex_width(dma(8 | 2, 4, 0x40000000000UL, 0), 8); puts_("\n");
    puts_("read to the flash: "); put_hex_width(dma(8 | 2, 4, 0x24000000UL, 0), 8); puts_("\n");
    // Past the end of 128 MiB of RAM (QEMU zeroes what lies in RAM, then reports the error; a length of gigabytes
    // takes it minutes, so the rvjit-only tests try those).
    for (unsigned long *p = (unsigned long *)0x87fffff0UL; p < (unsigned long *)0x88000000UL; p++) *p = ~0UL;
    puts_("read past RAM's end: "); put_hex_width(dma(8 | 2, 0x100000u, 0x87fffff0UL, 0), 8);
    puts_(" left "); put_hex_width(*(volatile unsigned long *)0x87fffff8UL, 16); puts_("\n");
    puts_("no operation: "); put_hex_width(dma(0, 16, (unsigned long)buffer, 0), 8); puts_("\n");
    select_item(0x7fff);
    puts_("invalid selector reads "); put_hex_width(*(volatile uint64_t *)DATA, 16); puts_("\n");
    poweroff(0);
    return 0;
}

void trap(unsigned long cause, unsigned long hart) { (void)hart; fail_on_trap(cause); }
