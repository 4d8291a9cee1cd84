// The fixed parts of a differential program around the random body: the prologue that sets up machine
// state, the epilogue that dumps it through the HTIF console, the trap reporter, and the data sections.
using System.Globalization;

namespace RvJit.RiscvTests.Differential;

/// <summary>
/// Writes the non-random frame of a differential program. The program runs in M-mode from _start:
/// <list type="number">
/// <item>prologue: mtvec = the trap reporter, mstatus.FS = Initial or Dirty, random frm (0-4) and fflags,
/// f0..f31 and x1..x31 = random or edge-case values (sp = scratch start, s0 = scratch + 2048);</item>
/// <item>the random body;</item>
/// <item>epilogue: save every register, checksum the scratch area, print <see cref="DumpLayout.Names"/> as
/// `name value` lines on the HTIF console, then exit with code 0 through tohost.</item>
/// </list>
/// A trap anywhere prints `TRAP mcause mepc mtval` (16 hex digits each) and exits with code 3.
/// </summary>
internal static class ProgramFrame
{
    /// <summary>HTIF exit code of a program that trapped.</summary>
    public const int TrapExitCode = 3;

    private const string HtifProtocol = """
        # HTIF console protocol relied on (QEMU 7.2 hw/char/riscv_htif.c; rvjit implements the same):
        #  - tohost and fromhost are 8-byte symbols; the host watches them. Access them only with ld/sd.
        #  - A console write is one sd of (1 << 56) | (1 << 48) | byte to tohost (device 1 = console,
        #    command 1 = put character). QEMU accepts a command only while tohost reads 0, prints the byte at
        #    once, then clears tohost and posts an acknowledgement (device/command | 0x100 | byte) in fromhost.
        #  - So rvd_putc waits until tohost reads 0, writes the command, waits until tohost reads 0 again (the
        #    host has taken it), then clears fromhost. It never waits for fromhost, so a host that clears tohost
        #    but posts no acknowledgement works too.
        #  - Exit: one sd of (code << 1) | 1 to tohost (device 0, command 0); QEMU exits with status `code`.
        """;

    public static void WriteHeader(AssemblyWriter w, ulong seed, GeneratorOptions options)
    {
        w.Line($"# rvjit differential test program: seed {seed}, {options.InstructionCount} random items" +
               (options.MisalignedAccesses ? ", misaligned accesses" : "") + ". Generated; do not edit.");
        w.Line("# Build: riscv64-unknown-elf-gcc -march=rv64gc_zicsr_zifencei_zba_zbb_zbs_zbc_zbkb_zbkc_zbkx_zfh_zihintpause -mabi=lp64d -nostdlib");
        w.Line("#        -nostartfiles -T tests/riscv-tests/Differential/link.ld prog.S -o prog.elf");
        w.Line("# Run:   qemu-system-riscv64 -machine spike -nographic -bios none -kernel prog.elf");
        w.Block(HtifProtocol);
        w.Line("        .option rvc");
        w.Line("        .section .text.init, \"ax\", @progbits");
        w.Line("        .globl _start");
    }

    public static void WritePrologue(AssemblyWriter w, SplitMix64 rng)
    {
        w.Line("_start:");
        w.Line("        lla t0, rvd_trap");
        w.Line("        csrw mtvec, t0");
        w.Line($"        li t0, {(rng.Percent(50) ? "0x2000" : "0x6000")}        # mstatus.FS = Initial or Dirty");
        w.Line("        csrs mstatus, t0");
        w.Line($"        csrwi frm, {rng.Below(5)}");
        w.Line($"        csrwi fflags, {(rng.Percent(50) ? 0 : rng.Below(32))}");
        for (int f = 0; f < 32; f++)
        {
            w.Line($"        li t0, {Hex(InterestingValues.FloatBits(rng))}");
            w.Line($"        fmv.d.x f{f}, t0");
        }
        w.Line("        lla sp, rvd_scratch");
        w.Line("        lla s0, rvd_scratch + 2048");
        for (int x = 1; x < 32; x++)
        {
            if (x is BodyGenerator.ScratchStartRegister or BodyGenerator.ScratchMiddleRegister) continue;
            w.Line($"        li x{x}, {Hex(InterestingValues.Integer(rng))}");
        }
        w.Line("rvd_body:");
    }

    public static void WriteEpilogue(AssemblyWriter w)
    {
        int values = DumpLayout.Names.Count;
        int fcsrSlot = 8 * 64, checksumSlot = 8 * 65;
        w.Line("rvd_body_end:");
        w.Line("        # Save x1..x31, f0..f31 and fcsr to rvd_save[1..64] (x31 goes through mscratch).");
        w.Line("        csrw mscratch, x31");
        w.Line("        lla x31, rvd_save");
        for (int x = 1; x < 31; x++) w.Line($"        sd x{x}, {8 * x}(x31)");
        w.Line("        csrr x30, mscratch");
        w.Line("        sd x30, 248(x31)");
        for (int f = 0; f < 32; f++) w.Line($"        fsd f{f}, {8 * (32 + f)}(x31)");
        w.Line("        frcsr x30");
        w.Line($"        sd x30, {fcsrSlot}(x31)");
        w.Block($$"""
                    # Checksum each 256-byte block of the scratch area: h = rotl(h, 7) ^ dword, in address order.
                    lla s1, rvd_scratch
                    addi s2, x31, {{checksumSlot}}
                    li s3, {{DumpLayout.ChecksumBlocks}}
            1:      li s4, {{DumpLayout.ChecksumBlockBytes / 8}}
                    li s5, 0
            2:      ld t0, 0(s1)
                    slli t1, s5, 7
                    srli s5, s5, 57
                    or s5, s5, t1
                    xor s5, s5, t0
                    addi s1, s1, 8
                    addi s4, s4, -1
                    bnez s4, 2b
                    sd s5, 0(s2)
                    addi s2, s2, 8
                    addi s3, s3, -1
                    bnez s3, 1b
                    # Print every saved value as "name value".
                    lla s1, rvd_names
                    lla s2, rvd_save + 8
                    li s3, {{values}}
            3:      mv a1, s1
                    ld a2, 0(s2)
                    jal rvd_print_line
                    addi s1, s1, 8
                    addi s2, s2, 8
                    addi s3, s3, -1
                    bnez s3, 3b
                    li a0, 0
                    j rvd_exit
            """);
    }

    public static void WriteRoutines(AssemblyWriter w) => w.Block($$"""

        # a0 = exit code: HTIF exit, then spin until the host stops the machine.
        rvd_exit:
                slli a0, a0, 1
                ori a0, a0, 1
                lla t0, tohost
                sd a0, 0(t0)
        1:      j 1b

        # a0 = character. Clobbers t0, t1.
        rvd_putc:
                lla t0, tohost
        1:      ld t1, 0(t0)
                bnez t1, 1b
                li t1, 0x0101
                slli t1, t1, 48
                or t1, t1, a0
                sd t1, 0(t0)
        2:      ld t1, 0(t0)
                bnez t1, 2b
                lla t1, fromhost
                sd zero, 0(t1)
                ret

        # a1 = NUL-terminated string. Clobbers a0, a1, t0, t1, s9.
        rvd_put_string:
                mv s9, ra
        1:      lbu a0, 0(a1)
                beqz a0, 2f
                jal rvd_putc
                addi a1, a1, 1
                j 1b
        2:      mv ra, s9
                ret

        # a2 = value, printed as 16 lowercase hex digits. Clobbers a0, t0-t2, s10, s11.
        rvd_put_hex:
                mv s11, ra
                li s10, 60
        1:      srl a0, a2, s10
                andi a0, a0, 15
                li t2, 10
                blt a0, t2, 2f
                addi a0, a0, 39          # 'a' - '0' - 10
        2:      addi a0, a0, 48          # '0'
                jal rvd_putc
                addi s10, s10, -4
                bgez s10, 1b
                mv ra, s11
                ret

        # a1 = name, a2 = value: prints "name value\n". Clobbers a0, a1, t0-t2, s7, s9-s11.
        rvd_print_line:
                mv s7, ra
                jal rvd_put_string
                li a0, 32                # ' '
                jal rvd_putc
                jal rvd_put_hex
                li a0, 10                # '\n'
                jal rvd_putc
                mv ra, s7
                ret

        # Any trap: print "TRAP mcause mepc mtval" and exit with code {{TrapExitCode}}.
                .balign 4
        rvd_trap:
                csrr s1, mcause
                csrr s2, mepc
                csrr s3, mtval
                lla a1, rvd_trap_text
                jal rvd_put_string
                li a0, 32
                jal rvd_putc
                mv a2, s1
                jal rvd_put_hex
                li a0, 32
                jal rvd_putc
                mv a2, s2
                jal rvd_put_hex
                li a0, 32
                jal rvd_putc
                mv a2, s3
                jal rvd_put_hex
                li a0, 10
                jal rvd_putc
                li a0, {{TrapExitCode}}
                j rvd_exit
        """);

    public static void WriteData(AssemblyWriter w, SplitMix64 rng)
    {
        w.Block("""

                    .section .tohost, "aw", @progbits
                    .balign 64
                    .globl tohost
            tohost: .dword 0
                    .size tohost, 8
                    .balign 64
                    .globl fromhost
            fromhost: .dword 0
                    .size fromhost, 8

                    .data
                    .balign 4096
            rvd_scratch:
            """);
        for (int i = 0; i < DumpLayout.ScratchBytes / 8; i += 4)
            w.Line($"        .dword {Hex(rng.Next())}, {Hex(rng.Next())}, {Hex(rng.Next())}, {Hex(rng.Next())}");
        w.Line("        .balign 8");
        w.Line("rvd_save:");
        w.Line($"        .zero {8 * (DumpLayout.Names.Count + 1)}");
        w.Line("rvd_names:");
        foreach (string name in DumpLayout.Names)
        {
            w.Line($"        .asciz \"{name}\"");
            w.Line("        .balign 8");
        }
        w.Line("rvd_trap_text:");
        w.Line("        .asciz \"TRAP\"");
    }

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
