// The robust futex list a thread registered (set_robust_list), walked when the thread ends.
using RvJit.Kernel.Syscalls;
using RvJit.Kernel.Tasks;

namespace RvJit.Kernel;

public sealed partial class LinuxKernel
{
    /// <summary>Linux's ROBUST_LIST_LIMIT: a longer (or circular) list is not followed further.</summary>
    private const int RobustListLimit = 2048;

    /// <summary>
    /// Linux's exit_robust_list: every lock on the list (and the one being taken or released,
    /// list_op_pending) that the thread still owns gets FUTEX_OWNER_DIED with its owner id cleared, and
    /// one waiter is woken to take it over (a FUTEX_WAIT waiter, or a FUTEX_LOCK_PI waiter that then takes
    /// the lock). Entries have the PI flag in bit 0. A list the thread broke is left where it breaks.
    /// </summary>
    internal void ReleaseRobustFutexes(UserThread thread)
    {
        ulong head = thread.RobustListHead;
        if (head == 0) return;
        var memory = thread.Process.Space.Memory;
        if (memory.Read(head, out ulong entry) != Errno.Success || memory.Read(head + 8, out long offset) != Errno.Success ||
            memory.Read(head + 16, out ulong pending) != Errno.Success)
            return;
        for (int i = 0; entry != head && i < RobustListLimit; i++)
        {
            if (memory.Read(entry & ~1UL, out ulong next) != Errno.Success) return;
            // The pending entry is handled last, once.
            if (entry != pending) OwnerDied(thread, (entry & ~1UL) + (ulong)offset, pendingOperation: false);
            entry = next;
        }
        if (pending != 0) OwnerDied(thread, (pending & ~1UL) + (ulong)offset, pendingOperation: true, pi: (pending & 1) != 0);
    }

    // Linux's handle_futex_death. The word is changed by compare-and-swap only while it still names the dying
    // thread: guest code on other harts may be setting FUTEX_WAITERS in it (a robust mutex's contended lock)
    // at the same time, and that bit must survive (its waiter is woken below).
    private void OwnerDied(UserThread thread, ulong address, bool pendingOperation, bool pi = false)
    {
        var space = thread.Process.Space;
        if ((address & 3) != 0) return;
        uint word;
        while (true)
        {
            if (space.Memory.Read(address, out word) != Errno.Success) return;
            // Linux's handle_futex_death wakes as a shared futex: (space, address) in private memory.
            if (!Sync.FutexKey.TryGet(space, address, isPrivate: false, out var pendingKey)) return;
            // A lock the dying thread was about to take but never did: its waiter must not sleep on.
            if (pendingOperation && !pi && word == 0) { Futexes.Wake(pendingKey, 1); return; }
            if ((word & PiFutexOperations.TidMask) != (uint)thread.Tid) return;
            uint died = (word & PiFutexOperations.Waiters) | PiFutexOperations.OwnerDied;
            if (space.Memory.CompareExchange32(address, word, died, out uint observed) != Errno.Success) return;
            if (observed == word) break;
        }
        if ((word & PiFutexOperations.Waiters) == 0) return;
        if (!Sync.FutexKey.TryGet(space, address, isPrivate: false, out var key)) return;
        if (Futexes.TakeLockWaiter(key) is { } lockWaiter) lockWaiter.Waiter.Wake(Sync.WakeReason.Woken);
        else Futexes.Wake(key, 1);
    }
}
