// qemu-user's command-line interface on `rvjit run`, where scripts depend on it: -L and QEMU_LD_PREFIX,
// -E / -U (and QEMU_SET_ENV / QEMU_UNSET_ENV), -0, -strace, -cpu, -g, and a missing program's error.
// Where qemu-riscv64 supports a flag, rvjit's answer is compared with its.
using System.Diagnostics;

namespace RvJit.Kernel.Tests;

public class QemuInterfaceTests
{
    private static string CliPath => Path.Combine(AppContext.BaseDirectory, "rvjit.dll");

    private static readonly string[] BaseEnvironment = ["PATH=/usr/bin:/bin", "HOME=/tmp", "A=1", "B=2", "C=3"];

    /// <summary>Runs a command with exactly <paramref name="environment"/>; returns status, stdout and stderr.</summary>
    private static GuestResult Exec(string file, IEnumerable<string> args, IEnumerable<string> environment)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var kv in environment) { int eq = kv.IndexOf('='); psi.Environment[kv[..eq]] = kv[(eq + 1)..]; }
        // The CLI itself needs the runtime's location; the guest environment it builds is checked for it below.
        if (file == "dotnet" && System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root) psi.Environment["DOTNET_ROOT"] = root;
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120))) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)}"); }
        return new GuestResult(p.ExitCode, stdout.Result, stderr);
    }

    private static GuestResult Rvjit(string engine, string[] runArgs, IEnumerable<string>? environment = null) =>
        Exec("dotnet", [CliPath, "run", "--engine", engine, .. runArgs], environment ?? BaseEnvironment);

    private static GuestResult Qemu(string[] args, IEnumerable<string>? environment = null) =>
        Exec("qemu-riscv64", args, environment ?? BaseEnvironment);

    /// <summary>argv lines as printed, env lines sorted (qemu-user reverses the environment's order; the set is what -E and -U decide).</summary>
    private static string Normalise(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', lines.Where(l => l.StartsWith("argv", StringComparison.Ordinal))
            .Concat(lines.Where(l => l.StartsWith("env ", StringComparison.Ordinal) && !l.StartsWith("env DOTNET_ROOT=", StringComparison.Ordinal)).Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Argv0_and_environment_edits_match_qemu(string engine)
    {
        string program = GuestPrograms.Get("argv0env", Linkage.Static);
        string[][] cases =
        [
            [program, "one"],                                                  // the host's environment, argv[0] = the path
            ["-0", "zero", program, "one"],
            ["-E", "D=4,B=5", "-U", "A", "-E", "X=x=y", program],              // comma lists; a value holding '='
            ["-E", "A=first", "-E", "A=second", "-U", "B", "-U", "NOTSET", program],
        ];
        foreach (var args in cases)
        {
            var q = Qemu(args);
            var r = Rvjit(engine, args);
            Assert.True(q.ExitCode == 0 && r.ExitCode == 0, $"{string.Join(' ', args)}\nqemu: {q}\nrvjit: {r}");
            Assert.Equal(Normalise(q.Stdout), Normalise(r.Stdout));
        }
        // The checks above would pass if both ignored the flags: say what they did.
        string edited = Normalise(Rvjit(engine, ["-0", "zero", "-E", "D=4,B=5", "-U", "A", program]).Stdout);
        Assert.Equal("argv[0]=zero\nenv B=5\nenv C=3\nenv D=4\nenv HOME=/tmp\nenv PATH=/usr/bin:/bin", edited);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void QEMU_SET_ENV_QEMU_UNSET_ENV_and_QEMU_ARGV0_apply_before_the_command_line_as_in_qemu(string engine)
    {
        string program = GuestPrograms.Get("argv0env", Linkage.Static);
        string[] env = [.. BaseEnvironment, "QEMU_SET_ENV=C=9,N=new", "QEMU_UNSET_ENV=B", "QEMU_ARGV0=fromenv"];
        string[] args = ["-E", "B=7", "-U", "C", program];
        var q = Qemu(args, env);
        var r = Rvjit(engine, args, env);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Normalise(q.Stdout), Normalise(r.Stdout));
        Assert.Contains("argv[0]=fromenv\n", r.Stdout);
        Assert.Contains("env B=7\n", r.Stdout);
        Assert.Contains("env N=new\n", r.Stdout);
        Assert.DoesNotContain("env C=", r.Stdout);
    }

    [Fact]
    public void A_malformed_edit_is_refused_with_status_1_as_in_qemu()
    {
        string program = GuestPrograms.Get("argv0env", Linkage.Static);
        foreach (var args in new[] { new[] { "-E", "NOVALUE", program }, ["-U", "A=1", program] })
        {
            Assert.Equal(1, Qemu(args).ExitCode);
            var r = Rvjit("interp", args);
            Assert.Equal(1, r.ExitCode);
            Assert.Matches(@"^rvjit: -[EU]: '[^']+' is not", r.Stderr);
            Assert.Equal("", r.Stdout);
        }
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void QEMU_LD_PREFIX_is_the_sysroot_unless_L_is_given(string engine)
    {
        string program = GuestPrograms.Get("argv0env", Linkage.Dynamic);
        string empty = GuestRunner.NewWorkDirectory(), linked = GuestRunner.NewWorkDirectory(); // linked: a sysroot of its own
        try
        {
            // A private sysroot holding what the program needs (copies: the kernel reads a sysroot's links inside it).
            Directory.CreateDirectory(Path.Combine(linked, "lib"));
            foreach (string lib in new[] { "ld-linux-riscv64-lp64d.so.1", "libc.so.6" })
                File.Copy(Path.Combine(GuestPrograms.Sysroot, "lib", lib), Path.Combine(linked, "lib", lib));
            // A sysroot without the dynamic linker: the program cannot start, under qemu (-L) or rvjit (QEMU_LD_PREFIX).
            Assert.NotEqual(0, Qemu(["-L", empty, program]).ExitCode);
            var missing = Rvjit(engine, [program], [.. BaseEnvironment, $"QEMU_LD_PREFIX={empty}"]);
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("ld-linux-riscv64-lp64d.so.1", missing.Stderr);
            // The same with a sysroot that has it; and -L wins over the variable.
            var found = Rvjit(engine, [program], [.. BaseEnvironment, $"QEMU_LD_PREFIX={linked}"]);
            Assert.True(found.ExitCode == 0, found.ToString());
            Assert.Contains($"argv[0]={program}\n", found.Stdout);
            var explicitL = Rvjit(engine, ["-L", linked, program], [.. BaseEnvironment, $"QEMU_LD_PREFIX={empty}"]);
            Assert.True(explicitL.ExitCode == 0, explicitL.ToString());
            Assert.Equal(Normalise(Qemu(["-L", linked, program], [.. BaseEnvironment, $"QEMU_LD_PREFIX={empty}"]).Stdout), Normalise(explicitL.Stdout));
        }
        finally { GuestRunner.TryDelete(empty); GuestRunner.TryDelete(linked); }
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Strace_single_dash_and_QEMU_STRACE_trace_system_calls_like_strace(string engine)
    {
        string program = GuestPrograms.Get("argv0env", Linkage.Static);
        var plain = Rvjit(engine, [program]);
        Assert.DoesNotContain("exit_group(", plain.Stderr);
        foreach (var (args, env) in new[] { (new[] { "-strace", program }, BaseEnvironment), (new[] { "--strace", program }, BaseEnvironment),
                     ([program], [.. BaseEnvironment, "QEMU_STRACE=1"]) })
        {
            var r = Rvjit(engine, args, env);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Matches(@"write\(1, ""argv\[0\]=", r.Stderr);
            Assert.Contains("exit_group(0", r.Stderr);
        }
    }

    [Theory]
    [InlineData("rv64")]
    [InlineData("any")]
    [InlineData("rv64gc")]
    [InlineData("rv64imafdc_zicsr_zifencei_zba_zbb_zbs")]
    [InlineData("rv64,zba=true,zbb=on,zbs=true")]
    [InlineData("rv64,zbc=true,zbkb=true,zbkc=true,zbkx=true,Zfh=true,Zfhmin=true,Zihintpause=true")] // qemu 7.2's spellings
    [InlineData("rv64gc_zicond_zihintpause_zfh_zbc_zbkb_zbkx")]
    public void Cpu_models_rvjit_implements_are_accepted(string model)
    {
        string program = GuestPrograms.Get("argv0env", Linkage.Static);
        var r = Rvjit("jit", ["-cpu", model, program]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("argv[0]=", r.Stdout);
        if (!model.Contains('_') && model != "rv64gc") Assert.Equal(0, Qemu(["-cpu", model, program]).ExitCode); // qemu's own names
    }

    [Theory]
    [InlineData("foo", "unable to find CPU model 'foo'")]
    [InlineData("sifive-u54", "unable to find CPU model 'sifive-u54'")]
    [InlineData("rv64,v=true", "does not implement 'v'")]
    [InlineData("rv64,zba=false", "cannot turn off 'zba'")]
    [InlineData("rv64gcv", "unable to find CPU model 'rv64gcv'")]
    public void Other_cpu_models_are_refused_naming_what_is_supported(string model, string message)
    {
        string program = GuestPrograms.Get("argv0env", Linkage.Static);
        var r = Rvjit("jit", ["-cpu", model, program]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.StartsWith("rvjit: ", r.Stderr);
        Assert.Contains(message, r.Stderr);
        Assert.Contains("rv64", r.Stderr);
        Assert.Contains("zba, zbb, zbc, zbkb, zbkc, zbkx, zbs", r.Stderr);
        if (model == "foo") Assert.Equal(1, Qemu(["-cpu", model, program]).ExitCode);
    }

    [Fact]
    public void Cpu_help_lists_the_model_and_extensions()
    {
        var r = Exec("dotnet", [CliPath, "run", "-cpu", "help"], BaseEnvironment);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("rv64\n", r.Stdout);
        Assert.Contains("zicond zicsr zifencei zihintpause zfh zfhmin zba zbb zbc zbkb zbkc zbkx zbs", r.Stdout);
    }

    [Fact]
    public void A_gdb_port_that_cannot_be_served_is_refused_clearly()
    {
        string program = GuestPrograms.Get("argv0env", Linkage.Static);
        var r = Rvjit("jit", ["-g", "gdb", program]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("rvjit: -g: 'gdb' is not a TCP port\n", r.Stderr);
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        r = Rvjit("jit", [program], [.. BaseEnvironment, $"QEMU_GDB={port}"]);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"rvjit: -g {port}: cannot listen on 127.0.0.1:{port}", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void A_missing_program_is_reported_as_qemu_reports_it_with_status_1()
    {
        const string missing = "/nonexistent-rvjit-dir/prog";
        Assert.Equal(1, Qemu([missing]).ExitCode);
        var r = Rvjit("jit", [missing]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"rvjit: Could not open '{missing}': No such file or directory\n", r.Stderr);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Descriptors_the_command_inherited_beyond_stdio_are_the_guests_as_under_qemu(string engine)
    {
        string program = GuestPrograms.Get("inheritedfds", Linkage.Static);
        string dir = GuestRunner.NewWorkDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "in.txt"), "line one\nline two\n");
            // The shell opens fd 3 for reading and fd 4 for writing, then becomes the emulator.
            GuestResult Through(string[] command, string output) =>
                Exec("/bin/sh", ["-c", $"exec \"$@\" 3<'{dir}/in.txt' 4>'{dir}/{output}'", "sh", .. command], BaseEnvironment);
            var q = Through(["qemu-riscv64", program], "qemu.txt");
            var r = Through(["dotnet", CliPath, "run", "--engine", engine, program], "rvjit.txt");
            Assert.True(q.ExitCode == 0 && r.ExitCode == 0, $"qemu: {q}\nrvjit: {r}");
            Assert.Equal("line one\nline two\nfd 3 is a regular file: yes\nfd 3 is read-only: yes\nclose fd 4: ok\n", q.Stdout);
            Assert.Equal(q.Stdout, r.Stdout);
            Assert.Equal("to fd 4\n", File.ReadAllText(Path.Combine(dir, "rvjit.txt")));
        }
        finally { GuestRunner.TryDelete(dir); }
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Resource_limits_the_command_was_started_with_are_the_guests_as_under_qemu(string engine)
    {
        string program = GuestPrograms.Get("hostlimits", Linkage.Static);
        // The shell lowers the limits, then becomes the emulator.
        GuestResult Through(string[] command) =>
            Exec("/bin/sh", ["-c", "ulimit -n 888 && ulimit -c 0 && exec \"$@\"", "sh", .. command], BaseEnvironment);
        var q = Through(["qemu-riscv64", program]);
        var r = Through(["dotnet", CliPath, "run", "--engine", engine, program]);
        Assert.True(q.ExitCode == 0 && r.ExitCode == 0, $"qemu: {q}\nrvjit: {r}");
        // Soft and hard alike: the .NET runtime raises rvjit's own soft open-files limit to the hard one as it starts,
        // so a lower soft limit than the hard one does not reach the guest (under qemu it does).
        Assert.StartsWith("RLIMIT_NOFILE: soft 888, hard 888\n", q.Stdout);
        Assert.Equal(q.Stdout, r.Stdout);
    }

    [Fact]
    public void Run_help_documents_every_qemu_flag()
    {
        var r = Exec("dotnet", [CliPath, "run", "--help"], BaseEnvironment);
        Assert.Equal(0, r.ExitCode);
        foreach (var flag in new[] { "-L, --sysroot DIR", "$QEMU_LD_PREFIX", "-E VAR=VALUE", "$QEMU_SET_ENV", "-U VAR", "$QEMU_UNSET_ENV", "-0 ARGV0",
                     "$QEMU_ARGV0", "-strace", "$QEMU_STRACE", "-cpu MODEL", "$QEMU_CPU", "-g PORT", "$QEMU_GDB", "Could not open" })
            Assert.Contains(flag, r.Stdout);
    }
}
