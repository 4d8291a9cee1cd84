// --root DIR: the guest sees DIR as "/" and no path trick reaches a file outside it.
namespace RvJit.Kernel.Tests;

public class JailTests
{
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Rule_no_path_leaves_the_root(string engine)
    {
        string outside = GuestRunner.NewWorkDirectory();
        string jail = GuestRunner.NewWorkDirectory();
        try
        {
            string secret = Path.Combine(outside, "secret.txt");
            File.WriteAllText(secret, "SECRET\n");
            File.Copy(GuestPrograms.Get("escape", Linkage.Static), Path.Combine(jail, "escape"));
            if (OperatingSystem.IsLinux()) File.SetUnixFileMode(Path.Combine(jail, "escape"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
            File.Copy("/bin/true", Path.Combine(jail, "hosttool"));

            var jailed = GuestRunner.RunRvjit(Path.Combine(jail, "escape"), [secret], engine, root: jail, programPath: "/escape");
            Assert.Equal(0, jailed.ExitCode);
            Assert.DoesNotContain("ESCAPED", jailed.Stdout);
            Assert.Contains("direct: No such file or directory", jailed.Stdout);
            Assert.Contains("symlink to root: No such file or directory", jailed.Stdout);
            Assert.Contains("proc root: No such file or directory", jailed.Stdout);
            Assert.Contains("cwd after chdir ..: /\n", jailed.Stdout);
            Assert.Contains("exec host program: Exec format error", jailed.Stdout);
            Assert.Equal(11, jailed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

            // The control: without a jail the same probe does reach the file, so the probe itself works.
            var free = GuestRunner.RunRvjit(Path.Combine(jail, "escape"), [secret], engine);
            Assert.Contains("direct: ESCAPED", free.Stdout);
        }
        finally
        {
            GuestRunner.TryDelete(outside);
            GuestRunner.TryDelete(jail);
        }
    }

    /// <summary>A tree with /dev but no /dev/shm (a Debian tree as unpacked): shm_open and sem_open work, as under
    /// qemu-user, whose -L falls back to the host's /dev/shm.</summary>
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Rule_shm_open_and_sem_open_work_in_a_jail_without_dev_shm(string engine)
    {
        string jail = GuestRunner.NewWorkDirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(jail, "dev"));
            Directory.CreateDirectory(Path.Combine(jail, "tmp"));
            File.Copy(GuestPrograms.Get("shmjail", Linkage.Static), Path.Combine(jail, "shmjail"));
            var result = GuestRunner.RunRvjit(Path.Combine(jail, "shmjail"), [], engine, root: jail, programPath: "/shmjail");
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("shm_open: ok\nmapped: shared\nshm_unlink: 0\nsem_open: ok\nsem_wait: 0 sem_post: 0\nsem_unlink: 0\n" +
                "/dev/shm is a directory: 1\n", result.Stdout);
        }
        finally
        {
            GuestRunner.TryDelete(jail);
        }
    }
}
