// What a LinuxKernel is configured with: engine, sysroot, root jail, strace, RAM, time slice, stdio.
using RvJit.Runtime.Interpreter;

namespace RvJit.Kernel;

/// <summary>Settings of a <see cref="LinuxKernel"/> (the CLI fills them from `rvjit run` options).</summary>
public sealed class KernelSettings
{
    /// <summary>Builds the execution engine for the kernel's hart (default: the interpreter).</summary>
    public Func<Runtime.Hart.Hart, IExecutionEngine>? EngineFactory { get; init; }

    /// <summary>
    /// Directory holding the guest's shared libraries (qemu's -L): an absolute path that exists there is
    /// taken from there first, and the dynamic linker named by PT_INTERP is found there.
    /// </summary>
    public string? Sysroot { get; init; }

    /// <summary>A host directory the guest sees as "/" and cannot leave (null: the whole host tree).</summary>
    public string? RootDirectory { get; init; }

    /// <summary>What the guest's sockets reach besides AF_UNIX paths (which the root confines): the host's
    /// network and abstract AF_UNIX names (the default, as under qemu-user), or nothing.</summary>
    public NetworkAccess Network { get; init; } = NetworkAccess.Host;

    /// <summary>Resolve paths as on hosts without openat2 (a component-by-component walk); for tests.</summary>
    internal bool ResolveWithoutOpenat2 { get; init; }

    /// <summary>Print every system call to <see cref="StraceOutput"/> in strace's format.</summary>
    public bool Strace { get; init; }
    public TextWriter? StraceOutput { get; init; }

    /// <summary>Guest RAM (frames for pages and page tables); reserved lazily by the host.</summary>
    public ulong RamSize { get; init; } = 2UL << 30;

    /// <summary>Harts, i.e. host worker threads that run guest threads at the same time (qemu-user runs every guest
    /// thread on a host thread of its own; here at most this many run at once). 1 runs everything on the thread that
    /// calls <see cref="LinuxKernel.Run"/>. The engine factory is called once per hart.</summary>
    public int Harts { get; init; } = 1;

    /// <summary>Guest instructions a thread runs before it yields to the other runnable threads.</summary>
    public long TimeSlice { get; init; } = 200_000;

    /// <summary>Host descriptors the first process gets as its fds 0, 1 and 2.</summary>
    public int StdinFd { get; init; } = 0;
    public int StdoutFd { get; init; } = 1;
    public int StderrFd { get; init; } = 2;

    /// <summary>Host descriptors beyond stdio that the first process has at the same numbers, as under qemu-user: what
    /// rvjit itself inherited (a shell's process substitution, `3&lt;file`, a make jobserver's pipe). The rvjit command
    /// passes <see cref="Fs.Host.InheritedDescriptors.List"/>; embedders usually pass none. An array, not a list
    /// interface: a foreach over the interface JIT-compiled the array enumerator in every run.</summary>
    public int[] InheritedFds { get; init; } = [];

    /// <summary>The first process's resource limits other than the memory ones are the host's (rvjit's own), as under
    /// qemu-user (<see cref="Tasks.ResourceLimits.InheritFromHost"/>); otherwise Linux's defaults. For the CLI.</summary>
    public bool HostResourceLimits { get; init; }

    /// <summary>Where warnings (unknown system calls) and fatal signal reports go (default: Console.Error, made
    /// when first written to: setting up the console's writer costs a few milliseconds of every start-up).</summary>
    public TextWriter Diagnostics { get => diagnostics ?? Console.Error; init => diagnostics = value; }
    private readonly TextWriter? diagnostics;

    /// <summary>Flushes a writer given as <see cref="Diagnostics"/> (Console.Error flushes every write itself).</summary>
    internal void FlushDiagnostics() => diagnostics?.Flush();

    /// <summary>Forward SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGWINCH, SIGUSR1/2 received by rvjit to the guest's
    /// foreground process group (as qemu-user does). For the CLI; embedders usually leave it off.</summary>
    public bool ForwardHostSignals { get; init; }

    /// <summary>With <see cref="ForwardHostSignals"/>: forward from the start instead of from the guest's first handler or
    /// mask for one of them (the CLI's --stats, --profile, --perf-map and -g, whose reports a Ctrl-C must not lose).</summary>
    public bool ForwardHostSignalsFromStart { get; init; }

    /// <summary>The first process starts stopped, under a debugger's control (<see cref="LinuxKernel.Debugger"/>,
    /// served by a gdb stub).</summary>
    public bool Debug { get; init; }

    /// <summary>--profile: a sample of every hart's pc every <see cref="Debug.GuestProfiler.Interval"/> instructions,
    /// named by guest function (null: no sampling, the time slice runs in one engine call).</summary>
    public Debug.GuestProfiler? Profiler { get; init; }

    /// <summary>Names guest pcs by the ELF symbols of the files mapped where they lie (for --perf-map's region names;
    /// the profiler makes one of its own when this is null).</summary>
    public Debug.GuestSymbols? Symbols { get; init; }

    /// <summary>Let execve run host-architecture programs (/bin/sh, tools on PATH) as host processes.</summary>
    public bool RunHostPrograms { get; init; } = true;

    /// <summary>The first process's working directory as a guest path (default: the host's, when visible).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The sysroot to use when none is given: $RVJIT_SYSROOT, else /usr/riscv64-linux-gnu if present.</summary>
    public static string? DefaultSysroot()
    {
        string? env = Environment.GetEnvironmentVariable("RVJIT_SYSROOT");
        if (!string.IsNullOrEmpty(env)) return env;
        const string debian = "/usr/riscv64-linux-gnu";
        return Directory.Exists(debian) ? debian : null;
    }
}

/// <summary>The network a guest may use (<see cref="KernelSettings.Network"/>, `--net`).</summary>
public enum NetworkAccess
{
    /// <summary>AF_INET and AF_INET6 sockets are host sockets; abstract AF_UNIX names are the host's.</summary>
    Host,
    /// <summary>socket(AF_INET/AF_INET6) and abstract AF_UNIX addresses fail with EACCES, as under a
    /// security module that forbids them; AF_UNIX paths inside the root and socketpair still work.</summary>
    None,
}
