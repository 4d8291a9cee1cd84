// `rvjit system` and `rvjit run --machine virt` as a user runs them (rvjit.dll in a separate process):
// QEMU's option spellings, the poweroff status as exit status, the console on stdin/stdout with QEMU's
// Ctrl-A escapes, and --dump-dtb.
using System.Diagnostics;
using System.Text;
using RvJit.Runtime.DeviceTree;

namespace RvJit.Virt.Tests;

public class CliTests
{
    private static string CliPath => Path.Combine(AppContext.BaseDirectory, "rvjit.dll");

    private sealed record Result(int Code, string Stdout, string Stderr);

    // Runs rvjit; `input` is written to stdin once stdout shows `after` (null: at once), then stdin closes.
    private static Result Rvjit(string[] args, string? input = null, string? after = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardOutputEncoding = Encoding.Latin1,
        };
        psi.ArgumentList.Add(CliPath);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = new StringBuilder();
        var sawCue = new ManualResetEventSlim(after is null);
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout) { stdout.Append(e.Data).Append('\n'); if (after is not null && stdout.ToString().Contains(after)) sawCue.Set(); }
        };
        p.BeginOutputReadLine();
        var stderr = p.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            Assert.True(sawCue.Wait(TimeSpan.FromSeconds(60)), $"no '{after}' on stdout");
            var raw = p.StandardInput.BaseStream;
            raw.Write(Encoding.Latin1.GetBytes(input));
            raw.Flush();
        }
        if (!p.WaitForExit(120_000)) { p.Kill(true); Assert.Fail("rvjit did not finish in two minutes"); }
        p.WaitForExit();
        lock (stdout) return new Result(p.ExitCode, stdout.ToString(), stderr.Result);
    }

    [Fact]
    public void PoweroffStatusIsTheExitStatus()
    {
        var r = Rvjit(["system", "-nographic", "-bios", "none", "-kernel", GuestBuild.DeviceProgram("test_status")]);
        Assert.Equal(42, r.Code);
        Assert.Equal("test: failing with 42\n", r.Stdout);
    }

    /// <summary>QEMU's spellings of the flash and fw_cfg options: -pflash (units in order), -drive if=pflash, -fw_cfg;
    /// an image of the wrong size is refused with QEMU's message.</summary>
    [Fact]
    public void FlashAndFwCfgOptions()
    {
        string program = GuestBuild.FlashImage("flash", ["mstart.S", "flash.c"], "flashlink.ld");
        string bank0 = Path.GetTempFileName(), bank1 = Path.GetTempFileName(), small = Path.GetTempFileName();
        File.Copy(program, bank0, overwrite: true);
        using (var f = File.OpenWrite(bank1)) f.SetLength(32 << 20);
        File.WriteAllBytes(small, new byte[4096]);
        try
        {
            var r = Rvjit(["system", "-nographic", "-bios", "none", "-pflash", bank0, "-drive", $"if=pflash,format=raw,file={bank1}"]);
            Assert.True(r.Code == 0, r.Stderr);
            Assert.StartsWith("running from flash at 20000000\n", r.Stdout);
            Assert.EndsWith("done\n", r.Stdout);
            r = Rvjit(["system", "-nographic", "-bios", "none", "-drive", $"if=pflash,unit=1,format=raw,file={small}"]);
            Assert.NotEqual(0, r.Code);
            Assert.Contains("device requires 33554432 bytes, block backend provides 4096 bytes", r.Stderr);
            r = Rvjit(["system", "-nographic", "-bios", "none", "-kernel", GuestBuild.DeviceProgram("fw_cfg"), "-fw_cfg", "name=opt/x,string=abc", "-fw_cfg", $"opt/y,file={small}"]);
            Assert.True(r.Code == 0, r.Stderr);
            Assert.Contains("files 5\n", r.Stdout);
            Assert.Contains("  0023 3 opt/x\n  0024 4096 opt/y\n", r.Stdout);
            r = Rvjit(["system", "-nographic", "-bios", "none", "-fw_cfg", "name=opt/x"]);
            Assert.Contains("name, plus exactly one of file, string and gen_id, are needed", r.Stderr);
        }
        finally { File.Delete(bank0); File.Delete(bank1); File.Delete(small); }
    }

    [Fact]
    public void RunWithMachineVirtTakesTheImageAsKernel()
    {
        var r = Rvjit(["run", "--machine", "virt", "-bios", "none", GuestBuild.DeviceProgram("test_status")]);
        Assert.Equal(42, r.Code);
        r = Rvjit(["run", "-M", "virt", "-bios", "none", "-kernel", GuestBuild.DeviceProgram("rtc"), "--engine", "interp"]);
        Assert.Equal(0, r.Code);
        Assert.Equal("rtc: time in range\nrtc: alarm after its time\n", r.Stdout);
    }

    [Fact]
    public void StdinReachesTheUartAndCtrlACtrlASendsOneCtrlA()
    {
        var r = Rvjit(["system", "-bios", "none", "-kernel", GuestBuild.DeviceProgram("uart_echo")], "ok\u0001\u0001\n", after: "uart: ready");
        Assert.Equal(0, r.Code);
        Assert.Equal("uart: ready\nOK\u0001\nuart: done\n", r.Stdout);
    }

    [Fact]
    public void CtrlAXQuits()
    {
        var r = Rvjit(["system", "-bios", "none", "-kernel", GuestBuild.DeviceProgram("uart_echo")], "\u0001x", after: "uart: ready");
        Assert.Equal(0, r.Code);
        Assert.Contains("terminated", r.Stderr);
        Assert.DoesNotContain("uart: done", r.Stdout);
    }

    [Fact]
    public void DumpDtbWritesTheTreeForTheOptionsGiven()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rvjit-virt-{Environment.ProcessId}.dtb");
        var r = Rvjit(["system", "-bios", "none", "-smp", "3", "-m", "512", "-kernel", GuestBuild.DeviceProgram("test_status"), "-append", "quiet", "--dump-dtb", path]);
        Assert.Equal(0, r.Code);
        var root = FdtReader.Parse(File.ReadAllBytes(path), out _);
        File.Delete(path);
        Assert.NotNull(root.Find("/cpus/cpu@2"));
        Assert.Equal([0u, 0x8000_0000u, 0u, 0x2000_0000u], root.Find("/memory@80000000")!.Cells("reg")); // -m 512 is MiB
        Assert.Equal(["quiet"], root.Find("/chosen")!.Strings("bootargs"));
    }

    [Theory]
    [InlineData(new[] { "system", "-bios", "none", "-append", "x" }, "-append only allowed with -kernel option")]
    [InlineData(new[] { "system", "-machine", "spike" }, "only virt")]
    [InlineData(new[] { "system", "-bios", "none", "-smp", "0" }, "-smp")]
    [InlineData(new[] { "system", "-bios", "none", "-m", "lots" }, "not a RAM size")]
    [InlineData(new[] { "system", "-bios", "none", "-accel", "kvm" }, "only tcg")]
    [InlineData(new[] { "system", "-bios", "none", "-accel", "tcg,thread=many" }, "thread=multi or thread=single")]
    public void BadOptionsAreRefusedInOneLine(string[] args, string message)
    {
        var r = Rvjit(args);
        Assert.Equal(2, r.Code);
        Assert.Contains(message, r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [OpenSbiTheory]
    [InlineData(1)]
    public void SecondBootLoadsStoredRegionsAndPrintsTheSameConsole(int harts)
    {
        // Firmware and kernel code are the same bytes from boot to boot: the second boot installs the first one's
        // regions precompiled (keyed by the contents of their physical pages) and the kernel behaves the same.
        var images = LinuxImages.Get();
        string cache = Path.Combine(Path.GetTempPath(), $"rvjit-virt-cache-{Environment.ProcessId}");
        string[] args = ["system", "-nographic", "-smp", harts.ToString(), "--cache", cache, "--cache-native", "wait", "--stats",
            "-bios", OpenSbiBootTests.FwJump, "-kernel", images.Kernel, "-initrd", images.Initrd, "-append", LinuxBootTests.Append("uname -r; poweroff -f")];
        try
        {
            var first = Rvjit(args);
            Assert.True(first.Code == 0, first.Stderr);
            Assert.Contains("persistent cache: 0 regions in 0 bundles loaded", first.Stderr);
            Assert.Matches(@"cache save: [1-9][0-9]* regions compiled in this boot, .* bundle written", first.Stderr);
            var second = Rvjit(args);
            Assert.True(second.Code == 0, second.Stderr);
            var loaded = System.Text.RegularExpressions.Regex.Match(second.Stderr, @"persistent cache: (\d+) regions in (\d+) bundles loaded, (\d+) installed");
            Assert.True(loaded.Success, second.Stderr);
            Assert.True(int.Parse(loaded.Groups[1].Value) > 0 && int.Parse(loaded.Groups[3].Value) > 0, loaded.Value);
            Assert.Contains($"{LinuxBootTests.Marker} (6.1.", second.Stdout);
            Assert.Equal(LinuxBootTests.Comparable(first.Stdout), LinuxBootTests.Comparable(second.Stdout));
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
        }
    }

    [OpenSbiTheory]
    [InlineData("2", "tcg")] // the default: a thread per hart when the host has more cores than harts
    [InlineData("2", "tcg,thread=single")]
    [InlineData("2", "tcg,thread=multi")]
    public void DefaultFirmwareBootsThePayload(string harts, string accel)
    {
        var r = Rvjit(["system", "-nographic", "-smp", harts, "-accel", accel, "-kernel", GuestBuild.SbiPayload(int.Parse(harts))]);
        Assert.Equal(0, r.Code);
        Assert.Contains("OpenSBI v", r.Stdout);
        Assert.Contains("payload: secondary took the IPI\n", r.Stdout);
        Assert.EndsWith("payload: powering off\n", r.Stdout);
    }
}
