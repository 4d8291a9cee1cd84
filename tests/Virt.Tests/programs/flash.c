// Runs in place from pflash unit 0 (-bios none -drive if=pflash,unit=0,...): prints what QEMU's CFI flash answers
// in bank 1 (0x22000000): the CFI query, the ids, the status after a program, an erase and a buffered program
// (read back in read-array mode), and runs code programmed into bank 1 twice, reprogrammed in between (the old
// instructions must not run again: QEMU 7.2 runs them, its translations of flash code outlive the erase). Bank 0
// is left in read-array mode: QEMU cannot run code from a bank in command mode.
#include "mlib.h"

#define BANK0 0x20000000UL
#define BANK1 0x22000000UL
#define SECTOR (256 * 1024UL)

static const char greeting[] = "running from flash at ";

static void line(const char *what, unsigned long v) { puts_(what); puts_(" "); put_hex_width(v, 8); puts_("\n"); }

static void cmd(unsigned long at, uint32_t c) { w32(at, c * 0x10001u); }

// Programs n words at `at` with one buffered write (0xE8, count - 1, the words, 0xD0).
static void buffered(unsigned long at, const uint32_t *words, int n)
{
    cmd(at, 0xe8);
    line("  e8 status", r32(at));
    w32(at, (n - 1) * 0x10001u);
    for (int i = 0; i < n; i++) w32(at + 4 * i, words[i]);
    cmd(at, 0xd0);
    line("  buffered status", r32(at));
    cmd(at, 0xff);
}

typedef long (*fn)(void);

int main(void)
{
    unsigned long pc;
    asm volatile("auipc %0, 0" : "=r"(pc));
    puts_(greeting); put_hex_width(pc & ~0xfffffUL, 8); puts_("\n");

    cmd(BANK1, 0x98);
    puts_("cfi:");
    for (int i = 0x10; i < 0x40; i++) { puts_(" "); put_hex_width(r32(BANK1 + 4 * i), 8); }
    puts_("\n");
    line("  byte at 0x40", r8(BANK1 + 0x40));
    line("  halfword at 0x44", *(volatile uint16_t *)(BANK1 + 0x44));
    line("  double at 0x40 low", (uint32_t)*(volatile uint64_t *)(BANK1 + 0x40));
    cmd(BANK1, 0xff);
    cmd(BANK1, 0x90);
    line("manufacturer", r32(BANK1));
    line("device", r32(BANK1 + 4));
    line("id at 8", r32(BANK1 + 8));
    cmd(BANK1, 0xff);
    line("array after ff", r32(BANK1));

    cmd(BANK1 + SECTOR, 0x20);
    line("erase status", r32(BANK1));
    cmd(BANK1 + SECTOR, 0xd0);
    line("erase confirmed status", r32(BANK1 + 8));
    line("status halfword", *(volatile uint16_t *)(BANK1 + 2));
    cmd(BANK1, 0xff);
    line("erased word", r32(BANK1 + SECTOR + 16));

    cmd(BANK1 + SECTOR, 0x40);
    w32(BANK1 + SECTOR + 16, 0x12345678);
    line("program status", r32(BANK1 + SECTOR));
    cmd(BANK1, 0x50);
    line("after clear status (read array)", r32(BANK1 + SECTOR + 16));
    cmd(BANK1, 0x70);
    line("status register", r32(BANK1));
    cmd(BANK1, 0xff);

    // Code in bank 1: li a0, 42; ret -- then erased and reprogrammed as li a0, 7; ret.
    uint32_t first[2] = { 0x02a00513, 0x00008067 }, second[2] = { 0x00700513, 0x00008067 };
    cmd(BANK1 + SECTOR, 0x20); cmd(BANK1 + SECTOR, 0xd0); cmd(BANK1, 0xff);
    buffered(BANK1 + SECTOR, first, 2);
    asm volatile("fence.i");
    fn f = (fn)(BANK1 + SECTOR);
    line("code in flash returns", f());
    line("again", f());
    cmd(BANK1 + SECTOR, 0x20); cmd(BANK1 + SECTOR, 0xd0); cmd(BANK1, 0xff);
    line("erased code word", r32(BANK1 + SECTOR));
    buffered(BANK1 + SECTOR, second, 2);
    asm volatile("fence.i");
    line("reprogrammed code returns", f());

    // Loads of this program's constants go through the flash's read path.
    puts_(greeting + 8); puts_("\n");

    // A program of the last word, to be found in the image file afterwards.
    cmd(BANK1 + 2 * SECTOR, 0x20); cmd(BANK1 + 2 * SECTOR, 0xd0);
    cmd(BANK1 + 2 * SECTOR, 0x10);
    w32(BANK1 + 2 * SECTOR + 8, 0xcafef00d);
    cmd(BANK1, 0xff);
    puts_("done\n");
    poweroff(0);
    return 0;
}

void trap(unsigned long cause, unsigned long hart) { (void)hart; fail_on_trap(cause); }
