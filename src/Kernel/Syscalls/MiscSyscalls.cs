// Miscellaneous system calls: uname, sysinfo, getrandom, getcpu, riscv_flush_icache, riscv_hwprobe; io_uring and Landlock (absent).
using System.Text;

using RvJit.Kernel.Tasks;

namespace RvJit.Kernel.Syscalls;

/// <summary>System information and the riscv-specific calls.</summary>
public static class MiscSyscalls
{
    public static void Register(SyscallTable t)
    {
        t.Add("uname", "p", Uname);
        t.Add("sysinfo", "p", SysInfo);
        t.Add("getrandom", "p,u,x", GetRandom);
        t.Add("getcpu", "p,p,p", c => (c.A0 == 0 || c.Memory.Write(c.A0, (uint)c.Kernel.CurrentProcessor.Index) == Errno.Success) && (c.A1 == 0 || c.Memory.Write(c.A1, 0u) == Errno.Success) ? 0 : Errno.EFAULT.Fail());
        t.Add("riscv_flush_icache", "p,p,x", FlushInstructionCache);
        t.Add("riscv_hwprobe", "p,u,u,p,x", c => Errno.ENOSYS.Fail());
        // Facilities this kernel is built without, answered as Linux without CONFIG_IO_URING and
        // CONFIG_SECURITY_LANDLOCK answers (ENOSYS) and without the unknown-call warning, which qemu-user does not
        // print: libuv (node) probes io_uring at start, xz confines itself with Landlock where it can.
        foreach (string name in (string[])["io_uring_setup", "io_uring_enter", "io_uring_register", "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self"])
            t.Add(name, "x,x,x", c => Errno.ENOSYS.Fail());
        t.Add("sethostname", "s,u", c => Errno.EPERM.Fail());
        t.Add("setdomainname", "s,u", c => Errno.EPERM.Fail());
        t.Add("syslog", "i,p,i", c => 0);
    }

    /// <summary>
    /// Stores to code pages already invalidate the decoded and translated code of every hart; a hart running the
    /// process's code now notices at its next dispatch, which may follow a run of linked translations. So, as Linux
    /// sends its IPIs, every other hart running the process is stopped before the call returns, and its engine
    /// re-looks its code up when it resumes. SYS_RISCV_FLUSH_ICACHE_LOCAL (1) flushes only the caller's hart.
    /// </summary>
    private static long FlushInstructionCache(SyscallContext c)
    {
        if ((c.A2 & ~1UL) != 0) return Errno.EINVAL.Fail();
        if ((c.A2 & 1) == 0) c.Kernel.StopOtherHarts(c.Process.Space);
        return 0;
    }

    private static long Uname(SyscallContext c)
    {
        var buffer = new byte[6 * 65];
        string[] fields = [KernelIdentity.SystemName, KernelIdentity.NodeName, KernelIdentity.Release, KernelIdentity.Version, KernelIdentity.Machine, KernelIdentity.DomainName];
        for (int i = 0; i < fields.Length; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(fields[i]);
            bytes.AsSpan(0, Math.Min(64, bytes.Length)).CopyTo(buffer.AsSpan(i * 65));
        }
        return c.Memory.Write(c.A0, buffer) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    /// <summary>struct sysinfo (112 bytes): uptime, loads[3], total/free/shared/buffer ram, swap, procs, high, mem_unit.</summary>
    private static long SysInfo(SyscallContext c)
    {
        var b = new byte[112];
        var s = b.AsSpan();
        var frames = c.Kernel.Frames;
        BitConverter.TryWriteBytes(s, (long)c.Kernel.Clock.Uptime.TotalSeconds);
        c.Kernel.SampleLoad();
        for (int i = 0; i < 3; i++) BitConverter.TryWriteBytes(s[(8 + 8 * i)..], (ulong)c.Kernel.Load[i] << (16 - LoadAverage.FixedShift)); // SI_LOAD_SHIFT
        BitConverter.TryWriteBytes(s[32..], (ulong)frames.Total * 4096);
        BitConverter.TryWriteBytes(s[40..], (ulong)frames.Free * 4096);
        BitConverter.TryWriteBytes(s[80..], (ushort)c.Kernel.Processes.ThreadCount); // Linux's nr_threads
        BitConverter.TryWriteBytes(s[104..], 1u);
        return c.Memory.Write(c.A0, b) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    /// <summary>getrandom: filled a bounded chunk at a time, up to the first bad page (EFAULT when none fits).</summary>
    private static long GetRandom(SyscallContext c)
    {
        const ulong NonBlock = 1, Random = 2, Insecure = 4;
        if ((c.A2 & ~(NonBlock | Random | Insecure)) != 0 || (c.A2 & (Random | Insecure)) == (Random | Insecure)) return Errno.EINVAL.Fail();
        long count = (long)Math.Min(c.A1, (ulong)GuestBuffer.MaxTransfer);
        Span<byte> chunk = stackalloc byte[4096];
        long total = 0;
        while (total < count)
        {
            int want = (int)Math.Min(count - total, chunk.Length);
            Fs.Host.LibC.FillRandom(chunk[..want]);
            int n = c.Memory.WritablePrefix(c.A0 + (ulong)total, want);
            if (n > 0) c.Memory.Write(c.A0 + (ulong)total, chunk[..n]);
            total += n;
            if (n < want) return total > 0 ? total : Errno.EFAULT.Fail();
        }
        return total;
    }
}
