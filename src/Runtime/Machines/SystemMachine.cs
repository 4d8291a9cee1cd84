using RvJit.Runtime.Devices;
using RvJit.Runtime.Elf;
using RvJit.Runtime.Interpreter;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Machines;

/// <summary>
/// A bare-metal RISC-V machine (one hart, RAM, HTIF, CLINT) running an ELF image in M-mode from its
/// entry point, the way `qemu-system-riscv64 -machine spike -bios none -kernel IMAGE` does. riscv-tests,
/// the differential test programs and firmware run here.
/// </summary>
public sealed class SystemMachine : IDisposable
{
    /// <summary>QEMU's spike machine puts the CLINT here.</summary>
    public const ulong ClintBase = 0x0200_0000;

    /// <summary>Virtual clock rate: 10 MHz of CLINT time at a nominal 100 guest MIPS.</summary>
    public const ulong InstructionsPerTick = 10;

    private readonly Htif? htif;
    private readonly MachineLoop loop;

    public PhysicalMemory Ram { get; }
    public Bus Bus { get; }
    public Hart.Hart Hart { get; }
    public IExecutionEngine Engine { get; }

    private SystemMachine(ElfImage image, MachineOptions options)
    {
        image.CheckFitsIn(options.RamBase, options.RamSize);
        Ram = new PhysicalMemory(options.RamBase, options.RamSize);
        Bus = new Bus(Ram);
        Hart = new Hart.Hart(Bus, viewsPerPrivilege: true);
        image.LoadSegmentsInto(Ram);

        var clint = new Clint(Hart, ClintBase);
        Bus.Attach(clint);

        if (image.TryGetSymbol("tohost", out ulong tohost))
        {
            ulong fromhost = image.TryGetSymbol("fromhost", out ulong f) ? f : tohost + 8;
            // QEMU maps one device from the lower word to 8 bytes past the higher, however far apart.
            if (tohost > ulong.MaxValue - 15 || fromhost > ulong.MaxValue - 7)
                throw ElfReading.Error(image.Name,
                    $"HTIF symbols tohost 0x{tohost:x} and fromhost 0x{fromhost:x} reach past the end of the address space");
            htif = new Htif(tohost, fromhost, options.Console ?? TextWriter.Null);
            htif.ExitRequestedCallback = () => Hart.StopRequested = true;
            Bus.Attach(htif);
        }

        Hart.Pc = image.Entry;
        Engine = options.EngineFactory?.Invoke(Hart) ?? new Interpreter.Interpreter(Hart);
        loop = new MachineLoop([Hart], [Engine], options);
        Hart.Time = loop.TimeSource();
    }

    /// <summary>Loads an ELF image; throws <see cref="ElfFormatException"/> (one-line message) on bad input.</summary>
    public static SystemMachine FromElf(string path, MachineOptions options)
    {
        using var image = ElfImage.Load(path);
        return new(image, options);
    }

    public static SystemMachine FromImage(ElfImage image, MachineOptions options) => new(image, options);

    /// <summary>Runs until HTIF exit, the instruction limit or the timeout.</summary>
    public RunOutcome Run()
    {
        StopReason reason = loop.Run(() => htif is { ExitRequested: true } ? StopReason.HtifExit : null);
        return new RunOutcome(reason, reason == StopReason.HtifExit ? htif!.ExitCode : 0, Hart.Instret);
    }

    public void Dispose()
    {
        Hart.Dispose();
        Ram.Dispose();
    }
}
