// The VFS resolves every component itself: "..", symlinks and /proc stay inside the root.
using RvJit.Kernel.Fs;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Tests;

public sealed class VfsTests : IDisposable
{
    private readonly string root = GuestRunner.NewWorkDirectory();
    private readonly string outside = GuestRunner.NewWorkDirectory();
    private readonly LinuxKernel kernel;
    private readonly Process process;

    public VfsTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.WriteAllText(Path.Combine(root, "etc", "inside.txt"), "inside");
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(root, "abs"), "/etc");
        File.CreateSymbolicLink(Path.Combine(root, "up"), "../../../../..");
        File.CreateSymbolicLink(Path.Combine(root, "loop"), "loop");
        File.CreateSymbolicLink(Path.Combine(root, "escape"), outside);
        kernel = new LinuxKernel(new KernelSettings { RootDirectory = root, RamSize = 16UL << 20 });
        process = new Process(kernel, 1, kernel.CreateAddressSpace(), new FdTable()) { ExecutablePath = "/bin/prog" };
        kernel.Processes.Add(process);
    }

    public void Dispose()
    {
        kernel.Dispose();
        GuestRunner.TryDelete(root);
        GuestRunner.TryDelete(outside);
    }

    private Errno Resolve(string path, out Location location, bool follow = true, string cwd = "/") =>
        kernel.Vfs.Resolve(process, cwd, path, follow ? ResolveOptions.FollowFinal : ResolveOptions.None, out location);

    [Theory]
    [InlineData("/../../etc/inside.txt")]
    [InlineData("/abs/inside.txt")]
    [InlineData("/up/etc/inside.txt")]
    [InlineData("etc/../../../etc/./inside.txt")]
    public void Rule_dotdot_and_symlinks_stay_inside_the_root(string path)
    {
        Assert.Equal(Errno.Success, Resolve(path, out var l));
        Assert.True(l.Exists);
        Assert.Equal("/etc/inside.txt", l.GuestPath);
        Assert.Equal(Path.Combine(root, "etc", "inside.txt"), l.HostPath);
    }

    [Fact]
    public void Rule_an_absolute_symlink_to_a_host_path_is_read_inside_the_root()
    {
        // The link's target is looked up under the root, where it does not exist.
        Assert.Equal(Errno.ENOENT, Resolve("/escape/secret.txt", out _));
        Assert.Equal(Errno.ENOENT, Resolve("/escape", out _));
        Assert.Equal(Errno.Success, Resolve("/escape", out var l, follow: false));
        Assert.True(l.Stat.IsSymlink);
        Assert.Equal(Path.Combine(root, "escape"), l.HostPath);
    }

    [Fact]
    public void Rule_resolution_errors_follow_linux()
    {
        Assert.Equal(Errno.ELOOP, Resolve("/loop", out _));
        Assert.Equal(Errno.ENOENT, Resolve("/missing/file", out _));
        Assert.Equal(Errno.ENOTDIR, Resolve("/etc/inside.txt/x", out _));
        Assert.Equal(Errno.ENOENT, Resolve("", out _));
        Assert.Equal(Errno.Success, Resolve("/etc/new.txt", out var created));
        Assert.False(created.Exists);
        Assert.Equal(Path.Combine(root, "etc", "new.txt"), created.HostPath);
        Assert.Equal(Errno.Success, Resolve("/loop", out var link, follow: false));
        Assert.True(link.Stat.IsSymlink);
    }

    [Fact]
    public void Rule_proc_self_is_the_guest_process()
    {
        Assert.Equal(Errno.Success, Resolve("/proc/self/exe", out var exe, follow: false));
        Assert.Equal(Errno.Success, kernel.Vfs.ReadLink(process, exe, out string target));
        Assert.Equal("/bin/prog", target);
        Assert.Equal(Errno.Success, Resolve("/proc/self/root/../../etc/inside.txt", out var viaProc));
        Assert.Equal("/etc/inside.txt", viaProc.GuestPath);
        Assert.Equal(Errno.Success, Resolve("/proc/cpuinfo", out var cpu));
        Assert.True(cpu.IsVirtual);
        Assert.Equal(Errno.Success, Resolve("/dev/null", out var devNull));
        Assert.True(devNull.IsVirtual);
    }

    [Fact]
    public void Rule_proc_names_each_process_by_its_pid_as_Linux_spells_it()
    {
        // /proc looks its entries up directly (no listing at each lookup): a pid's own spelling only, as on Linux.
        Assert.Equal(Errno.Success, Resolve("/proc/1/exe", out var exe, follow: false));
        Assert.Equal(Errno.Success, kernel.Vfs.ReadLink(process, exe, out string target));
        Assert.Equal("/bin/prog", target);
        Assert.Equal(Errno.ENOENT, Resolve("/proc/01/exe", out _, follow: false));
        Assert.Equal(Errno.ENOENT, Resolve("/proc/+1/exe", out _, follow: false));
        // (A missing last component resolves, for O_CREAT; a missing directory on the way does not.)
        Assert.Equal(Errno.ENOENT, Resolve("/proc/2/exe", out _, follow: false));
        Assert.Equal(Errno.ENOENT, Resolve("/proc/nonesuch/exe", out _, follow: false));
        Assert.Equal(Errno.Success, Resolve("/proc/sys/kernel/osrelease", out var release));
        Assert.True(release.IsVirtual);
    }

    [Fact]
    public void Rule_the_sysroot_overlay_answers_absolute_paths_first()
    {
        string sysroot = GuestRunner.NewWorkDirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(sysroot, "lib"));
            File.WriteAllText(Path.Combine(sysroot, "lib", "libx.so"), "x");
            using var k = new LinuxKernel(new KernelSettings { Sysroot = sysroot, RamSize = 16UL << 20 });
            var p = new Process(k, 1, k.CreateAddressSpace(), new FdTable());
            Assert.Equal(Errno.Success, k.Vfs.Resolve(p, "/", "/lib/libx.so", ResolveOptions.FollowFinal, out var l));
            Assert.Equal(Path.Combine(sysroot, "lib", "libx.so"), l.HostPath);
            Assert.Equal("/lib/libx.so", l.GuestPath);
            Assert.Equal(Errno.Success, k.Vfs.Resolve(p, "/", "/tmp", ResolveOptions.FollowFinal, out var host));
            Assert.Equal("/tmp", host.HostPath);
        }
        finally { GuestRunner.TryDelete(sysroot); }
    }

    // What the VFS asks of the host is confined by the host itself: even a path with symlinks and ".."
    // (which only a concurrent change could hand it) is looked up inside the root, with or without openat2.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rule_the_host_tree_resolves_every_path_inside_its_root(bool useOpenat2)
    {
        using var tree = new Fs.Host.HostTree(root, useOpenat2);
        Assert.Equal(Errno.Success, tree.Lookup("etc/inside.txt", out var direct, out _));
        foreach (string path in new[] { "abs/inside.txt", "up/etc/inside.txt", "../../etc/inside.txt", "abs/../../../etc/inside.txt" })
        {
            Assert.Equal(Errno.Success, tree.Lookup(path, out var st, out _));
            Assert.Equal(direct.Inode, st.Inode);
        }
        // The link to the host directory holding secret.txt is read inside the root, where it leads nowhere.
        Assert.Equal(Errno.ENOENT, tree.Lookup("escape/secret.txt", out _, out _));
        Assert.Equal(Errno.ELOOP, tree.OpenDirectory("loop", out _));
        Assert.Equal(Errno.Success, tree.Lookup("escape", out var link, out string? target));
        Assert.True(link.IsSymlink);
        Assert.Equal(outside, target);
    }

    [Fact]
    public void Rule_resolution_without_openat2_gives_the_same_answers()
    {
        using var k = new LinuxKernel(new KernelSettings { RootDirectory = root, RamSize = 16UL << 20, ResolveWithoutOpenat2 = true });
        var p = new Process(k, 1, k.CreateAddressSpace(), new FdTable());
        Assert.Equal(Errno.Success, k.Vfs.Resolve(p, "/", "/up/etc/../etc/inside.txt", ResolveOptions.FollowFinal, out var l));
        Assert.Equal("/etc/inside.txt", l.GuestPath);
        Assert.Equal(Errno.ENOENT, k.Vfs.Resolve(p, "/", "/escape/secret.txt", ResolveOptions.FollowFinal, out _));
        Assert.Equal(Errno.ELOOP, k.Vfs.Resolve(p, "/", "/loop", ResolveOptions.FollowFinal, out _));
    }
}
