// execve of a host-architecture program (/bin/sh, tools on PATH): run it as a host process, like qemu-user.
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Signals;
using RvJit.Kernel.Syscalls;

namespace RvJit.Kernel.Tasks;

/// <summary>A host program an execve asked for: its host path and the argument and environment strings.</summary>
public sealed record HostCommand(string HostPath, string GuestPath, IReadOnlyList<byte[]> Arguments, IReadOnlyList<byte[]> Environment)
{
    /// <summary>e_machine of the architecture rvjit runs on (x86-64 62, AArch64 183; 0: none recognised).</summary>
    public static ushort HostMachine => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 62,
        Architecture.Arm64 => 183,
        _ => 0,
    };
}

/// <summary>
/// qemu-user hands an execve to the host kernel, so a guest's system("...") runs the host's /bin/sh. Here
/// the exec'ing guest process becomes a stand-in for a host process: the host process gets the guest's
/// standard descriptors (directly when they are rvjit's own, else through pumps to and from the guest's
/// pipes and files), signals sent to the stand-in go to it, and its exit status becomes the guest
/// process's. Descriptors above 2 are not passed on.
/// </summary>
public static class HostProgram
{
    public static async ValueTask<long> Run(SyscallContext c, HostCommand command)
    {
        var kernel = c.Kernel;
        var process = c.Process;
        var files = process.Files;

        var psi = new System.Diagnostics.ProcessStartInfo(command.HostPath) { UseShellExecute = false };
        if (DefaultSignalTrampoline is { } env && !command.HostPath.Contains('='))
        {
            // .NET ignores SIGPIPE and children inherit that; the program must die of it as under qemu-user.
            psi.FileName = env;
            psi.ArgumentList.Add("--default-signal=PIPE");
            psi.ArgumentList.Add(command.HostPath);
        }
        foreach (var a in command.Arguments.Skip(1)) psi.ArgumentList.Add(Encoding.UTF8.GetString(a));
        psi.Environment.Clear();
        foreach (var e in command.Environment)
        {
            string kv = Encoding.UTF8.GetString(e);
            int eq = kv.IndexOf('=');
            if (eq > 0) psi.Environment[kv[..eq]] = kv[(eq + 1)..];
        }
        if (kernel.Vfs.Resolve(process, "/", process.WorkingDirectory, ResolveOptions.FollowFinal | ResolveOptions.NoOverlay, out var cwd) == Errno.Success && cwd.HostPath is { } dir)
            psi.WorkingDirectory = dir;

        // A standard descriptor that is still rvjit's own is inherited as is; any other is pumped.
        bool Inherited(int fd) => files.Get(fd) is HostFile h && h.HostFd == fd;
        psi.RedirectStandardInput = !Inherited(0);
        psi.RedirectStandardOutput = !Inherited(1);
        psi.RedirectStandardError = !Inherited(2);

        System.Diagnostics.Process host;
        try { host = System.Diagnostics.Process.Start(psi)!; }
        catch (Win32Exception e) { return ((Errno)(e.NativeErrorCode > 0 ? e.NativeErrorCode : (int)Errno.ENOEXEC)).Fail(); }

        // The point of no return: the guest process is now the host process's stand-in.
        kernel.HostProgramsStarted++;
        files.CloseOnExec();
        process.Timers.DeleteAll();
        LinuxKernel.ReleaseVforkParent(process);
        process.HostProcessId = host.Id;
        process.ExecutablePath = command.GuestPath;
        process.ExecutableHostPath = command.HostPath;
        process.Name = Path.GetFileName(command.HostPath);

        // Pumps wait like guest threads, on a helper that blocks every signal (only a kill ends it).
        var helper = new UserThread(-1, process) { SignalMask = ulong.MaxValue };
        var pumps = new List<Task>();
        if (psi.RedirectStandardOutput) pumps.Add(PumpOut(host.StandardOutput.BaseStream, files.Get(1), helper));
        if (psi.RedirectStandardError) pumps.Add(PumpOut(host.StandardError.BaseStream, files.Get(2), helper));
        var stdinDone = new CancellationTokenSource();
        Task? stdinPump = psi.RedirectStandardInput ? PumpIn(files.Get(0), host.StandardInput.BaseStream, helper, stdinDone.Token) : null;

        await host.WaitForExitAsync();
        if (kernel.HostSignals is { } hostSignals)
        {
            // A signal the program sent rvjit before exiting is handed to the guest first (bounded: a lost
            // marker must not hang the guest). Its handler ran on the thread pool; the settle time lets it finish.
            await Task.WhenAny(hostSignals.Fence(), Task.Delay(FenceTimeoutMilliseconds));
            await Task.Run(static () => { });
            await kernel.CreateWaiter(KernelClock.DeadlineAfter(SignalSettleNanoseconds));
        }
        await Task.WhenAll(pumps);
        stdinDone.Cancel();
        helper.CurrentWait?.Wake(Sync.WakeReason.Interrupted);
        if (stdinPump is not null) await stdinPump;
        helper.Dispose();

        int code = host.ExitCode;
        // .NET reports death by signal N as 128 + N, like a shell.
        int status = code is > 128 and <= 128 + 64 ? WaitStatus.Killed(code - 128) : WaitStatus.Exited(code);
        process.HostProcessId = 0;
        host.Dispose();
        kernel.KillProcess(process, status);
        c.Flow = Executor.ControlFlow.Exit;
        return 0;
    }

    /// <summary>
    /// How long the exit of a host program waits before the guest sees it. A signal the program sent rvjit
    /// just before exiting (popen's `kill -USR1 $PPID`) reaches the guest through .NET's signal thread and
    /// the thread pool, while the exit comes through SIGCHLD: Linux has the signal pending before the child
    /// is even a zombie, so the exit is held back long enough for such a signal to be forwarded first.
    /// </summary>
    private const long SignalSettleNanoseconds = 10_000_000;

    /// <summary>The longest the exit waits for the signal fence (<see cref="Signals.HostSignalForwarding.Fence"/>).</summary>
    private const int FenceTimeoutMilliseconds = 2000;

    private static readonly Lazy<string?> Trampoline = new(FindTrampoline);

    /// <summary>
    /// coreutils env, when it can reset a signal to its default before exec'ing the program (null: not
    /// available, programs start with SIGPIPE ignored).
    /// </summary>
    public static string? DefaultSignalTrampoline => Trampoline.Value;

    private static string? FindTrampoline()
    {
        const string env = "/usr/bin/env";
        if (!File.Exists(env)) return null;
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo(env) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add("--default-signal=PIPE");
            psi.ArgumentList.Add("true");
            using var p = System.Diagnostics.Process.Start(psi)!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? env : null;
        }
        catch (Win32Exception) { return null; }
    }

    // Host output into the guest's descriptor (discarded when the guest had closed it). When the guest's
    // side fails (a pipe without readers) the host pipe is closed, so the host process gets its SIGPIPE.
    private static async Task PumpOut(Stream from, FileDescription? to, UserThread helper)
    {
        var buffer = new byte[16384];
        int n;
        while ((n = await from.ReadAsync(buffer)) > 0)
        {
            if (to is null || !to.CanWrite) continue;
            int done = 0;
            while (done < n)
            {
                long w = await to.Write(helper, buffer.AsMemory(done, n - done));
                if (w <= 0) { from.Close(); return; }
                done += (int)w;
            }
        }
    }

    // The guest's input into the host process, until EOF or the host process is gone.
    private static async Task PumpIn(FileDescription? from, Stream to, UserThread helper, CancellationToken done)
    {
        var buffer = new byte[16384];
        try
        {
            while (from is not null && from.CanRead && !done.IsCancellationRequested)
            {
                long n = await from.Read(helper, buffer);
                if (n <= 0 || done.IsCancellationRequested) break;
                await to.WriteAsync(buffer.AsMemory(0, (int)n), done);
            }
        }
        catch (IOException) { }
        catch (OperationCanceledException) { }
        finally
        {
            try { to.Close(); } catch (IOException) { }
        }
    }
}
