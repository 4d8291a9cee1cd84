// What clone and clone3 ask for, in clone3's terms (struct kernel_clone_args).
using RvJit.Kernel.Memory;

namespace RvJit.Kernel.Tasks;

/// <summary>
/// One request for a new thread or process. Legacy clone packs the exit signal into its flags and returns a
/// CLONE_PIDFD descriptor where CLONE_PARENT_SETTID's id would go; clone3 has a field for each.
/// </summary>
public readonly record struct CloneArguments(ulong Flags, int ExitSignal, ulong Stack, ulong ParentTid, ulong ChildTid, ulong Tls,
    ulong PidFd, int SetTid = 0)
{
    /// <summary>clone(flags, stack, parent_tid, tls, child_tid) as riscv64 orders them.</summary>
    public static CloneArguments FromLegacy(ulong flags, ulong stack, ulong parentTid, ulong tls, ulong childTid) =>
        new(flags & ~CloneFlags.ExitSignalMask, (int)(flags & CloneFlags.ExitSignalMask), stack, parentTid, childTid, tls, parentTid);

    /// <summary>Sizes of struct clone_args: version 0, with set_tid (1), with cgroup (2).</summary>
    public const int SizeVersion0 = 64, SizeVersion1 = 80, SizeVersion2 = 88;

    private const ulong LegacyFlags = 0xffff_ffff;
    private const int MaxPidNamespaceLevel = 32;

    /// <summary>
    /// Reads struct clone_args as Linux's copy_clone_args_from_user and clone3_args_valid check it: a size under
    /// version 0's EINVAL, over a page E2BIG, unknown trailing bytes not zero E2BIG, then the fields. The checks of
    /// set_tid's values and of the cgroup descriptor come later, where Linux makes them (alloc_pid, cgroup_css_set_fork).
    /// </summary>
    public static Errno Read(UserMemory memory, ulong address, ulong size, out CloneArguments arguments, out ulong[] setTids, out long cgroup)
    {
        arguments = default;
        setTids = [];
        cgroup = 0;
        if (size > 4096) return Errno.E2BIG;
        if (size < SizeVersion0) return Errno.EINVAL;
        Span<byte> raw = stackalloc byte[(int)size];
        if (memory.Read(address, raw) != Errno.Success) return Errno.EFAULT;
        for (int i = SizeVersion2; i < raw.Length; i++)
            if (raw[i] != 0) return Errno.E2BIG;
        Span<ulong> f = stackalloc ulong[11];
        f.Clear();
        for (int i = 0; i < Math.Min(11, raw.Length / 8); i++) f[i] = BitConverter.ToUInt64(raw.Slice(i * 8, 8));
        ulong flags = f[0], pidfd = f[1], childTid = f[2], parentTid = f[3], exitSignal = f[4], stack = f[5], stackSize = f[6],
            tls = f[7], setTid = f[8], setTidSize = f[9], cgroupFd = f[10];
        if (setTidSize > MaxPidNamespaceLevel) return Errno.EINVAL;
        if (setTid == 0 && setTidSize > 0) return Errno.EINVAL;
        if (setTid != 0 && setTidSize == 0) return Errno.EINVAL;
        if ((exitSignal & ~CloneFlags.ExitSignalMask) != 0 || exitSignal > Signals.Signals.Count) return Errno.EINVAL;
        if ((flags & CloneFlags.IntoCgroup) != 0 && (cgroupFd > int.MaxValue || size < SizeVersion2)) return Errno.EINVAL;
        if (setTidSize > 0)
        {
            setTids = new ulong[setTidSize];
            for (ulong i = 0; i < setTidSize; i++)
                if (memory.Read(setTid + i * 4, out int tid) != Errno.Success) return Errno.EFAULT;
                else setTids[i] = unchecked((ulong)(long)tid);
        }
        // clone3_args_valid. exit_signal is its own field: the low byte of flags must be clear but for CLONE_NEWTIME.
        if ((flags & ~(LegacyFlags | CloneFlags.ClearSighand | CloneFlags.IntoCgroup)) != 0) return Errno.EINVAL;
        if ((flags & (CloneFlags.Detached | (CloneFlags.ExitSignalMask & ~CloneFlags.NewTime))) != 0) return Errno.EINVAL;
        if ((flags & (CloneFlags.Sighand | CloneFlags.ClearSighand)) == (CloneFlags.Sighand | CloneFlags.ClearSighand)) return Errno.EINVAL;
        if ((flags & (CloneFlags.Thread | CloneFlags.Parent)) != 0 && exitSignal != 0) return Errno.EINVAL;
        if (stack == 0 ? stackSize != 0 : stackSize == 0 || !AddressSpace.IsUserRange(stack, stackSize)) return Errno.EINVAL;
        // The stack grows down: the child starts at its top.
        arguments = new CloneArguments(flags, (int)exitSignal, stack == 0 ? 0 : stack + stackSize, parentTid, childTid, tls, pidfd);
        cgroup = (flags & CloneFlags.IntoCgroup) != 0 ? (long)cgroupFd : -1;
        return Errno.Success;
    }
}
