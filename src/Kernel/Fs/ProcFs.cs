// The kernel's /proc: self, per-process directories (exe, cwd, fd, maps, cmdline, stat...), cpuinfo, meminfo.
using System.Globalization;
using System.Text;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Fs;

/// <summary>
/// Builds /proc. Everything describes guest processes: /proc/self/exe is the guest's executable, not
/// rvjit; /proc/self/maps lists the guest's VMAs.
/// </summary>
public static class ProcFs
{
    public static VirtualNode Create(LinuxKernel kernel)
    {
        var fixedEntries = new List<(string, VirtualNode)>
        {
            ("self", new SymlinkNode(p => p.Pid.ToString(CultureInfo.InvariantCulture))),
            ("thread-self", new SymlinkNode(p => $"{p.Pid}/task/{p.Pid}")),
            ("cpuinfo", new GeneratedNode(_ => CpuInfo(kernel.Settings.Harts))),
            ("meminfo", new GeneratedNode(_ => MemInfo(kernel))),
            ("uptime", new GeneratedNode(_ => Uptime(kernel))),
            ("version", new GeneratedNode(_ => $"Linux version {KernelIdentity.Release} (rvjit) {KernelIdentity.Version}\n")),
            ("loadavg", new GeneratedNode(_ => LoadAverage(kernel))),
            ("filesystems", new GeneratedNode(_ => "nodev\tproc\n\text4\n")),
            ("mounts", new SymlinkNode(_ => "self/mounts")),
            ("stat", new GeneratedNode(_ => "cpu  0 0 0 0 0 0 0 0 0 0\n" + string.Concat(Enumerable.Range(0, kernel.Settings.Harts).Select(i => $"cpu{i} 0 0 0 0 0 0 0 0 0 0\n")))),
            ("sys", SysDirectory()),
            ("net", NetDirectory()),
        };
        return new RootNode(kernel, fixedEntries);
    }

    /// <summary>/proc itself: the fixed entries, then a directory per process. A lookup goes straight to its entry (one
    /// is made at start-up, for /proc/self/exe): listing everything through LINQ's Concat and Select over tuples ran
    /// generic code that the ReadyToRun image lacks, JIT-compiled at every start.</summary>
    private sealed class RootNode(LinuxKernel kernel, List<(string Name, VirtualNode Node)> fixedEntries)
        : DirectoryNode(_ => Children(kernel, fixedEntries))
    {
        public override VirtualNode? Lookup(Process process, string name)
        {
            foreach (var (n, node) in fixedEntries)
                if (n == name) return node;
            // Only a pid's own spelling names it ("012" does not name process 12).
            return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && pid.ToString(CultureInfo.InvariantCulture) == name && kernel.Processes.Find(pid) is { } q ? ProcessDirectory(q) : null;
        }

        private static List<(string, VirtualNode)> Children(LinuxKernel kernel, List<(string Name, VirtualNode Node)> fixedEntries)
        {
            var children = new List<(string, VirtualNode)>(fixedEntries);
            foreach (var q in kernel.Processes.Snapshot()) children.Add((q.Pid.ToString(CultureInfo.InvariantCulture), ProcessDirectory(q)));
            return children;
        }
    }

    /// <summary>The host's network tables, read when opened: the guest's sockets are host sockets, so the host's lists
    /// are theirs (as under qemu-user). Go reads igmp and igmp6 for multicast addresses; netstat-like tools tcp, udp, unix.</summary>
    private static readonly string[] NetTables =
        ["arp", "dev", "if_inet6", "igmp", "igmp6", "netstat", "route", "snmp", "snmp6", "sockstat", "sockstat6", "tcp", "tcp6", "udp", "udp6", "unix"];

    private static VirtualNode NetDirectory()
    {
        // Listed at first use, not at start-up (every run makes /proc).
        var tables = new Lazy<List<(string, VirtualNode)>>(() =>
        {
            var found = new List<(string, VirtualNode)>();
            foreach (string name in NetTables)
                if (File.Exists("/proc/net/" + name)) found.Add((name, new GeneratedNode(_ => ReadHostTable(name))));
            return found;
        });
        return new DirectoryNode(_ => tables.Value);
    }

    private static string ReadHostTable(string name)
    {
        try { return File.ReadAllText("/proc/net/" + name); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    private static VirtualNode SysDirectory()
    {
        var kernelDir = new List<(string, VirtualNode)>
        {
            ("osrelease", new GeneratedNode(_ => KernelIdentity.Release + "\n")),
            ("ostype", new GeneratedNode(_ => "Linux\n")),
            ("hostname", new GeneratedNode(_ => KernelIdentity.NodeName + "\n")),
            ("pid_max", new GeneratedNode(_ => "4194304\n")),
            ("ngroups_max", new GeneratedNode(_ => "65536\n")),
        };
        var vmDir = new List<(string, VirtualNode)>
        {
            ("overcommit_memory", new GeneratedNode(_ => "0\n")),
            ("max_map_count", new GeneratedNode(_ => "65530\n")),
        };
        var sys = new List<(string, VirtualNode)>
        {
            ("kernel", new DirectoryNode(_ => kernelDir)),
            ("vm", new DirectoryNode(_ => vmDir)),
        };
        return new DirectoryNode(_ => sys);
    }

    // Children are built per lookup: they capture the process they describe.
    private static VirtualNode ProcessDirectory(Process target) => new DirectoryNode(_ => new List<(string, VirtualNode)>
    {
        ("exe", new SymlinkNode(_ => target.ExecutablePath)),
        ("cwd", new SymlinkNode(_ => target.WorkingDirectory)),
        ("root", new SymlinkNode(_ => "/")),
        ("fd", new DirectoryNode(_ => target.Files.Open().Select(e =>
            (e.Fd.ToString(CultureInfo.InvariantCulture), (VirtualNode)new FdLinkNode(e.File))).ToList(), 0x16d)),
        ("fdinfo", new DirectoryNode(_ => target.Files.Open().Select(e =>
            (e.Fd.ToString(CultureInfo.InvariantCulture), (VirtualNode)new GeneratedNode(_ => FdInfo(target, e.Fd, e.File)))).ToList(), 0x16d)),
        ("maps", new GeneratedNode(_ => Maps(target.Space))),
        ("cmdline", new GeneratedNode(_ => JoinNul(target.Arguments))),
        ("environ", new GeneratedNode(_ => JoinNul(target.Environment), 0x100)),
        ("comm", new GeneratedNode(_ => target.Name + "\n", 0x1a4)),
        ("stat", new GeneratedNode(_ => Stat(target))),
        ("status", new GeneratedNode(_ => Status(target))),
        ("mounts", new GeneratedNode(_ => "/dev/root / ext4 rw,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n")),
        ("task", new DirectoryNode(_ => target.Threads.Select(t =>
            (t.Tid.ToString(CultureInfo.InvariantCulture), (VirtualNode)new DirectoryNode(_ => [("comm", new GeneratedNode(_ => target.Name + "\n"))]))).ToList())),
    });

    /// <summary>
    /// /proc/PID/fdinfo/N as Linux's seq_show: the offset (0 where there is none), the status flags in octal with
    /// O_CLOEXEC for a close-on-exec descriptor and O_LARGEFILE for a file opened by path (the kernel sets it on 64-bit),
    /// a mount id, the inode, then what the file's type adds.
    /// </summary>
    private static string FdInfo(Process target, int fd, FileDescription file)
    {
        const int LargeFile = 0x8000, CloseOnExec = 0x80000;
        long position = file.Seek(0, 1);
        int flags = file.Flags | (file.Location is not null && file is HostFile ? LargeFile : 0) | (target.Files.IsCloseOnExec(fd) ? CloseOnExec : 0);
        ulong inode = file.Stat(out var st) == Errno.Success ? st.Inode : 0;
        return $"pos:\t{Math.Max(0, position)}\nflags:\t0{Convert.ToString(flags, 8)}\nmnt_id:\t{(file.Location is null ? 15 : 25)}\nino:\t{inode}\n{file.FdInfo}";
    }

    /// <summary>/proc/self/fd/N: reads as the file's path; opening it reaches the open file itself.</summary>
    private sealed class FdLinkNode(FileDescription file) : VirtualNode
    {
        public override uint Mode => Host.StatMode.Symlink | 0x1c0;
        public override string? LinkTarget(Process process) => file.DisplayPath;
        public override FileDescription? MagicTarget(Process process) => file;
    }

    private static string JoinNul(IReadOnlyList<byte[]> items)
    {
        var sb = new StringBuilder();
        foreach (var a in items) sb.Append(Encoding.UTF8.GetString(a)).Append('\0');
        return sb.ToString();
    }

    /// <summary>/proc/cpuinfo: one entry per hart, as Linux's riscv show_cpuinfo writes it.</summary>
    public static string CpuInfo(int harts) => string.Concat(Enumerable.Range(0, harts).Select(i =>
        $"processor\t: {i}\nhart\t\t: {i}\nisa\t\t: {RvJit.Runtime.Isa.IsaString.Rv64}\nmmu\t\t: sv39\n" +
        "uarch\t\t: rvjit\nmvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n"));

    /// <summary>The /proc/PID/maps text of an address space.</summary>
    public static string Maps(AddressSpace space)
    {
        var sb = new StringBuilder();
        foreach (var v in space.Areas)
        {
            string perms = string.Concat(
                (v.Protection & Protection.Read) != 0 ? "r" : "-",
                (v.Protection & Protection.Write) != 0 ? "w" : "-",
                (v.Protection & Protection.Execute) != 0 ? "x" : "-",
                v.IsShared ? "s" : "p");
            var (dev, ino) = v.Source?.Identity ?? v.Shared?.Source?.Identity ?? (0, 0);
            ulong offset = v.Source is null && v.Shared?.Source is null ? 0 : v.Offset;
            string line = string.Create(CultureInfo.InvariantCulture,
                $"{v.Start:x8}-{v.End:x8} {perms} {offset:x8} {(dev >> 8) & 0xfff:x2}:{dev & 0xff:x2} {ino}");
            if ((v.Flags & VmaFlags.GrowsDown) != 0 && v.Name.Length == 0) v.Name = "[stack]";
            if (v.Name.Length > 0) line = line.PadRight(73) + v.Name;
            sb.Append(line).Append('\n');
        }
        return sb.ToString();
    }

    private static string MemInfo(LinuxKernel kernel)
    {
        ulong totalKb = (ulong)kernel.Frames.Total * 4, freeKb = (ulong)kernel.Frames.Free * 4;
        return string.Create(CultureInfo.InvariantCulture,
            $"MemTotal:       {totalKb,8} kB\nMemFree:        {freeKb,8} kB\nMemAvailable:   {freeKb,8} kB\n" +
            $"Buffers:               0 kB\nCached:                0 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n");
    }

    private static string LoadAverage(LinuxKernel kernel)
    {
        kernel.SampleLoad();
        return kernel.Load.Format(kernel.Processes.RunnableThreads(), kernel.Processes.ThreadCount, kernel.Processes.LastId);
    }

    private static string Uptime(LinuxKernel kernel)
    {
        double s = kernel.Clock.Uptime.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture, $"{s:F2} {s:F2}\n");
    }

    private static string Stat(Process p)
    {
        char state = p.State == ProcessState.Running ? 'R' : 'Z';
        long ticks = p.CpuNanoseconds / 10_000_000, systemTicks = p.SystemNanoseconds / 10_000_000;
        // priority is the nice value + 20 for normal policies, -1 - the real-time priority for SCHED_FIFO/RR.
        var scheduling = p.MainThread?.Scheduling ?? Tasks.Scheduling.Default;
        int priority = scheduling.IsRealTime ? -1 - scheduling.RtPriority : 20 + scheduling.Nice;
        return string.Create(CultureInfo.InvariantCulture,
            $"{p.Pid} ({p.Name}) {state} {p.Parent?.Pid ?? 0} {p.ProcessGroup} {p.Session} 0 -1 0 0 0 0 0 {ticks} {systemTicks} 0 0 {priority} {scheduling.Nice} {p.Threads.Count} 0 0 {p.Space.MappedBytes} {p.Space.ResidentPages} 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 {scheduling.RtPriority} {scheduling.Policy} 0 0 0 0 0 0 0 0 0 0 0\n");
    }

    // Linux separates the groups by spaces and ends the list with one (an empty list is a lone space).
    private static string GroupList(uint[] groups) =>
        string.Join(' ', Array.ConvertAll(groups, g => g.ToString(CultureInfo.InvariantCulture))) + " ";

    private static string Status(Process p) => string.Create(CultureInfo.InvariantCulture,
        $"Name:\t{p.Name}\nUmask:\t{Convert.ToString(p.Umask, 8).PadLeft(4, '0')}\nState:\t{(p.State == ProcessState.Running ? "R (running)" : "Z (zombie)")}\n" +
        $"Tgid:\t{p.Pid}\nPid:\t{p.Pid}\nPPid:\t{p.Parent?.Pid ?? 0}\nUid:\t{p.Uids.Real}\t{p.Uids.Effective}\t{p.Uids.Saved}\t{p.Uids.Effective}\n" +
        $"Gid:\t{p.Gids.Real}\t{p.Gids.Effective}\t{p.Gids.Saved}\t{p.Gids.Effective}\n" +
        $"Groups:\t{GroupList(p.GroupsOrHost)}\n" +
        $"VmSize:\t{p.Space.MappedBytes / 1024,8} kB\nVmRSS:\t{p.Space.ResidentPages * 4,8} kB\nThreads:\t{p.Threads.Count}\n");
}
