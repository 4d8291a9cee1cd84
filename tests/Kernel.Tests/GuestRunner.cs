// Runs a guest program under rvjit (in-process, through the LinuxKernel API) or under qemu-riscv64.
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using RvJit.Runtime.Interpreter;
using RvJit.Translator;

namespace RvJit.Kernel.Tests;

/// <summary>What a guest run produced.</summary>
public sealed record GuestResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs guest programs with a fixed environment in a fresh working directory. Under rvjit the kernel
/// runs in this process with the guest's stdio redirected to files; under qemu-riscv64 a child process.
/// </summary>
public static class GuestRunner
{
    public static readonly string[] Environment =
        ["PATH=/usr/bin:/bin", "HOME=/tmp", "LANG=C", "RVJIT_TEST_VAR=hello", "RVJIT_TEST_OTHER=1"];

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(120);

    /// <param name="harts">Harts the kernel will make: with several, the JIT's engines share one translation cache.</param>
    public static Func<Runtime.Hart.Hart, IExecutionEngine> Engine(string name, int harts = 1) => name switch
    {
        "interp" => h => new Interpreter(h),
        "jit" when harts == 1 => h => new JitEngine(h, hotThreshold: 2, backgroundCompile: false),
        "jit" => SharedJit(),
        _ => throw new ArgumentException(name),
    };

    private static Func<Runtime.Hart.Hart, IExecutionEngine> SharedJit()
    {
        var sharedFor = SharedTranslations.PerRam(ram => new SharedTranslations(ram, hotThreshold: 2, backgroundCompile: false, constantTlb: true)); // as the CLI makes them
        return h => new JitEngine(h, sharedFor(h));
    }

    public static string NewWorkDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "rvjit-kt-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs <paramref name="program"/> under rvjit's kernel in this process.</summary>
    public static GuestResult RunRvjit(string program, string[] args, string engine, string? workDirectory = null, string? root = null,
        string? programPath = null, TextWriter? diagnostics = null, TextWriter? strace = null, ulong ramSize = 1UL << 30,
        TimeSpan? timeout = null, NetworkAccess network = NetworkAccess.Host, bool resolveWithoutOpenat2 = false, int harts = 1,
        Debug.GuestProfiler? profiler = null)
    {
        string work = workDirectory ?? NewWorkDirectory();
        string outPath = Path.Combine(Path.GetTempPath(), "rvjit-kt-out-" + Guid.NewGuid().ToString("N"));
        string errPath = outPath + ".err";
        try
        {
            int status;
            using (var stdin = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read))
            using (var stdout = File.OpenHandle(outPath, FileMode.Create, FileAccess.Write))
            using (var stderr = File.OpenHandle(errPath, FileMode.Create, FileAccess.Write))
            {
                var settings = new KernelSettings
                {
                    EngineFactory = Engine(engine, harts),
                    Sysroot = root is null ? GuestPrograms.Sysroot : null,
                    RootDirectory = root,
                    RamSize = ramSize,
                    StdinFd = Fd(stdin),
                    StdoutFd = Fd(stdout),
                    StderrFd = Fd(stderr),
                    Diagnostics = diagnostics ?? TextWriter.Null,
                    Strace = strace is not null,
                    StraceOutput = strace,
                    WorkingDirectory = root is null ? work : "/",
                    Network = network,
                    ResolveWithoutOpenat2 = resolveWithoutOpenat2,
                    Harts = harts,
                    Profiler = profiler,
                };
                using var kernel = new LinuxKernel(settings);
                string path = programPath ?? program;
                var run = Task.Factory.StartNew(() => kernel.Run(path, [path, .. args], Environment), TaskCreationOptions.LongRunning);
                TimeSpan limit = timeout ?? Timeout;
                if (!run.Wait(limit))
                {
                    kernel.RequestShutdown();
                    run.Wait(TimeSpan.FromSeconds(10));
                    throw new TimeoutException($"{Path.GetFileName(program)} did not finish in {limit.TotalSeconds} s under rvjit ({engine})");
                }
                if (kernel.InternalError is { } e) throw new InvalidOperationException("kernel internal error", e);
                status = run.Result;
            }
            return new GuestResult(status, File.ReadAllText(outPath), File.ReadAllText(errPath));
        }
        finally
        {
            File.Delete(outPath);
            File.Delete(errPath);
            if (workDirectory is null) TryDelete(work);
        }
    }

    private static int Fd(SafeFileHandle h) => (int)h.DangerousGetHandle();

    /// <summary>Runs <paramref name="program"/> under qemu-riscv64 (with the sysroot for dynamic programs).</summary>
    public static GuestResult RunQemu(string program, string[] args)
    {
        string work = NewWorkDirectory();
        try
        {
            var psi = new ProcessStartInfo("qemu-riscv64")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                WorkingDirectory = work,
            };
            psi.Environment.Clear();
            foreach (var kv in Environment) { int eq = kv.IndexOf('='); psi.Environment[kv[..eq]] = kv[(eq + 1)..]; }
            psi.ArgumentList.Add("-L");
            psi.ArgumentList.Add(GuestPrograms.Sysroot);
            psi.ArgumentList.Add(program);
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(Timeout)) { p.Kill(true); throw new TimeoutException($"{program} timed out under qemu"); }
            // A guest killed by a signal makes qemu kill itself with it: report it the shell's way.
            int code = p.ExitCode;
            return new GuestResult(code, stdout.Result, stderr.Result);
        }
        finally { TryDelete(work); }
    }

    public static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
