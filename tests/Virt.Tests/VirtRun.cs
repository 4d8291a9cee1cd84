// Runs the virt machine in-process under either engine, with its console captured and input fed on cue.
using System.Text;
using RvJit.Runtime.Machines;
using RvJit.Translator;

namespace RvJit.Virt.Tests;

/// <summary>A virt machine running on a thread of its own; the test reads its console and types into it.</summary>
internal sealed class VirtRun : IDisposable
{
    /// <summary>Console bytes, readable while the machine writes them.</summary>
    private sealed class Capture : Stream
    {
        private readonly StringBuilder text = new();
        public string Text { get { lock (text) return text.ToString(); } }
        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (text) text.Append(Encoding.Latin1.GetString(buffer, offset, count));
        }
        public override void WriteByte(byte value) { lock (text) text.Append((char)value); }
        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private readonly Capture console = new();
    private readonly Task<RunOutcome> run;
    public VirtMachine Machine { get; }

    public VirtRun(string engine, int harts, string? bios, string? kernel, TimeSpan? timeout = null, ulong ramSize = 128UL << 20,
        IReadOnlyList<VirtioDeviceSpec>? virtio = null, bool virtioLegacy = true, Action<VirtMachine>? beforeRun = null,
        string? initrd = null, string? append = null, bool wallClock = false, HartThreads threads = HartThreads.Single,
        Func<RvJit.Runtime.Hart.Hart, RvJit.Runtime.Interpreter.IExecutionEngine>? engineFactory = null, TimeSpan? idleLead = null,
        IReadOnlyList<PflashDrive?>? pflash = null, IReadOnlyList<FwCfgFile>? fwCfg = null)
    {
        Machine = new VirtMachine(new VirtOptions
        {
            Harts = harts, Bios = bios, Kernel = kernel, Initrd = initrd, Append = append, Console = console,
            VirtioDevices = virtio ?? [], VirtioLegacy = virtioLegacy, Pflash = pflash ?? [], FwCfgFiles = fwCfg ?? [],
            Machine = new MachineOptions { RamSize = ramSize, EngineFactory = engineFactory ?? Engine(engine, harts), Timeout = timeout ?? TimeSpan.FromSeconds(60), WallClock = wallClock,
                HartThreads = threads, IdleLead = idleLead ?? new MachineOptions().IdleLead },
        });
        beforeRun?.Invoke(Machine);
        run = Task.Factory.StartNew(Machine.Run, TaskCreationOptions.LongRunning);
    }

    /// <summary>"interp"; "jit": every block compiled on first use, on the hart's thread (the most compiled code);
    /// "jit-default": the JIT as `rvjit system` makes it (hot blocks only, compiled in the background).</summary>
    public static Func<RvJit.Runtime.Hart.Hart, RvJit.Runtime.Interpreter.IExecutionEngine> Engine(string name, int harts)
    {
        if (name == "interp") return h => new RvJit.Runtime.Interpreter.Interpreter(h);
        if (name == "jit-default")
        {
            if (harts == 1) return h => new JitEngine(h);
            var defaults = SharedTranslations.PerRam(ram => new SharedTranslations(ram));
            return h => new JitEngine(h, defaults(h));
        }
        if (harts == 1) return h => new JitEngine(h, hotThreshold: 1, backgroundCompile: false);
        var shared = SharedTranslations.PerRam(ram => new SharedTranslations(ram, hotThreshold: 1, backgroundCompile: false));
        return h => new JitEngine(h, shared(h));
    }

    public string Output => console.Text;

    /// <summary>Waits until the console shows <paramref name="text"/> (fails after a generous minute, or
    /// <paramref name="patience"/>).</summary>
    public void WaitFor(string text, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (run.IsCompleted) Assert.Fail($"the machine stopped ({run.Result.Reason}) before printing '{text}'; output:\n{Output}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"no '{text}' after {(patience ?? TimeSpan.FromSeconds(60)).TotalSeconds} s; output:\n{Output}");
            Thread.Sleep(5);
        }
    }

    /// <summary>Waits until <paramref name="text"/> occurs <paramref name="count"/> times on the console (a prompt
    /// that comes back after each command).</summary>
    public void WaitForOccurrences(string text, int count, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (Occurrences(Output, text) < count)
        {
            if (run.IsCompleted) Assert.Fail($"the machine stopped ({run.Result.Reason}) before printing '{text}' {count} times; output:\n{Output}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"no '{text}' {count} times after {(patience ?? TimeSpan.FromSeconds(60)).TotalSeconds} s; output:\n{Output}");
            Thread.Sleep(5);
        }
    }

    public static int Occurrences(string haystack, string text)
    {
        int n = 0;
        for (int at = haystack.IndexOf(text, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(text, at + text.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    public void Type(string text)
    {
        foreach (char c in text) Machine.ReceiveInput((byte)c);
    }

    /// <summary>Waits for the run's end. A run that timed out (no test expects one) or does not stop fails with where
    /// each hart was, so that a rare hang reports its state.</summary>
    public RunOutcome Finish(TimeSpan? patience = null)
    {
        Assert.True(run.Wait(patience ?? TimeSpan.FromSeconds(90)), $"the machine did not stop; harts:\n{HartReport()}\noutput:\n{Output}");
        if (run.Result.Reason == StopReason.Timeout)
            Assert.Fail($"the machine timed out after {run.Result.Instructions} instructions; harts:\n{HartReport()}\noutput:\n{Output}");
        return run.Result;
    }

    /// <summary>Each hart's pc, privilege, wfi state, pending and enabled interrupts and timer compares.</summary>
    public string HartReport() => string.Join('\n', Machine.Harts.Select(h =>
        $"hart {h.HartId}: pc 0x{h.Pc:x} ra 0x{h.GetX(1):x} {h.Privilege} wfi {h.WaitingForInterrupt} stop {h.StopRequested} " +
        $"mip 0x{Volatile.Read(ref h.Mip):x} mie 0x{h.Csrs.Mie:x} mideleg 0x{h.Csrs.Mideleg:x} mstatus 0x{h.Csrs.Mstatus:x} " +
        $"mtime {h.Mtime} mtimecmp {h.Mtimecmp} stimecmp {h.Csrs.Stimecmp} instret {h.Instret}"));

    public void Dispose()
    {
        if (!run.IsCompleted) { Machine.RequestQuit(); run.Wait(TimeSpan.FromSeconds(30)); }
        Machine.Dispose();
    }
}
