// The Linux 6.1 Image and initramfs the Linux boot tests use: built by tests/linux/build-linux.sh (Debian's
// linux-source-6.1 and busybox sources) into a cache outside the repository, once; later runs reuse it.
using System.Diagnostics;

namespace RvJit.Virt.Tests;

internal static class LinuxImages
{
    public sealed record Images(string Kernel, string Initrd);

    private static readonly Lazy<Images> built = new(Build);

    /// <summary>The images (builds them on first use: tens of minutes on two cores, then cached).</summary>
    public static Images Get() => built.Value;

    private static Images Build()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "linux", "build-linux.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string dir = p.StandardOutput.ReadToEnd().Trim();
        // Only hang detection: a first build on a loaded two-core machine takes well under this.
        if (!p.WaitForExit(TimeSpan.FromMinutes(120))) { p.Kill(true); throw new TimeoutException("build-linux.sh ran for two hours"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"build-linux.sh failed ({p.ExitCode}):\n{err.Result}");
        return new Images(Path.Combine(dir, "Image"), Path.Combine(dir, "initramfs.cpio.gz"));
    }
}
