// The gdb stub (`rvjit run -g PORT`), driven by Debian's gdb-multiarch in batch mode, against the same gdb
// session on qemu-riscv64 -g: breakpoints (in code the JIT has translated long before), registers, threads, a
// fault gdb stops at, the exit status, kill and detach.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RvJit.Tests.Shared;

namespace RvJit.Kernel.Tests;

public partial class GdbStubTests
{
    private static string CliPath => Path.Combine(AppContext.BaseDirectory, "rvjit.dll");

    private sealed record Session(string Gdb, GuestResult Program);

    private static Process Start(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.StandardInput.Close();
        return p;
    }

    private static GuestResult Finish(Process p, Task<string> stdout, Task<string> stderr)
    {
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            // What it printed up to the hang says which step of the session never finished.
            p.Kill(true);
            p.WaitForExit(TimeSpan.FromSeconds(10));
            string Printed(Task<string> t) => t.Wait(TimeSpan.FromSeconds(5)) ? t.Result : "(nothing)";
            throw new TimeoutException($"{p.StartInfo.FileName} did not finish; it printed:\n{Printed(stdout)}\n{Printed(stderr)}");
        }
        return new GuestResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs gdb-multiarch with <paramref name="commands"/> against a stub on <paramref name="port"/>.</summary>
    private static string RunGdb(string program, int port, string[] commands)
    {
        var args = new List<string> { "-q", "-batch", "-nx", "-ex", "set pagination off", "-ex", $"target remote 127.0.0.1:{port}" };
        foreach (var c in commands) { args.Add("-ex"); args.Add(c); }
        args.Add(program);
        using var gdb = Start("gdb-multiarch", args);
        var output = Finish(gdb, gdb.StandardOutput.ReadToEndAsync(), gdb.StandardError.ReadToEndAsync());
        return output.Stdout + output.Stderr;
    }

    private static Session UnderRvjit(string engine, string program, string[] programArgs, string[] commands)
    {
        using var rvjit = Start("dotnet", [CliPath, "run", "--engine", engine, "-g", "0", program, .. programArgs]);
        // The stub says where it listens before it waits for gdb.
        string? line = rvjit.StandardError.ReadLine();
        var match = line is null ? null : PortLine().Match(line);
        Assert.True(match is { Success: true }, $"no port announced: {line}");
        var stderr = rvjit.StandardError.ReadToEndAsync();
        var stdout = rvjit.StandardOutput.ReadToEndAsync();
        string gdb;
        try { gdb = RunGdb(program, int.Parse(match!.Groups[1].Value), commands); }
        catch (TimeoutException)
        {
            rvjit.Kill(true); // left waiting for a gdb that is gone
            throw;
        }
        return new Session(gdb, Finish(rvjit, stdout, stderr));
    }

    private static Session UnderQemu(string program, string[] programArgs, string[] commands)
    {
        int port = LoopbackPorts.Free();
        using var qemu = Start("qemu-riscv64", ["-g", port.ToString(), program, .. programArgs]);
        var stderr = qemu.StandardError.ReadToEndAsync();
        var stdout = qemu.StandardOutput.ReadToEndAsync();
        LoopbackPorts.WaitForListener(port, "qemu-riscv64");
        string gdb = RunGdb(program, port, commands);
        return new Session(gdb, Finish(qemu, stdout, stderr));
    }


    [GeneratedRegex(@"waiting for gdb on 127\.0\.0\.1:(\d+)")]
    private static partial Regex PortLine();

    /// <summary>gdb's lines about stops, values and the end, which do not depend on addresses or thread ids.</summary>
    private static List<string> StopLines(string gdb) =>
        [.. gdb.Split('\n').Select(l => l.Trim()).Where(l =>
            l.StartsWith("Breakpoint ", StringComparison.Ordinal) || l.StartsWith('$') || l.Contains(" hit Breakpoint ", StringComparison.Ordinal) ||
            l.StartsWith("Program ", StringComparison.Ordinal) || l.StartsWith("[Inferior 1", StringComparison.Ordinal))
            .Select(l => Regex.Replace(l, @"\((Remote target|process \d+)\)", "(PROCESS)"))];

    private static readonly string[] BreakpointSession =
    [
        "break marker", "continue", "p $a0",
        // square has run 200,000 times by now: under the JIT the breakpoint goes into translated code.
        "break square", "continue", "p $a0", "delete 2",
        "continue", "p $a0", "info threads", "continue",
    ];

    [Theory]
    [InlineData("jit")]
    [InlineData("interp")]
    public void Breakpoints_registers_threads_and_the_exit_are_what_gdb_sees_under_qemu(string engine)
    {
        string program = GuestPrograms.Get("gdbtarget", Linkage.Static);
        var rvjit = UnderRvjit(engine, program, [], BreakpointSession);
        var qemu = UnderQemu(program, [], BreakpointSession);

        Assert.Contains("in marker ()", rvjit.Gdb);
        Assert.Contains("$1 = 1\n", rvjit.Gdb);
        Assert.Contains("in square ()", rvjit.Gdb);
        Assert.Contains("$2 = 7\n", rvjit.Gdb);           // square(0 + 7), the first call after marker(1)
        Assert.Contains("Thread 2 hit Breakpoint 1", rvjit.Gdb); // marker(2) in the second thread
        Assert.Contains("$3 = 2\n", rvjit.Gdb);
        Assert.Matches(@"\n\s+1\s+Thread \d+ .*\n\*\s+2\s+Thread \d+ .* in marker \(\)", rvjit.Gdb);
        Assert.Equal(StopLines(qemu.Gdb), StopLines(rvjit.Gdb));
        Assert.Contains("exited with code 03", rvjit.Gdb);
        Assert.Equal(3, rvjit.Program.ExitCode);
        Assert.Equal(qemu.Program.Stdout, rvjit.Program.Stdout);
    }

    [Theory]
    [InlineData("jit")]
    [InlineData("interp")]
    public void A_fault_stops_the_program_and_continuing_delivers_its_signal(string engine)
    {
        string program = GuestPrograms.Get("gdbtarget", Linkage.Static);
        string[] session = ["continue", "continue"];
        var rvjit = UnderRvjit(engine, program, ["fault"], session);
        var qemu = UnderQemu(program, ["fault"], session);
        Assert.Contains("Program received signal SIGSEGV, Segmentation fault.", rvjit.Gdb);
        Assert.Contains("Program terminated with signal SIGSEGV, Segmentation fault.", rvjit.Gdb);
        Assert.Equal(StopLines(qemu.Gdb), StopLines(rvjit.Gdb));
        Assert.Equal(128 + 11, rvjit.Program.ExitCode);
    }

    [Fact]
    public void Kill_ends_the_program_and_rvjit()
    {
        string program = GuestPrograms.Get("gdbtarget", Linkage.Dynamic);
        var rvjit = UnderRvjit("jit", program, [], ["break marker", "continue", "kill"]);
        Assert.Contains("in marker ()", rvjit.Gdb);
        Assert.Contains("killed", rvjit.Gdb);
        Assert.Equal(128 + 9, rvjit.Program.ExitCode);
        Assert.DoesNotContain("total=", rvjit.Program.Stdout);
    }

    [Fact]
    public void Detach_lets_the_program_run_to_its_end_without_the_breakpoints()
    {
        string program = GuestPrograms.Get("gdbtarget", Linkage.Static);
        var rvjit = UnderRvjit("jit", program, [], ["break square", "continue", "detach"]);
        Assert.Contains("in square ()", rvjit.Gdb);
        Assert.Contains("detached]", rvjit.Gdb);
        Assert.Equal(3, rvjit.Program.ExitCode);
        Assert.Contains("total=69701888605 worker=144", rvjit.Program.Stdout);
    }

    private static readonly string[] WatchSession =
    [
        // A hardware breakpoint (Z1) first; then worker_value, written by the second thread and read by the first (printf).
        "hbreak marker", "continue", "delete",
        "watch *(int *)&worker_value", "continue", "delete",
        "rwatch *(int *)&worker_value", "continue", "delete", "continue",
    ];

    [Theory]
    [InlineData("jit")]
    [InlineData("interp")]
    public void Hardware_watchpoints_stop_the_thread_that_writes_or_reads(string engine)
    {
        string program = GuestPrograms.Get("gdbtarget", Linkage.Static);
        var rvjit = UnderRvjit(engine, program, [], WatchSession);
        Assert.Matches(@"Hardware assisted breakpoint 1 at 0x[0-9a-f]+\n\nBreakpoint 1, 0x[0-9a-f]+ in marker \(\)", rvjit.Gdb);
        Assert.Contains("Hardware watchpoint 2: *(int *)&worker_value\n[New Thread", rvjit.Gdb);
        Assert.Contains("Thread 2 hit Hardware watchpoint 2: *(int *)&worker_value\n\nOld value = 0\nNew value = 144\n", rvjit.Gdb);
        Assert.Matches(@"New value = 144\n0x[0-9a-f]+ in worker \(\)", rvjit.Gdb);
        Assert.Matches(@"Thread 1 hit Hardware read watchpoint 3: \*\(int \*\)&worker_value\n\nValue = 144\n0x[0-9a-f]+ in main \(\)", rvjit.Gdb);
        Assert.Contains("exited with code 03", rvjit.Gdb);
        Assert.Contains("total=69701888605 worker=144", rvjit.Program.Stdout);
    }

    /// <summary>Sends one packet the way gdb does and returns the reply's payload (acknowledging it).</summary>
    private static string Ask(NetworkStream s, string payload)
    {
        s.Write(System.Text.Encoding.ASCII.GetBytes($"${payload}#{payload.Sum(c => c) & 0xff:x2}"));
        return Reply(s);
    }

    private static string Reply(NetworkStream s)
    {
        var text = new System.Text.StringBuilder();
        int c;
        while ((c = s.ReadByte()) != '$') Assert.True(c == '+', $"unexpected byte {c}");
        while ((c = s.ReadByte()) != '#') text.Append((char)c);
        s.ReadByte();
        s.ReadByte();
        s.WriteByte((byte)'+');
        return text.ToString();
    }

    [Theory]
    [InlineData("jit", "spin")]
    [InlineData("interp", "spin")]
    [InlineData("jit", "block")] // every thread waits in read(): the stop is reported at once
    public void Ctrl_C_stops_a_running_program_with_SIGINT(string engine, string mode)
    {
        string program = GuestPrograms.Get("loop_forever", Linkage.Static);
        using var rvjit = Start("dotnet", [CliPath, "run", "--engine", engine, "-g", "0", program, mode]);
        var match = PortLine().Match(rvjit.StandardError.ReadLine() ?? "");
        Assert.True(match.Success);
        using var tcp = new TcpClient();
        tcp.Connect(IPAddress.Loopback, int.Parse(match.Groups[1].Value));
        var s = tcp.GetStream();
        s.ReadTimeout = 60_000;
        Assert.StartsWith("T05thread:", Ask(s, "?"));
        string pcAtStart = Ask(s, "p20");
        // Running: the reply comes only when it stops.
        s.Write(System.Text.Encoding.ASCII.GetBytes("$vCont;c#a8"));
        Assert.Equal('+', (char)s.ReadByte());
        Thread.Sleep(500);
        s.WriteByte(0x03);
        Assert.StartsWith("T02thread:", Reply(s));
        Assert.NotEqual(pcAtStart, Ask(s, "p20")); // it ran: in the spin loop, or in read()'s system call
        s.Write(System.Text.Encoding.ASCII.GetBytes("$k#6b"));
        Assert.True(rvjit.WaitForExit(TimeSpan.FromSeconds(60)), "rvjit did not end after kill");
        Assert.Equal(128 + 9, rvjit.ExitCode);
    }
}
