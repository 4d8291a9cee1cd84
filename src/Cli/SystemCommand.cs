using RvJit.Runtime.Machines;
using RvJit.Translator;
using RvJit.Translator.Persist;

namespace RvJit.Cli;

/// <summary>
/// `rvjit system [options]` (and `rvjit run --machine virt`): QEMU's `virt` board, with
/// qemu-system-riscv64's spellings of its options.
/// </summary>
internal static class SystemCommand
{
    public const string DefaultFirmwareNames = "/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin, /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin";

    public static readonly string Help = $"""
        usage: rvjit system [options]         (also: rvjit run --machine virt [options] [KERNEL])

        QEMU's `virt` machine (qemu-system-riscv64 -machine virt): RAM at 0x80000000, CLINT 0x2000000,
        PLIC 0xc000000, 16550A UART 0x10000000 (IRQ 10) on the console, SiFive test device 0x100000
        (poweroff/reboot), goldfish RTC 0x101000 (IRQ 11), virtio-mmio slots 0x10001000..0x10008000
        (IRQ 1..8) with the devices below, CFI flash 0x20000000 and 0x22000000, fw_cfg 0x10100000,
        and a generated device tree (a1 at reset; a0 = hart id, a2 = fw_dynamic_info).
        The exit status is the poweroff status (0 for a pass).

        options:
          -machine, -M virt[,dumpdtb=FILE]   the board (only virt)
          -bios FILE|none|default  M-mode firmware: an ELF, or a raw binary at 0x80000000 (default: OpenSBI's
                                   fw_dynamic.bin, the first of
                                   {DefaultFirmwareNames.Replace(", ", "\n" + new string(' ', 27))})
          -kernel FILE             an ELF (at its addresses) or a raw image such as Linux's Image (with
                                   firmware, at the next 2 MiB boundary past it: 0x80200000 for OpenSBI)
          -initrd FILE             at kernel + min(RAM/2, 128M); in /chosen
          -append "ARGS"           the kernel command line (/chosen/bootargs)
          -m SIZE                  RAM (a plain number is MiB, as in QEMU; default 128M)
          -smp N                   harts (default 1)
          -accel tcg[,thread=multi|single]   multi: each hart on a host thread of its own (the default for 2 or
                                   more harts when the host has more cores than harts: a core stays for the JIT's
                                   compiles and the devices); single: the harts take turns on one host
                                   thread (faster when harts would wait for cores: a Linux spinlock spins
                                   while its holder's thread waits)
          -nographic, -display none, -serial mon:stdio   accepted (the console is always stdin/stdout)
          {VirtioCommandLine.Help.Trim()}
          --dtb FILE               pass this device tree instead of the generated one
          --dump-dtb FILE          write the generated device tree to FILE and exit (like dumpdtb=FILE)
          --engine jit|interp      execution engine (default: jit)
          --timeout SECONDS        stop after this wall-clock time (exit status 124)
          --max-instructions N     stop after N guest instructions (exit status 125)
          --wall-clock             timer from the host clock (default: a virtual clock driven by
                                   instructions that jumps ahead while every hart waits in wfi)
          --cache DIR              jit: keep translations across boots in DIR (default $RVJIT_CACHE, else
                                   $XDG_CACHE_HOME/rvjit, else ~/.cache/rvjit), selected by the kernel's file
                                   (else the firmware's) and keyed by the contents of each guest code page
          --no-cache               neither read nor write the translation cache (RVJIT_CACHE=off does the same)
          --cache-native MODE      precompile the boot's new translations with crossgen2 after it:
                                   background (default), wait, or off (keep IL)
          --stats                  print instructions and MIPS to stderr at exit
          -s                       gdb stub on tcp::1234 (same as -gdb tcp::1234)
          -gdb tcp:[HOST]:PORT     gdb stub on PORT (loopback unless HOST is given; port 0 picks a free
                                   one, printed on stderr): harts are threads, registers include the CSRs
                                   and `priv`; gdb's connection stops the machine, detach lets it run on
          -S                       start frozen: wait for gdb's continue (needs -s or -gdb)

        The console is the UART: stdin in raw mode when it is a terminal; Ctrl-A x quits.
        """;

    private static readonly string[] WithValue = ["-machine", "-M", "-bios", "-kernel", "-initrd", "-append", "-m", "-smp", "--smp", "--dtb", "--dump-dtb",
        "--engine", "--timeout", "--max-instructions", "-gdb", "-accel", "-display", "-serial", "-cpu", "--jit-threshold", "--machine", "--ram",
        "--cache", "--cache-native", .. VirtioCommandLine.WithValue];
    private static readonly string[] Flags = [VirtioCommandLine.SnapshotFlag, "-nographic", "--wall-clock", "--stats", "--jit-sync", "--no-cache", "--help", "-h", "-s", "-S"];

    public static int Run(string[] args)
    {
        var o = new Options(args, WithValue, Flags, stopAtFirstOperand: false);
        if (o.Has("--help") || o.Has("-h")) { Console.Out.Write(Help); return 0; }
        string machine = o.Get("-machine") ?? o.Get("-M") ?? o.Get("--machine") ?? "virt";
        string? dumpDtb = o.Get("--dump-dtb");
        foreach (string part in machine.Split(',').Skip(1))
        {
            if (part.StartsWith("dumpdtb=", StringComparison.Ordinal)) dumpDtb = part["dumpdtb=".Length..];
            else throw new UsageException($"-machine: unknown property '{part}'");
        }
        if (machine.Split(',')[0] != "virt") throw new UsageException($"-machine: '{machine.Split(',')[0]}' is not supported (only virt)");
        if (o.Get("-cpu") is { } cpu) CpuModel.Check(cpu);
        if (o.Operands.Count > 1) throw new UsageException($"system: unexpected '{o.Operands[1]}'");
        string? kernel = o.Get("-kernel") ?? o.Operands.FirstOrDefault();
        ulong ram = RamSize(o.Get("-m") ?? o.Get("--ram"));
        int harts = Smp(o.Get("-smp") ?? o.Get("--smp"));
        string? bios = Firmware(o.Get("-bios"));
        foreach (string? file in new[] { bios, kernel, o.Get("-initrd"), o.Get("--dtb") })
            if (file is not null && !File.Exists(file)) throw new QemuStyleException($"could not load '{file}': No such file or directory");
        if (o.Get("-initrd") is not null && kernel is null) throw new UsageException("-initrd needs -kernel");
        if (o.Get("-append") is not null && kernel is null) throw new UsageException("-append only allowed with -kernel option");

        System.Net.IPEndPoint? gdbEndpoint = o.Get("-gdb") is { } gdbDevice ? MachineGdbServer.ParseDevice(gdbDevice)
            : o.Has("-s") ? new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1234) : null;
        if (o.Has("-S") && gdbEndpoint is null) throw new UsageException("-S waits for gdb: give -s or -gdb tcp::PORT too (rvjit has no monitor)");
        var debugger = gdbEndpoint is null ? null : new MachineDebugger(startStopped: o.Has("-S"));

        var pflash = new PflashDrive?[VirtBoard.FlashBanks];
        var fwCfgFiles = new List<FwCfgFile>();
        var (devices, legacy) = VirtioCommandLine.Parse(o.InOrder, o.Has(VirtioCommandLine.SnapshotFlag), pflash, fwCfgFiles);

        CacheChoice.CheckNativeMode(o.Get("--cache-native"));
        // Translations persist as for `rvjit run`: a region is keyed by the hash of the physical page it was read from
        // and its entry's offset there (its pcs come from the entry pc, the TLB from the context: nothing names a
        // privilege's TLB view, a physical frame or a virtual page), so firmware and kernel code that are the same bytes
        // from boot to boot are installed precompiled. Under gdb the code holds breakpoints: nothing worth keeping.
        string? identity = kernel ?? bios;
        PersistentCode? cache = o.Get("--engine") is null or "jit" && gdbEndpoint is null && identity is not null && dumpDtb is null
            ? CacheChoice.Open(o.Get("--cache"), o.Has("--no-cache"), identity) : null;
        var engine = EngineChoice.Parse(o.Get("--engine"), (int)o.GetLong("--jit-threshold", JitEngine.DefaultHotThreshold),
            backgroundCompile: !o.Has("--jit-sync"), measureTime: o.Has("--stats"), harts: harts, earlyWhenIdle: !o.Has("--jit-threshold"),
            persisted: cache);
        var stdout = Console.OpenStandardOutput();
        var machineOptions = new MachineOptions
        {
            EngineFactory = engine,
            RamSize = ram,
            Timeout = o.Has("--timeout") ? TimeSpan.FromSeconds(o.GetSeconds("--timeout", 0)) : null,
            MaxInstructions = o.GetLong("--max-instructions", 0),
            WallClock = o.Has("--wall-clock"),
            Debugger = debugger,
            HartThreads = Accel(o.Get("-accel"), harts),
        };
        var virt = new VirtOptions
        {
            Machine = machineOptions, Harts = harts, Bios = bios, Kernel = kernel, Initrd = o.Get("-initrd"), Append = o.Get("-append"),
            Dtb = o.Get("--dtb") is { } dtb ? File.ReadAllBytes(dtb) : null,
            Console = new BufferedStream(stdout, 4096),
            VirtioDevices = devices, VirtioLegacy = legacy, Pflash = pflash, FwCfgFiles = fwCfgFiles,
            DeviceLog = message => Console.Error.WriteLine($"rvjit: {message}"),
        };
        if (dumpDtb is not null)
        {
            using var m = Create(virt);
            File.WriteAllBytes(dumpDtb, m.Dtb);
            Console.Error.WriteLine($"rvjit: device tree written to {dumpDtb}");
            return 0;
        }

        using var gdb = debugger is null ? null : MachineGdbServer.Start(debugger, gdbEndpoint!);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        VirtMachine? current = null;
        using var input = new ConsoleInput(b => current?.ReceiveInput(b), () => current?.RequestQuit());
        while (true)
        {
            using var m = Create(virt);
            current = m;
            RunOutcome outcome = m.Run();
            // Saved while the machine is there (warm entries are read from its RAM); a reset boots on with the same cache.
            var saveClock = System.Diagnostics.Stopwatch.StartNew();
            string? saved = cache is not null && outcome.Reason != StopReason.Reset ? CacheChoice.Save(cache, o.Get("--cache-native")) : null;
            saveClock.Stop();
            // At the end gdb sees its connection close ("Remote connection closed"), as with QEMU's system stub.
            if (o.Has("--stats"))
            {
                double mips = outcome.Instructions / Math.Max(clock.Elapsed.TotalSeconds, 1e-9) / 1e6;
                Console.Error.WriteLine($"rvjit: {outcome.Instructions} instructions on {harts} hart(s) in {clock.Elapsed.TotalSeconds:F3} s ({mips:F1} MIPS), engine {m.Engines[0].Name}");
                var (skipped, paced) = m.Idle;
                Console.Error.WriteLine($"rvjit: idle: {skipped * 1000 / RvJit.Runtime.Devices.Clint.TimebaseFrequency} ms of guest time skipped while every hart waited, {paced} host sleeps pacing it");
                if (m.Engines[0] is JitEngine jit)
                    foreach (var (name, value) in jit.Statistics()) Console.Error.WriteLine($"rvjit: {name}: {value}");
                if (cache is not null && outcome.Reason != StopReason.Reset)
                    Console.Error.WriteLine($"rvjit: cache save: {cache.SavedCompiled} regions compiled in this boot, {cache.SavedWarm} for warm entries, {cache.SavedKept} stored ones kept; "
                        + (saved is null ? "nothing new written" : $"bundle written in {saveClock.Elapsed.TotalMilliseconds:F0} ms ({saved})"));
            }
            switch (outcome.Reason)
            {
                case StopReason.Reset: continue; // a fresh machine, as QEMU's system reset reloads the images
                case StopReason.PowerOff: return (int)(outcome.ExitCode & 0xFF);
                case StopReason.Quit:
                    Console.Error.WriteLine("rvjit: terminated (Ctrl-A x)");
                    return 0;
                case StopReason.DebuggerKill:
                    Console.Error.WriteLine("rvjit: terminated via the gdb stub");
                    return 0;
                case StopReason.Timeout:
                    Console.Error.WriteLine($"rvjit: virt: timed out after {machineOptions.Timeout!.Value.TotalSeconds} s at pc 0x{m.Harts[0].Pc:x}");
                    return 124;
                default:
                    Console.Error.WriteLine($"rvjit: virt: stopped after {outcome.Instructions} instructions at pc 0x{m.Harts[0].Pc:x}");
                    return 125;
            }
        }
    }

    private static VirtMachine Create(VirtOptions options)
    {
        try { return new VirtMachine(options); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
    }

    // QEMU's -bios: none, default (its bundled OpenSBI), or a file.
    private static string? Firmware(string? bios)
    {
        if (bios == "none") return null;
        if (bios is not null and not "default") return bios;
        foreach (string candidate in DefaultFirmwareNames.Split(", "))
            if (File.Exists(candidate)) return candidate;
        throw new QemuStyleException($"no default firmware (looked for {DefaultFirmwareNames}); give -bios FILE or -bios none");
    }

    // QEMU's -m: a plain number is MiB; K/M/G suffixes; also size=N.
    private static ulong RamSize(string? text)
    {
        if (text is null) return 128UL << 20;
        string t = text.StartsWith("size=", StringComparison.Ordinal) ? text[5..] : text.Split(',')[0];
        if (t.Length > 0 && char.IsDigit(t[^1])) t += "M";
        if (!Options.TryParseNumber(t, out long bytes) || bytes <= 0 || bytes % 4096 != 0 || bytes > (16L << 30))
            throw new UsageException($"-m: '{text}' is not a RAM size (e.g. 256M, 1G; at most 16G)");
        return (ulong)bytes;
    }

    // QEMU's -accel tcg[,thread=single|multi]. QEMU makes MTTCG its default for riscv64 on any multi-core host; here
    // multi is the default only for several harts with a core to spare (one hart gains nothing from it): measured on 2 busy cores, Linux on 2 harts booted in 17.7 s
    // multi against 11.8 s single (a hart spins on a lock whose holder's host thread waits for a core).
    private static HartThreads Accel(string? text, int harts)
    {
        var mode = harts > 1 && Environment.ProcessorCount > harts ? HartThreads.Multi : HartThreads.Single;
        if (text is null) return mode;
        string[] parts = text.Split(',');
        if (parts[0] != "tcg") throw new UsageException($"-accel: '{parts[0]}' is not supported (only tcg)");
        foreach (string part in parts.Skip(1))
            mode = part switch
            {
                "thread=multi" => HartThreads.Multi,
                "thread=single" => HartThreads.Single,
                _ => throw new UsageException($"-accel: unknown property '{part}' (tcg takes thread=multi or thread=single)"),
            };
        return mode;
    }

    // QEMU's -smp: N or cpus=N[,...].
    private static int Smp(string? text)
    {
        if (text is null) return 1;
        string first = text.Split(',')[0];
        if (first.StartsWith("cpus=", StringComparison.Ordinal)) first = first[5..];
        if (!int.TryParse(first, out int n) || n is < 1 or > 64) throw new UsageException($"-smp: '{text}' is not a number of harts from 1 to 64");
        return n;
    }
}
