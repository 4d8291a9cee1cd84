using System.Diagnostics;
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

    private readonly MachineOptions options;
    private readonly Htif? htif;
    private ulong skippedTicks, lastTime;

    public PhysicalMemory Ram { get; }
    public Bus Bus { get; }
    public Hart.Hart Hart { get; }
    public IExecutionEngine Engine { get; }

    private SystemMachine(ElfImage image, MachineOptions options)
    {
        this.options = options;
        image.CheckFitsIn(options.RamBase, options.RamSize);
        Ram = new PhysicalMemory(options.RamBase, options.RamSize);
        Bus = new Bus(Ram);
        Hart = new Hart.Hart(Bus);
        LoadSegments(image);

        var clint = new Clint(Hart, ClintBase);
        Bus.Attach(clint);
        Hart.Time = options.WallClock ? Clint.WallClockTime() : VirtualTime;

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
    }

    /// <summary>Loads an ELF image; throws <see cref="ElfFormatException"/> (one-line message) on bad input.</summary>
    public static SystemMachine FromElf(string path, MachineOptions options)
    {
        using var image = ElfImage.Load(path);
        return new(image, options);
    }

    public static SystemMachine FromImage(ElfImage image, MachineOptions options) => new(image, options);

    // PT_LOAD segments go to their physical addresses; the bytes past p_filesz are already zero.
    private void LoadSegments(ElfImage image)
    {
        foreach (var ph in image.ProgramHeaders)
        {
            if (ph.Type != SegmentType.Load || ph.MemorySize == 0) continue;
            image.CopySegment(ph, Ram.Span(ph.PhysicalAddress, (int)ph.FileSize));
        }
    }

    /// <summary>Runs until HTIF exit, the instruction limit or the timeout.</summary>
    public RunOutcome Run()
    {
        var clock = Stopwatch.StartNew();
        long limit = options.MaxInstructions > 0 ? options.MaxInstructions : long.MaxValue;
        while (true)
        {
            long budget = Math.Min(options.Slice, limit - Hart.Instret);
            EngineExit exit = budget > 0 ? Engine.Run(Hart, budget) : EngineExit.Budget;

            if (htif is { ExitRequested: true })
                return new RunOutcome(StopReason.HtifExit, htif.ExitCode, Hart.Instret);
            if (Hart.Instret >= limit)
                return new RunOutcome(StopReason.InstructionLimit, 0, Hart.Instret);
            if (options.Timeout is { } t && clock.Elapsed > t)
                return new RunOutcome(StopReason.Timeout, 0, Hart.Instret);
            if (exit == EngineExit.HostTrap)
                throw new InvalidOperationException("a system-mode hart never hands traps to the host");

            if (exit == EngineExit.WaitForInterrupt)
                WaitForInterrupt(clock);
            else
                Hart.CheckInterrupts();
        }
    }

    // Monotonic even if software rewrites minstret.
    private ulong VirtualTime()
    {
        ulong t = (ulong)Math.Max(0, Hart.Instret) / InstructionsPerTick + skippedTicks;
        if (t < lastTime) t = lastTime;
        return lastTime = t;
    }

    // wfi: wait until an interrupt is pending (or the timeout passes). With the virtual clock, waiting means
    // time jumps to the next timer deadline (mtimecmp, or stimecmp under Sstc). With the wall clock, the host
    // thread sleeps until that deadline or until a device wakes the hart: a waiting hart costs no host CPU.
    private void WaitForInterrupt(Stopwatch clock)
    {
        while (Hart.WaitingForInterrupt && !Hart.StopRequested)
        {
            Hart.CheckInterrupts();
            if (!Hart.WaitingForInterrupt || Hart.InterruptPending) { Hart.WaitingForInterrupt = false; return; }
            ulong deadline = Hart.NextTimerDeadline, now = Hart.Mtime;
            if (!options.WallClock && deadline != ulong.MaxValue && deadline > now)
            {
                skippedTicks += deadline - now;
                continue;
            }
            if (options.Timeout is { } t && clock.Elapsed > t) return;
            Hart.SleepUntilWoken(SleepFor(deadline, now, clock));
        }
    }

    // Until the timer deadline (capped, so the timeout and stop requests are still noticed), in whole ms.
    private TimeSpan SleepFor(ulong deadline, ulong now, Stopwatch clock)
    {
        var cap = TimeSpan.FromMilliseconds(50);
        if (options.Timeout is { } t) cap = TimeSpan.FromTicks(Math.Clamp((t - clock.Elapsed).Ticks, 0, cap.Ticks));
        if (deadline <= now) return TimeSpan.Zero;
        ulong ticks = deadline - now; // at Clint.TimebaseFrequency (10 MHz = 100 ns, one TimeSpan tick)
        return ticks >= (ulong)cap.Ticks ? cap : TimeSpan.FromTicks((long)ticks);
    }

    public void Dispose()
    {
        Hart.Dispose();
        Ram.Dispose();
    }
}
