// System V semaphores: semget, semop, semtimedop, semctl.
using System.Runtime.InteropServices;
using RvJit.Kernel.Ipc;
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// Semaphore sets of the kernel's IPC namespace. An operation list applies all or nothing; a list that
/// cannot apply awaits the set's wait queue (counted in GETNCNT/GETZCNT) until a value changes, its timeout
/// (EAGAIN), a signal (EINTR, never restarted) or removal (EIDRM). SEM_UNDO adjustments apply when the
/// process exits. Checks follow ipc/sem.c's order.
/// </summary>
public static class SemaphoreSyscalls
{
    private const int GetPid = 11, GetVal = 12, GetAll = 13, GetNcnt = 14, GetZcnt = 15, SetVal = 16, SetAll = 17,
        SemStat = 18, SemInfo = 19, SemStatAny = 20;

    public static void Register(SyscallTable t)
    {
        t.Add("semget", "i,i,x", SemGet);
        t.Add("semop", "i,p,u", c => SemTimedOp(c, 0));
        t.Add("semtimedop", "i,p,u,p", c => SemTimedOp(c, c.A3));
        t.Add("semctl", "i,i,i,x", SemCtl);
    }

    private static long SemGet(SyscallContext c)
    {
        var credentials = c.Kernel.Credentials;
        int key = (int)c.A0, count = (int)c.A1, flags = (int)c.A2;
        if (count is < 0 or > SemaphoreSet.MaxPerSet) return Errno.EINVAL.Fail();
        return c.Kernel.Ipc.SemaphoreSets.Get(key, flags, credentials,
            existing => existing.Semaphores.Length < count ? Errno.EINVAL : Errno.Success,
            () => count == 0 ? Errno.EINVAL : new SemaphoreSet(key, flags, credentials, count));
    }

    private static async ValueTask<long> SemTimedOp(SyscallContext c, ulong timeoutAddress)
    {
        int id = (int)c.A0;
        ulong count = c.A2;
        if (count < 1 || id < 0) return Errno.EINVAL.Fail();
        if (count > SemaphoreSet.MaxOperations) return Errno.E2BIG.Fail();
        var raw = new byte[(int)count * SemaphoreOperation.Size];
        if (c.Memory.Read(c.A1, raw) != Errno.Success) return Errno.EFAULT.Fail();
        var operations = new SemaphoreOperation[count];
        for (int i = 0; i < operations.Length; i++)
            operations[i] = new SemaphoreOperation(BitConverter.ToUInt16(raw, 6 * i), BitConverter.ToInt16(raw, 6 * i + 2), BitConverter.ToInt16(raw, 6 * i + 4));
        long deadline = 0;
        if (timeoutAddress != 0)
        {
            if (GuestTimespec.Read(c, timeoutAddress, out long ns) is var e && e != Errno.Success) return e.Fail();
            deadline = KernelClock.DeadlineAfter(ns);
            if (deadline == 0) deadline = 1;
        }
        var set = c.Kernel.Ipc.SemaphoreSets.Find(id);
        if (set is null) return Errno.EINVAL.Fail();
        if (operations.Max(o => o.Number) >= set.Semaphores.Length) return Errno.EFBIG.Fail();
        bool alters = operations.Any(o => o.Delta != 0);
        if (!set.Allows(alters ? IpcFlags.WriteAccess : IpcFlags.ReadAccess, c.Kernel.Credentials)) return Errno.EACCES.Fail();

        while (true)
        {
            var result = set.TryApply(operations, c.Process.Pid, out int blockedAt);
            if (result == Errno.Success)
            {
                foreach (var op in operations)
                    if ((op.Flags & SemaphoreOperation.Undo) != 0 && op.Delta != 0) c.Kernel.Ipc.NoteUndo(c.Process, set, op.Number, op.Delta);
                if (alters) set.Changed.WakeAll();
                return 0;
            }
            if (result != Errno.EAGAIN) return result.Fail();
            var blocked = operations[blockedAt];
            if ((blocked.Flags & IpcFlags.NoWait) != 0) return Errno.EAGAIN.Fail();
            bool forZero = blocked.Delta == 0;
            if (forZero) set.Semaphores[blocked.Number].WaitingForZero++;
            else set.Semaphores[blocked.Number].WaitingForIncrease++;
            var reason = await c.Kernel.Wait(c.Thread, set.Changed, deadline);
            if (forZero) set.Semaphores[blocked.Number].WaitingForZero--;
            else set.Semaphores[blocked.Number].WaitingForIncrease--;
            if (set.Removed) return Errno.EIDRM.Fail();
            if (reason == WakeReason.Interrupted) return Errno.EINTR.Fail();
            if (reason == WakeReason.TimedOut) return Errno.EAGAIN.Fail();
        }
    }

    private static long SemCtl(SyscallContext c)
    {
        int id = (int)c.A0, number = (int)c.A1, cmd = (int)c.A2;
        ulong argument = c.A3;
        var ipc = c.Kernel.Ipc;
        var credentials = c.Kernel.Credentials;
        if (id < 0) return Errno.EINVAL.Fail();
        switch (cmd)
        {
            case IpcFlags.Info:
            case SemInfo:
            {
                // struct seminfo: semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem.
                bool usage = cmd == SemInfo;
                int[] info =
                [
                    1024000000, SemaphoreSet.MaxSets, SemaphoreSet.MaxSets * SemaphoreSet.MaxPerSet, 1024000000,
                    SemaphoreSet.MaxPerSet, SemaphoreSet.MaxOperations, SemaphoreSet.MaxOperations, usage ? ipc.SemaphoreSets.Count : 20,
                    SemaphoreSet.MaxValue, usage ? ipc.SemaphoreSets.All.Sum(s => s.Semaphores.Length) : SemaphoreSet.MaxValue,
                ];
                if (c.Memory.Write(argument, MemoryMarshal.AsBytes(info.AsSpan())) != Errno.Success) return Errno.EFAULT.Fail();
                return ipc.SemaphoreSets.HighestIndex;
            }
            case IpcFlags.Stat:
            case SemStat:
            case SemStatAny:
            {
                var set = cmd == IpcFlags.Stat ? ipc.SemaphoreSets.Find(id) : ipc.SemaphoreSets.AtIndex(id);
                if (set is null) return Errno.EINVAL.Fail();
                if (cmd != SemStatAny && !set.Allows(IpcFlags.ReadAccess, credentials)) return Errno.EACCES.Fail();
                if (c.Memory.Write(argument, set.ToBytes()) != Errno.Success) return Errno.EFAULT.Fail();
                return cmd == IpcFlags.Stat ? 0 : set.Id;
            }
            case SetVal:
            {
                int value = (int)argument;
                if (value is < 0 or > SemaphoreSet.MaxValue) return Errno.ERANGE.Fail();
                var set = ipc.SemaphoreSets.Find(id);
                if (set is null) return Errno.EINVAL.Fail();
                if (number < 0 || number >= set.Semaphores.Length) return Errno.EINVAL.Fail();
                if (!set.Allows(IpcFlags.WriteAccess, credentials)) return Errno.EACCES.Fail();
                ipc.ClearUndo(set, number);
                set.Semaphores[number].Value = value;
                set.Semaphores[number].LastPid = c.Process.Pid;
                set.ChangeTime = IpcObject.Now;
                set.Changed.WakeAll();
                return 0;
            }
            case GetPid:
            case GetVal:
            case GetAll:
            case GetNcnt:
            case GetZcnt:
            case SetAll:
            {
                var set = ipc.SemaphoreSets.Find(id);
                if (set is null) return Errno.EINVAL.Fail();
                if (!set.Allows(cmd == SetAll ? IpcFlags.WriteAccess : IpcFlags.ReadAccess, credentials)) return Errno.EACCES.Fail();
                var sems = set.Semaphores;
                if (cmd == GetAll)
                {
                    var values = sems.Select(s => (ushort)s.Value).ToArray();
                    return c.Memory.Write(argument, MemoryMarshal.AsBytes(values.AsSpan())) == Errno.Success ? 0 : Errno.EFAULT.Fail();
                }
                if (cmd == SetAll)
                {
                    var values = new ushort[sems.Length];
                    if (c.Memory.Read(argument, MemoryMarshal.AsBytes(values.AsSpan())) != Errno.Success) return Errno.EFAULT.Fail();
                    if (values.Any(v => v > SemaphoreSet.MaxValue)) return Errno.ERANGE.Fail();
                    ipc.ClearUndo(set, null);
                    for (int i = 0; i < sems.Length; i++) { sems[i].Value = values[i]; sems[i].LastPid = c.Process.Pid; }
                    set.ChangeTime = IpcObject.Now;
                    set.Changed.WakeAll();
                    return 0;
                }
                if (number < 0 || number >= sems.Length) return Errno.EINVAL.Fail();
                return cmd switch
                {
                    GetPid => sems[number].LastPid,
                    GetVal => sems[number].Value,
                    GetNcnt => sems[number].WaitingForIncrease,
                    _ => sems[number].WaitingForZero,
                };
            }
            case IpcFlags.Set:
            {
                var requested = new byte[SemaphoreSet.StructSize];
                if (c.Memory.Read(argument, requested) != Errno.Success) return Errno.EFAULT.Fail();
                var set = ipc.SemaphoreSets.Find(id);
                if (set is null) return Errno.EINVAL.Fail();
                if (!set.IsControlledBy(credentials)) return Errno.EPERM.Fail();
                set.ReadPermissions(requested);
                return 0;
            }
            case IpcFlags.Remove:
            {
                var set = ipc.SemaphoreSets.Find(id);
                if (set is null) return Errno.EINVAL.Fail();
                if (!set.IsControlledBy(credentials)) return Errno.EPERM.Fail();
                ipc.SemaphoreSets.Remove(set);
                set.Changed.WakeAll();
                return 0;
            }
            default:
                return Errno.EINVAL.Fail();
        }
    }
}
