// `rvjit binfmt`: rvjit registered with binfmt_misc runs riscv64 programs started directly (`./prog`), with
// argv[0] as the caller gave it. Each test works in a private binfmt_misc instance (a user and mount namespace
// of its own, Linux 6.7 and later), so the host's registrations are never touched.
using System.Diagnostics;

namespace RvJit.Kernel.Tests;

public class BinfmtTests
{
    /// <summary>The native launcher the kernel starts (copied beside the tests with rvjit.dll).</summary>
    private static string Launcher => Path.Combine(AppContext.BaseDirectory, "rvjit");

    /// <summary>Runs <paramref name="script"/> with sh in a new user and mount namespace where binfmt_misc is
    /// freshly mounted.</summary>
    internal static GuestResult InPrivateBinfmt(string script)
    {
        var psi = new ProcessStartInfo("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c",
            "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || exit 99\n" + script])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120))) { p.Kill(true); throw new TimeoutException(script); }
        return new GuestResult(p.ExitCode, stdout.Result, stderr);
    }

    /// <summary>Why this host gives no private binfmt_misc instance (null when it does): the tests are then
    /// reported as skipped with this reason.</summary>
    internal static readonly Lazy<string?> Unavailable = new(() =>
    {
        try
        {
            var r = InPrivateBinfmt("test -e /proc/sys/fs/binfmt_misc/register");
            return r.ExitCode == 0 ? null
                : $"this host gives no private binfmt_misc (a user namespace with its own binfmt_misc needs Linux 6.7+ and unprivileged user namespaces): {r.Stderr.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e) { return $"unshare(1) could not run: {e.Message}"; }
    });

    [PrivateBinfmtTheory]
    [InlineData(Linkage.Static)]
    [InlineData(Linkage.Dynamic)]
    public void Installed_rvjit_runs_programs_started_directly_and_uninstall_removes_it(Linkage linkage)
    {
        string program = GuestPrograms.Get("argv0env", linkage);
        string dir = Path.GetDirectoryName(program)!;
        string name = Path.GetFileName(program);
        var r = InPrivateBinfmt($"""
            "{Launcher}" binfmt install --interpreter "{Launcher}" || exit 10
            "{Launcher}" binfmt status || exit 11
            cat /proc/sys/fs/binfmt_misc/rvjit-riscv64
            cd "{dir}" && ./{name} one "two words"; echo "status $?"
            "{Launcher}" binfmt uninstall || exit 12
            ./{name}; echo "after uninstall $?"
            "{Launcher}" binfmt status; echo "status after uninstall $?"
            """);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        Assert.Contains("rvjit-riscv64: enabled, interpreter " + Launcher + ", flags POCF", r.Stdout);
        // The kernel's view of the entry: qemu-user-static's riscv64 magic and mask (any OS ABI, ET_EXEC or ET_DYN).
        Assert.Contains("magic 7f454c460201010000000000000000000200f300\nmask ffffffffffffff00fffffffffffffffffeffffff\n", r.Stdout);
        Assert.Contains($"argv[0]=./{name}\nargv[1]=one\nargv[2]=two words\n", r.Stdout);
        Assert.Contains("status 0\n", r.Stdout);
        // Without the entry the kernel refuses the foreign ELF.
        Assert.DoesNotContain("after uninstall 0\n", r.Stdout);
        Assert.Contains("Exec format error", r.Stderr);
        Assert.Contains("status after uninstall 1\n", r.Stdout);
    }

    [PrivateBinfmtFact]
    public void A_guest_killed_by_a_signal_reports_it_to_the_calling_shell()
    {
        string program = GuestPrograms.Get("fault", Linkage.Static);
        var r = InPrivateBinfmt($"""
            "{Launcher}" binfmt install --interpreter "{Launcher}" || exit 10
            "{program}"; echo "status $?"
            """);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        Assert.Contains("about to fault\n", r.Stdout);
        Assert.Contains("status 139\n", r.Stdout); // 128 + SIGSEGV, as for a native program
    }

    [PrivateBinfmtFact]
    public void Install_without_binfmt_misc_permissions_says_why()
    {
        // A directory that is not binfmt_misc and cannot become it for an unprivileged caller.
        var r = InPrivateBinfmt($"""
            mkdir -p /tmp/rvjit-not-binfmt-$$ && "{Launcher}" binfmt status --mount /tmp/rvjit-not-binfmt-$$; echo "status $?"
            """);
        Assert.Contains("binfmt_misc is not mounted at /tmp/rvjit-not-binfmt-", r.Stdout);
        Assert.Contains("status 1\n", r.Stdout);
    }
}

/// <summary>A fact that needs a private binfmt_misc; skipped, with the reason, where the host has none.</summary>
public sealed class PrivateBinfmtFactAttribute : FactAttribute
{
    public PrivateBinfmtFactAttribute() { if (BinfmtTests.Unavailable.Value is { } why) Skip = why; }
}

/// <summary>A theory that needs a private binfmt_misc; skipped, with the reason, where the host has none.</summary>
public sealed class PrivateBinfmtTheoryAttribute : TheoryAttribute
{
    public PrivateBinfmtTheoryAttribute() { if (BinfmtTests.Unavailable.Value is { } why) Skip = why; }
}
