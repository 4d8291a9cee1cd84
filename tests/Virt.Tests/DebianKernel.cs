// Debian trixie's generic riscv64 kernel and an initramfs around Debian's busybox-static: fetched from
// deb.debian.org by tests/linux/fetch-debian-kernel.sh into a cache outside the repository, once; later runs
// reuse it. The same script installs qemu-img (qemu-utils), which the qcow2 tests use.
using System.Diagnostics;

namespace RvJit.Virt.Tests;

internal static class DebianKernel
{
    public sealed record Images(string Kernel, string Initrd, string Version);

    private static readonly Lazy<Images> fetched = new(() =>
    {
        string dir = Script();
        return new Images(Path.Combine(dir, "Image"), Path.Combine(dir, "initramfs.cpio.gz"), File.ReadAllText(Path.Combine(dir, "kernel-version")).Trim());
    });
    private static readonly Lazy<string> qemuImg = new(() => Script("--tools"));

    /// <summary>The kernel and initramfs (downloaded on first use; a failure to fetch them fails the test).</summary>
    public static Images Get() => fetched.Value;

    /// <summary>qemu-img's path (installed on first use).</summary>
    public static string QemuImg => qemuImg.Value;

    /// <summary>Where `-bios default` leads on Debian: QEMU's OpenSBI is the opensbi package's fw_dynamic.</summary>
    public static string FwDynamic => Path.Combine(OpenSbiBootTests.FirmwareDir, "fw_dynamic.bin");

    private static string Script(params string[] args)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "linux", "fetch-debian-kernel.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd().Trim();
        // Hang detection only: the download is about 115 MB.
        if (!p.WaitForExit(TimeSpan.FromMinutes(30))) { p.Kill(true); throw new TimeoutException("fetch-debian-kernel.sh ran for 30 minutes"); }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"fetch-debian-kernel.sh {string.Join(' ', args)} could not fetch the Debian packages or tools ({p.ExitCode}):\n{err.Result}");
        return output;
    }

    /// <summary>Runs qemu-img: its exit status and stdout+stderr.</summary>
    public static (int Status, string Output) RunQemuImg(params string[] args)
    {
        var psi = new ProcessStartInfo(QemuImg) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }

    /// <summary>qemu-img with arguments that must succeed.</summary>
    public static string QemuImgOk(params string[] args)
    {
        var (status, output) = RunQemuImg(args);
        Assert.True(status == 0, $"qemu-img {string.Join(' ', args)}: {output}");
        return output;
    }
}
