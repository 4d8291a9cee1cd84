// --root DIR against a hostile guest: a second guest racing the path walk, symlinks handed to host calls
// that follow them (AF_UNIX connect, faccessat), and the network policy (--net).
namespace RvJit.Kernel.Tests;

public class JailEscapeTests
{
    /// <summary>How long the opener races the swapper. Long enough that the unjailed-by-race code of
    /// 2026-12 read the host file in nearly every run (see the test).</summary>
    private const double RaceSeconds = 4;

    private static string CopyInto(string jail, string program)
    {
        string path = Path.Combine(jail, program);
        File.Copy(GuestPrograms.Get(program, Linkage.Static), path);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return path;
    }

    [Theory]
    [InlineData("interp", false)]
    [InlineData("jit", false)]
    [InlineData("interp", true)] // hosts without openat2
    public async Task Rule_a_guest_swapping_a_directory_for_a_host_symlink_never_opens_the_host_file(string engine, bool withoutOpenat2)
    {
        string outside = GuestRunner.NewWorkDirectory();
        string jail = GuestRunner.NewWorkDirectory();
        try
        {
            File.WriteAllText(Path.Combine(outside, "SECRET"), "OUTSIDE\n");
            Directory.CreateDirectory(Path.Combine(jail, "race"));
            File.WriteAllText(Path.Combine(jail, "race", "SECRET"), "inside\n");
            string program = CopyInto(jail, "jailrace");

            // Two guests (two kernels, as two `rvjit run --root` would be) share the root.
            var swapper = Task.Factory.StartNew(() => GuestRunner.RunRvjit(program, ["swap", outside], engine, root: jail, programPath: "/jailrace", resolveWithoutOpenat2: withoutOpenat2),
                TaskCreationOptions.LongRunning);
            var opener = GuestRunner.RunRvjit(program, ["open", RaceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], engine, root: jail, programPath: "/jailrace", resolveWithoutOpenat2: withoutOpenat2);
            var swapped = await swapper;

            Assert.Equal(0, swapped.ExitCode);
            Assert.Equal(0, opener.ExitCode);
            Assert.StartsWith("held after", opener.Stdout);
            // The race was on: the opener saw both the jail's file and the swapped-in link (ENOENT inside the root).
            var counts = System.Text.RegularExpressions.Regex.Match(opener.Stdout, @"\((\d+) inside, (\d+) missing\)");
            Assert.True(counts.Success, opener.ToString());
            Assert.True(long.Parse(counts.Groups[1].Value) > 0, opener.Stdout);
            Assert.True(long.Parse(counts.Groups[2].Value) > 0, opener.Stdout);
        }
        finally
        {
            GuestRunner.TryDelete(outside);
            GuestRunner.TryDelete(jail);
        }
    }

    [Theory]
    [InlineData("interp", false)]
    [InlineData("jit", false)]
    [InlineData("interp", true)]
    public void Rule_symlinks_to_host_sockets_and_files_lead_nowhere_and_sockets_inside_work(string engine, bool withoutOpenat2)
    {
        string outside = GuestRunner.NewWorkDirectory();
        string jail = GuestRunner.NewWorkDirectory();
        try
        {
            string hostSocket = Path.Combine(outside, "host.sock");
            string hostFile = Path.Combine(outside, "secret.txt");
            File.WriteAllText(hostFile, "SECRET\n");
            using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(hostSocket));
            listener.Listen(4);
            string program = CopyInto(jail, "jailsock");

            var r = GuestRunner.RunRvjit(program, [hostSocket, hostFile, Path.Combine(outside, "missing")], engine, root: jail,
                programPath: "/jailsock", resolveWithoutOpenat2: withoutOpenat2);

            Assert.Equal(0, r.ExitCode);
            Assert.DoesNotContain("ESCAPED", r.Stdout);
            Assert.False(listener.Poll(0, System.Net.Sockets.SelectMode.SelectRead), "the host listener got a connection");
            string expected = """
                connect host path: No such file or directory
                connect symlink to host socket: No such file or directory
                connect through symlinked directory: No such file or directory
                sendto symlink to host socket: No such file or directory
                faccessat2 nofollow, link to host file: 0
                faccessat2 nofollow, link to missing host file: 0
                faccessat2 follow, link to host file: No such file or directory
                access, link to host file: No such file or directory
                bind inside: 0
                listen inside: 0
                connect through a symlink inside: 0
                received: ping
                getsockname: /inside.sock (15)
                getpeername: /inside.sock (15)
                bind over an existing name: Address already in use
                bind over a symlink: Address already in use

                """;
            Assert.Equal(expected, r.Stdout);
        }
        finally
        {
            GuestRunner.TryDelete(outside);
            GuestRunner.TryDelete(jail);
        }
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Rule_net_none_refuses_the_network_and_abstract_names_but_not_unix_paths(string engine)
    {
        string jail = GuestRunner.NewWorkDirectory();
        try
        {
            string program = CopyInto(jail, "netpolicy");
            var r = GuestRunner.RunRvjit(program, [], engine, root: jail, programPath: "/netpolicy", network: NetworkAccess.None);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal("""
                socket AF_INET stream: Permission denied
                socket AF_INET6 datagram: Permission denied
                bind abstract: Permission denied
                connect abstract: Permission denied
                bind path: ok
                connect path: ok
                socketpair: ok

                """, r.Stdout);
        }
        finally { GuestRunner.TryDelete(jail); }
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Rule_net_host_is_the_default_and_reaches_what_linux_gives(string engine)
    {
        string program = GuestPrograms.Get("netpolicy", Linkage.Static);
        var rvjit = GuestRunner.RunRvjit(program, [], engine);
        var qemu = GuestRunner.RunQemu(program, []);
        Assert.Equal(0, rvjit.ExitCode);
        Assert.Equal(qemu.Stdout, rvjit.Stdout);
        Assert.DoesNotContain("denied", rvjit.Stdout);
    }

    // Not against qemu-riscv64: it hands every netlink request to the host, and as root the add would change the host.
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Rule_route_netlink_reads_the_host_tables_but_never_changes_them(string engine)
    {
        string program = GuestPrograms.Get("netlinkwrite", Linkage.Static);
        var r = GuestRunner.RunRvjit(program, [], engine);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("""
            send get links: ok
            first reply is a link: yes
            send add address: Operation not permitted
            write add address: Operation not permitted
            send get then add: Operation not permitted

            """, r.Stdout);
    }

    // The descriptor-relative operations answer as Linux does, on the host tree and inside a jail.
    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Rule_path_operations_answer_as_linux(string engine)
    {
        string program = GuestPrograms.Get("pathops", Linkage.Static);
        var qemu = GuestRunner.RunQemu(program, []);
        var free = GuestRunner.RunRvjit(program, [], engine);
        Assert.Equal(0, qemu.ExitCode);
        Assert.Equal(qemu.Stdout, free.Stdout);

        string jail = GuestRunner.NewWorkDirectory();
        try
        {
            CopyInto(jail, "pathops");
            var jailed = GuestRunner.RunRvjit(Path.Combine(jail, "pathops"), [], engine, root: jail, programPath: "/pathops");
            Assert.Equal(qemu.Stdout, jailed.Stdout);
            var walked = GuestRunner.RunRvjit(Path.Combine(jail, "pathops"), [], engine, root: jail, programPath: "/pathops", resolveWithoutOpenat2: true);
            Assert.Equal(qemu.Stdout, walked.Stdout);
        }
        finally { GuestRunner.TryDelete(jail); }
    }
}
