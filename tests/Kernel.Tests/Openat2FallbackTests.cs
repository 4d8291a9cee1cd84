// Dynamic guests on a host without openat2 (as under valgrind, which answers ENOSYS): every path walks component by component.
namespace RvJit.Kernel.Tests;

/// <summary>
/// With openat2 missing, the sysroot overlay and the host root are resolved by the O_PATH walk. A dynamic
/// program then finds its interpreter and libraries, maps them through the page cache, maps files of
/// its own, and execs a dynamic program again, as it does with openat2 (qemu-riscv64 is the oracle).
/// </summary>
public class Openat2FallbackTests
{
    public static TheoryData<string> Engines => new() { "interp", "jit" };

    [Theory]
    [MemberData(nameof(Engines))]
    public void Rule_file_mappings_of_a_dynamic_program_work_without_openat2(string engine)
    {
        string program = GuestPrograms.Get("mmap", Linkage.Dynamic);
        var qemu = GuestRunner.RunQemu(program, []);
        var walked = GuestRunner.RunRvjit(program, [], engine, resolveWithoutOpenat2: true);
        Assert.True(qemu.Stdout.Length > 0, qemu.ToString());
        Assert.Equal(qemu.Stdout, walked.Stdout);
        Assert.Equal(qemu.ExitCode, walked.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Rule_execve_of_a_dynamic_program_finds_its_interpreter_without_openat2(string engine)
    {
        // Each round trip execs the dynamic program anew: interpreter and libc are looked up and mapped
        // again (page cache hits after the first), all through the walk.
        string program = GuestPrograms.Get("forkexec", Linkage.Dynamic);
        var walked = GuestRunner.RunRvjit(program, ["3"], engine, resolveWithoutOpenat2: true);
        Assert.Equal(0, walked.ExitCode);
        Assert.StartsWith("3 fork+exec+wait round trips", walked.Stdout);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Rule_a_dynamic_program_run_by_its_path_inside_a_jail_works_without_openat2(string engine)
    {
        // A jail holding the program, its interpreter and libc by their absolute paths: the interpreter
        // named in PT_INTERP is resolved inside the root by the walk.
        string program = GuestPrograms.Get("hello", Linkage.Dynamic);
        string jail = GuestRunner.NewWorkDirectory();
        try
        {
            File.Copy(program, Path.Combine(jail, "hello"));
            foreach (string lib in new[] { "lib/ld-linux-riscv64-lp64d.so.1", "lib/libc.so.6" })
            {
                string target = Path.Combine(jail, lib);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(GuestPrograms.Sysroot, lib), target);
            }
            var qemu = GuestRunner.RunQemu(program, ["one"]);
            var walked = GuestRunner.RunRvjit(Path.Combine(jail, "hello"), ["one"], engine, root: jail, programPath: "/hello", resolveWithoutOpenat2: true);
            Assert.True(qemu.Stdout.Length > 0, qemu.ToString());
            Assert.Equal(qemu.Stdout, walked.Stdout);
            Assert.Equal(qemu.ExitCode, walked.ExitCode);
        }
        finally { GuestRunner.TryDelete(jail); }
    }
}
