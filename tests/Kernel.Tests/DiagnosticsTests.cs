// What rvjit tells the user: --strace lines in strace's format, unknown system calls named once.
namespace RvJit.Kernel.Tests;

public class DiagnosticsTests
{
    [Fact]
    public void Rule_strace_prints_calls_with_decoded_arguments_and_results()
    {
        var trace = new StringWriter();
        var result = GuestRunner.RunRvjit(GuestPrograms.Get("hello", Linkage.Static), ["one"], "interp", strace: trace);
        Assert.Equal(7, result.ExitCode);
        string text = trace.ToString();
        // Like strace: strings longer than 32 bytes are cut, with "..." after the quote.
        Assert.Contains("write(1, \"hello, world (argc=2)\\narg 1: one\"..., 33) = 33\n", text);
        Assert.Contains("exit_group(7) = ?\n", text);
        Assert.Matches(@"brk\(NULL\) = 0x[0-9a-f]+\n", text);
        Assert.Contains("readlinkat(AT_FDCWD, \"/proc/self/exe\", ", text);
    }

    [Fact]
    public void Rule_strace_shows_signal_zero_as_a_number_and_signals_by_name()
    {
        var trace = new StringWriter();
        var result = GuestRunner.RunRvjit(GuestPrograms.Get("pidfd", Linkage.Static), [], "interp", strace: trace);
        Assert.Equal(0, result.ExitCode);
        string text = trace.ToString();
        Assert.Matches(@"pidfd_send_signal\(\d+, 0, NULL, 0x0\) = 0\n", text);
        Assert.Matches(@"pidfd_send_signal\(\d+, SIGTERM, NULL, 0x0\) = 0\n", text);
    }

    [Fact]
    public void Rule_an_unknown_syscall_is_ENOSYS_and_warned_once_by_name()
    {
        var warnings = new StringWriter();
        var result = GuestRunner.RunRvjit(GuestPrograms.Get("unknown", Linkage.Static), [], "interp", diagnostics: warnings);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("unknown: -1 Function not implemented", result.Stdout);
        Assert.Contains("write bad buffer: -1 Bad address", result.Stdout);
        Assert.Contains("stat to kernel address: -1 Bad address", result.Stdout);
        var lines = warnings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.Contains("unsupported system call syscall_494 (494)"));
        Assert.Contains("io_uring_setup: -1 Function not implemented", result.Stdout);
        Assert.Contains("landlock_create_ruleset: -1 Function not implemented", result.Stdout);
        Assert.DoesNotContain("io_uring", warnings.ToString());
        Assert.DoesNotContain("landlock", warnings.ToString());
    }

    [Fact]
    public void Rule_a_fatal_fault_reports_pc_and_address_and_exits_128_plus_signal()
    {
        var warnings = new StringWriter();
        var result = GuestRunner.RunRvjit(GuestPrograms.Get("fault", Linkage.Static), [], "interp", diagnostics: warnings);
        Assert.Equal(128 + 11, result.ExitCode);
        Assert.Equal("about to fault\n", result.Stdout);
        Assert.Matches(@"SIGSEGV \(write of unmapped address\) at pc 0x[0-9a-f]+, address 0x0 ", warnings.ToString());
    }
}
