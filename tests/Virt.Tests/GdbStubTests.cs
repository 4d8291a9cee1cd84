// The system-mode gdb stub (`rvjit system -gdb tcp::PORT -S`), driven by Debian's gdb-multiarch against the same
// script on qemu-system-riscv64 -gdb tcp::PORT -S with the same bare-metal image: breakpoints (one in code the JIT
// translated long before), CSRs and `priv`, watchpoints (write, read, access), stepi, the guest's own ebreak
// going to its trap handler; and, over raw packets, harts as threads, vCont;s, Ctrl-C and kill.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using RvJit.Tests.Shared;

namespace RvJit.Virt.Tests;

public partial class GdbStubTests
{
    private static string CliPath => Path.Combine(AppContext.BaseDirectory, "rvjit.dll");

    private static Process Start(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static (int Code, string Stdout, string Stderr) Finish(Process p, Task<string> stdout, Task<string> stderr)
    {
        if (!p.WaitForExit(TimeSpan.FromSeconds(120))) { p.Kill(true); throw new TimeoutException(p.StartInfo.FileName); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string RunGdb(string image, int port, string[] commands)
    {
        var args = new List<string> { "-q", "-batch", "-nx", "-ex", "set pagination off", "-ex", $"target remote 127.0.0.1:{port}" };
        foreach (var c in commands) { args.Add("-ex"); args.Add(c); }
        args.Add(image);
        using var gdb = Start("gdb-multiarch", args);
        gdb.StandardInput.Close();
        var r = Finish(gdb, gdb.StandardOutput.ReadToEndAsync(), gdb.StandardError.ReadToEndAsync());
        return r.Stdout + r.Stderr;
    }

    [GeneratedRegex(@"waiting for gdb on 127\.0\.0\.1:(\d+)")]
    private static partial Regex PortLine();

    /// <summary>Starts rvjit system with a stub on a free port; returns it and the port it announced.</summary>
    private static (Process Rvjit, int Port) StartRvjit(string engine, string image, params string[] more)
    {
        var rvjit = Start("dotnet", [CliPath, "system", "--engine", engine, "-bios", "none", "-kernel", image, "-gdb", "tcp::0", .. more]);
        string? line = rvjit.StandardError.ReadLine();
        var match = line is null ? null : PortLine().Match(line);
        Assert.True(match is { Success: true }, $"no port announced: {line}");
        return (rvjit, int.Parse(match!.Groups[1].Value));
    }


    private static readonly string[] Session =
    [
        "break marker", "continue", "p $a0", "p $priv", "p/x $mtvec", "p $mhartid", "p/x $satp",
        // square has run 300,000 times by now: under the JIT the breakpoint goes into translated code.
        "break square", "continue", "p $a0", "delete",
        // The program's own ebreak comes next: its trap handler takes it, gdb does not stop.
        "watch *(long *)&watched", "continue",
        "rwatch *(long *)&watched", "continue", "delete",
        "awatch *(long *)&counter", "continue", "continue", "delete",
        "stepi", "x/i $pc", "info registers pc", "p *(long *)&guest_breaks", "continue",
    ];

    /// <summary>gdb's output without the first stop (QEMU starts in its reset code at 0x1000, rvjit at the image's entry).</summary>
    private static string AfterFirstStop(string gdb) => string.Join('\n', gdb.Split('\n').Skip(1)).Replace("s1q.gdb", "").Trim();

    [Theory]
    [InlineData("jit")]
    [InlineData("interp")]
    public void Breakpoints_CSRs_watchpoints_and_stepi_are_what_gdb_sees_under_qemu_system(string engine)
    {
        string image = GuestBuild.DeviceProgram("gdb_target");
        var (rvjit, port) = StartRvjit(engine, image, "-S");
        string rvjitGdb;
        (int Code, string Stdout, string Stderr) rvjitRun;
        using (rvjit)
        {
            var stdout = rvjit.StandardOutput.ReadToEndAsync();
            var stderr = rvjit.StandardError.ReadToEndAsync();
            rvjitGdb = RunGdb(image, port, Session);
            rvjitRun = Finish(rvjit, stdout, stderr);
        }

        int qport = LoopbackPorts.Free();
        using var qemu = Start("qemu-system-riscv64", ["-machine", "virt", "-nographic", "-bios", "none", "-kernel", image,
            "-gdb", $"tcp::{qport}", "-S", "-monitor", "none", "-serial", "stdio"]);
        var qout = qemu.StandardOutput.ReadToEndAsync();
        var qerr = qemu.StandardError.ReadToEndAsync();
        LoopbackPorts.WaitForListener(qport, "qemu-system-riscv64");
        string qemuGdb = RunGdb(image, qport, Session);
        var qemuRun = Finish(qemu, qout, qerr);

        Assert.Contains("Breakpoint 1, 0x0000000080000", rvjitGdb);
        Assert.Contains("in marker ()\n$1 = 1\n$2 = 3\n", rvjitGdb);
        Assert.Contains("in square ()\n$6 = 7\n", rvjitGdb);
        Assert.Contains("Hardware watchpoint 3: *(long *)&watched\n\nOld value = 0\nNew value = 5", rvjitGdb);
        Assert.Contains("Hardware read watchpoint 4: *(long *)&watched\n\nValue = 5", rvjitGdb);
        Assert.Contains("Hardware access (read/write) watchpoint 5: *(long *)&counter\n\nValue = 1", rvjitGdb);
        Assert.Contains("Old value = 1\nNew value = 3", rvjitGdb);
        Assert.Contains("$7 = 1\n", rvjitGdb); // the program's own ebreak reached its handler, once
        Assert.Equal(AfterFirstStop(qemuGdb), AfterFirstStop(rvjitGdb));
        Assert.Equal(qemuRun.Stdout, rvjitRun.Stdout);
        Assert.Equal(0, rvjitRun.Code);
    }

    [Theory]
    [InlineData("tcg,thread=multi")] // all-stop holds every hart's thread
    [InlineData("tcg,thread=single")]
    public void Harts_are_threads_with_their_own_registers(string accel)
    {
        string image = GuestBuild.DeviceProgram("gdb_target");
        var (rvjit, port) = StartRvjit("jit", image, "-S", "-smp", "2", "-accel", accel);
        using (rvjit)
        {
            var stdout = rvjit.StandardOutput.ReadToEndAsync();
            var stderr = rvjit.StandardError.ReadToEndAsync();
            string gdb = RunGdb(image, port, ["break marker", "continue", "info threads", "thread 2", "p $mhartid", "thread 1", "p $mhartid", "delete", "continue"]);
            var run = Finish(rvjit, stdout, stderr);
            Assert.Matches(@"\*\s+1\s+Thread 1 \(CPU#0 \[running\]\) 0x[0-9a-f]+ in marker \(\)\n\s+2\s+Thread 2 \(CPU#1 \[halted \]\) 0x[0-9a-f]+ in main \(\)", gdb);
            Assert.Contains("$1 = 1\n", gdb);
            Assert.Contains("$2 = 0\n", gdb);
            Assert.Contains("total=23250054 breaks=1", run.Stdout);
        }
    }

    /// <summary>Sends one packet as gdb does and returns the reply's payload (acknowledging it).</summary>
    private static string Ask(NetworkStream s, string payload)
    {
        Send(s, payload);
        return Reply(s);
    }

    private static void Send(NetworkStream s, string payload)
    {
        s.Write(Encoding.ASCII.GetBytes($"${payload}#{payload.Sum(c => c) & 0xff:x2}"));
        Assert.Equal('+', (char)s.ReadByte());
    }

    private static string Reply(NetworkStream s)
    {
        var text = new StringBuilder();
        int c;
        while ((c = s.ReadByte()) != '$') Assert.True(c == '+', $"unexpected byte {c}");
        while ((c = s.ReadByte()) != '#') text.Append((char)c);
        s.ReadByte();
        s.ReadByte();
        s.WriteByte((byte)'+');
        return text.ToString();
    }

    private static ulong Pc(NetworkStream s) => BitConverter.ToUInt64(Convert.FromHexString(Ask(s, "p20")));

    private static ulong Symbol(string image, string name)
    {
        using var nm = Start(GuestBuild.Compiler.Replace("gcc", "nm"), [image]);
        string text = nm.StandardOutput.ReadToEnd();
        nm.WaitForExit();
        var m = Regex.Match(text, $@"^([0-9a-f]+) \w {name}$", RegexOptions.Multiline);
        Assert.True(m.Success, $"no symbol {name}");
        return Convert.ToUInt64(m.Groups[1].Value, 16);
    }

    [Theory]
    [InlineData("jit")]
    [InlineData("interp")]
    public void vCont_steps_one_instruction_Ctrl_C_stops_a_spinning_machine_and_kill_ends_it(string engine)
    {
        string image = GuestBuild.DeviceProgram("gdb_target");
        var (rvjit, port) = StartRvjit(engine, image, "-S");
        using (rvjit)
        using (var tcp = new TcpClient())
        {
            var stderr = rvjit.StandardError.ReadToEndAsync();
            tcp.Connect(IPAddress.Loopback, port);
            var s = tcp.GetStream();
            s.ReadTimeout = 60_000;
            Assert.Equal("T05thread:1;", Ask(s, "?"));
            Assert.Contains(";s;S", Ask(s, "vCont?"));
            Assert.Equal(0x8000_0000UL, Pc(s));
            Assert.Equal("T05thread:1;", Ask(s, "vCont;s:1;c"));
            Assert.Equal(0x8000_0004UL, Pc(s)); // csrr t0, mhartid: one instruction
            Assert.Equal("T05thread:1;", Ask(s, "s"));
            Assert.Equal(0x8000_0006UL, Pc(s)); // addi t0, t0, 1 (compressed)
            Assert.Equal("0300000000000000", Ask(s, $"p{65 + 4096:x}")); // priv: machine
            // The program spins once spin_forever is set.
            Assert.Equal("OK", Ask(s, $"M{Symbol(image, "spin_forever"):x},8:0100000000000000"));
            Send(s, "vCont;c");
            Thread.Sleep(1000);
            s.WriteByte(0x03);
            Assert.Equal("T02thread:1;", Reply(s));
            ulong main = Symbol(image, "main");
            Assert.InRange(Pc(s), main, main + 0x200);
            ulong counter = BitConverter.ToUInt64(Convert.FromHexString(Ask(s, $"m{Symbol(image, "counter"):x},8")));
            Assert.True(counter > 1000, $"counter {counter}: the loop did not run");
            s.Write(Encoding.ASCII.GetBytes("$k#6b"));
            var run = Finish(rvjit, rvjit.StandardOutput.ReadToEndAsync(), stderr);
            Assert.Equal(0, run.Code);
            Assert.Contains("terminated via the gdb stub", run.Stderr);
        }
    }

    [Fact]
    public void A_gdb_connecting_to_a_running_machine_stops_it_and_detach_lets_it_run_on()
    {
        string image = GuestBuild.DeviceProgram("uart_echo");
        var (rvjit, port) = StartRvjit("jit", image);
        using (rvjit)
        using (var tcp = new TcpClient())
        {
            var stdout = rvjit.StandardOutput.ReadToEndAsync();
            var stderr = rvjit.StandardError.ReadToEndAsync();
            Thread.Sleep(500); // it waits for input in wfi
            tcp.Connect(IPAddress.Loopback, port);
            var s = tcp.GetStream();
            s.ReadTimeout = 60_000;
            Assert.Equal("T05thread:1;", Ask(s, "?"));
            Assert.InRange(Pc(s), 0x8000_0000UL, 0x8000_1000UL);
            Assert.Equal("OK", Ask(s, "D"));
            tcp.Close();
            rvjit.StandardInput.Write("ok\n");
            rvjit.StandardInput.Flush();
            var run = Finish(rvjit, stdout, stderr);
            Assert.Equal(0, run.Code);
            Assert.Contains("OK", run.Stdout);
        }
    }
}
