// Priority-inheritance futexes: FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI, FUTEX_UNLOCK_PI,
// FUTEX_WAIT_REQUEUE_PI, FUTEX_CMP_REQUEUE_PI.
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// The lock word holds the owner's thread id, FUTEX_WAITERS when threads wait in the kernel, and
/// FUTEX_OWNER_DIED after its owner died holding it (robust lists). User space takes and releases an
/// uncontended lock itself; the kernel is asked when the word is taken (lock: wait for a hand-off) or has
/// waiters (unlock: hand the lock to the first waiter, its id written into the word). Every guest thread
/// has the same priority, so there is nothing to inherit: waiters are served in arrival order.
/// </summary>
public static class PiFutexOperations
{
    public const uint Waiters = 0x8000_0000, OwnerDied = 0x4000_0000, TidMask = 0x3fff_ffff;

    /// <summary>
    /// FUTEX_LOCK_PI / LOCK_PI2 (and TRYLOCK_PI with <paramref name="tryOnly"/>). A signal while waiting
    /// runs its handler and the call starts again (Linux's ERESTARTNOINTR: never EINTR).
    /// </summary>
    public static async ValueTask<long> Lock(SyscallContext c, ulong address, FutexKey key, long deadline, bool tryOnly)
    {
        var kernel = c.Kernel;
        uint self = (uint)c.Thread.Tid;
        while (true)
        {
            // Linux's futex_lock_pi_atomic: decide from one read of the word, then change it by compare-and-swap
            // only; a word guest code changed meanwhile (its owner unlocking on another hart) is read again.
            if (c.Memory.Read(address, out uint word) != Errno.Success) return Errno.EFAULT.Fail();
            uint owner = word & TidMask;
            if (owner == self) return Errno.EDEADLK.Fail();
            if (owner == 0)
            {
                // Free, or its owner died: taken, the owner-died mark kept for the new owner to see.
                uint taken = self | (word & OwnerDied) | (kernel.Futexes.HasLockWaiters(key) ? Waiters : 0);
                switch (Swap(c, address, word, taken))
                {
                    case Errno.Success: return 0;
                    case Errno.EAGAIN: continue;
                    default: return Errno.EFAULT.Fail();
                }
            }
            // FUTEX_WAITERS first, so the owner's unlock comes to the kernel; then the owner must exist (as Linux,
            // the bit stays set when it does not).
            if ((word & Waiters) == 0)
            {
                Errno e = Swap(c, address, word, word | Waiters);
                if (e == Errno.EAGAIN) continue;
                if (e != Errno.Success) return Errno.EFAULT.Fail();
            }
            if (kernel.Processes.FindThread((int)owner) is null) return Errno.ESRCH.Fail();
            if (tryOnly) return Errno.EAGAIN.Fail();

            var waiter = kernel.CreateWaiter(deadline);
            kernel.Futexes.AddLockWaiter(key, waiter, c.Thread.Tid);
            switch (await kernel.Block(c.Thread, waiter))
            {
                case WakeReason.TimedOut:
                    return Errno.ETIMEDOUT.Fail();
                case WakeReason.Interrupted:
                    c.KeepRegisters = true; // a0 still holds uaddr: the ecall runs again after the handler
                    c.Thread.Pc -= 4;
                    return 0;
            }
            // Woken: by a hand-off (the word names us now) or by the owner's death (try again).
            if (c.Memory.Read(address, out word) == Errno.Success && (word & TidMask) == self) return 0;
        }
    }

    /// <summary>
    /// FUTEX_UNLOCK_PI: only the owner may unlock (EPERM); the first waiter becomes the owner. As Linux's
    /// futex_unlock_pi: the hand-off to a waiter retries when the word changed under it; the release with no
    /// waiter is one compare-and-swap to 0, EAGAIN (user space sorts it out) when the word changed.
    /// </summary>
    public static long Unlock(SyscallContext c, ulong address, FutexKey key)
    {
        while (true)
        {
            if (c.Memory.Read(address, out uint word) != Errno.Success) return Errno.EFAULT.Fail();
            if ((word & TidMask) != (uint)c.Thread.Tid) return Errno.EPERM.Fail();
            if (c.Kernel.Futexes.TakeLockWaiter(key) is not { } next)
                return Swap(c, address, word, 0) switch
                {
                    Errno.Success => 0,
                    Errno.EAGAIN => Errno.EAGAIN.Fail(),
                    _ => Errno.EFAULT.Fail(),
                };
            Errno e = Swap(c, address, word, (uint)next.Tid | Waiters);
            if (e != Errno.Success) c.Kernel.Futexes.ReturnLockWaiter(key, next);
            if (e == Errno.EAGAIN) continue;
            if (e != Errno.Success) return Errno.EFAULT.Fail();
            next.Waiter.Wake(WakeReason.Woken);
            return 0;
        }
    }

    /// <summary>
    /// Linux's cmpxchg_futex_value_locked as the PI code uses it: Success when the word held
    /// <paramref name="seen"/> and now holds <paramref name="value"/>; EAGAIN when guest code changed it
    /// since it was read (the caller decides again); EFAULT.
    /// </summary>
    internal static Errno Swap(SyscallContext c, ulong address, uint seen, uint value)
    {
        Errno e = c.Memory.CompareExchange32(address, seen, value, out uint observed);
        if (e != Errno.Success) return Errno.EFAULT;
        return observed == seen ? Errno.Success : Errno.EAGAIN;
    }

    /// <summary>
    /// FUTEX_WAIT_REQUEUE_PI: waits on the condition word (EAGAIN if it no longer holds
    /// <paramref name="expected"/>) until FUTEX_CMP_REQUEUE_PI gives it lock <paramref name="lockAddress"/>:
    /// 0 once it owns the lock. FUTEX_WAKE cannot wake it (EINVAL there); a signal restarts the call.
    /// </summary>
    public static async ValueTask<long> WaitRequeue(SyscallContext c, ulong address, uint expected, FutexKey key, ulong lockAddress, FutexKey lockKey, long deadline)
    {
        var kernel = c.Kernel;
        if (c.Memory.Read(address, out uint value) != Errno.Success) return Errno.EFAULT.Fail();
        if (value != expected) return Errno.EAGAIN.Fail();
        var waiter = kernel.CreateWaiter(deadline);
        kernel.Futexes.AddRequeueWaiter(key, waiter, c.Thread.Tid, lockKey);
        switch (await kernel.Block(c.Thread, waiter))
        {
            case WakeReason.TimedOut:
                return Errno.ETIMEDOUT.Fail();
            case WakeReason.Interrupted:
                c.KeepRegisters = true;
                c.Thread.Pc -= 4;
                return 0;
        }
        if (c.Memory.Read(lockAddress, out uint word) == Errno.Success && (word & TidMask) == (uint)c.Thread.Tid) return 0;
        return Errno.EAGAIN.Fail();
    }

    /// <summary>
    /// FUTEX_CMP_REQUEUE_PI: if the condition word still holds <paramref name="expected"/> (else EAGAIN), the
    /// first FUTEX_WAIT_REQUEUE_PI waiter (the one Linux's nr_wake of 1 wakes) takes the lock if it is free and
    /// wakes, or else becomes a LOCK_PI waiter of it; up to <paramref name="requeueCount"/> others become LOCK_PI
    /// waiters too (FUTEX_WAITERS set). Returns how many were woken or moved.
    /// </summary>
    public static long CmpRequeue(SyscallContext c, ulong address, FutexKey key, ulong lockAddress, FutexKey lockKey, int requeueCount, uint expected)
    {
        var futexes = c.Kernel.Futexes;
        if (c.Memory.Read(address, out uint value) != Errno.Success) return Errno.EFAULT.Fail();
        if (value != expected) return Errno.EAGAIN.Fail();
        long done = 0;
        long toMove = requeueCount; // long: one more than int.MaxValue can be asked for
        if (futexes.TakeRequeueWaiter(key) is { } top)
        {
            if (top.Target != lockKey) { futexes.ReturnRequeueWaiter(key, top); return Errno.EINVAL.Fail(); }
            // Linux's futex_proxy_trylock_atomic: the top waiter takes a free lock at once (FUTEX_WAITERS set
            // when others may be moved onto it); a held lock gets FUTEX_WAITERS. Decided from one read, changed
            // by compare-and-swap; a word guest code changed meanwhile is read again.
            while (true)
            {
                if (c.Memory.Read(lockAddress, out uint word) != Errno.Success) { futexes.ReturnRequeueWaiter(key, top); return Errno.EFAULT.Fail(); }
                uint owner = word & TidMask;
                if (owner == (uint)top.Tid) { futexes.ReturnRequeueWaiter(key, top); return Errno.EDEADLK.Fail(); }
                uint updated = owner == 0 ? (uint)top.Tid | (word & OwnerDied) | (requeueCount > 0 || futexes.HasLockWaiters(lockKey) ? Waiters : 0)
                    : word | Waiters;
                Errno e = updated == word ? Errno.Success : Swap(c, lockAddress, word, updated);
                if (e == Errno.EAGAIN) continue;
                if (e != Errno.Success) { futexes.ReturnRequeueWaiter(key, top); return Errno.EFAULT.Fail(); }
                if (owner == 0)
                {
                    top.Waiter.Wake(WakeReason.Woken);
                    done++;
                }
                else
                {
                    // It waits for the lock: moved with the others, in addition to them (as Linux).
                    futexes.ReturnRequeueWaiter(key, top);
                    toMove++;
                }
                break;
            }
        }
        for (int moved = 0; moved < toMove && futexes.TakeRequeueWaiter(key) is { } next; moved++)
        {
            if (next.Target != lockKey) { futexes.ReturnRequeueWaiter(key, next); return done > 0 ? done : Errno.EINVAL.Fail(); }
            if (c.Memory.Read(lockAddress, out uint word) != Errno.Success) { futexes.ReturnRequeueWaiter(key, next); return done > 0 ? done : Errno.EFAULT.Fail(); }
            if ((word & TidMask) != 0 && c.Kernel.Processes.FindThread((int)(word & TidMask)) is null)
            {
                futexes.ReturnRequeueWaiter(key, next);
                return done > 0 ? done : Errno.ESRCH.Fail();
            }
            // Set above already; should the guest have cleared it, set again by an atomic OR (a concurrent guest
            // update of the word is kept).
            if ((word & Waiters) == 0 && c.Memory.Update32(lockAddress, w => w | Waiters, out _) != Errno.Success)
            {
                futexes.ReturnRequeueWaiter(key, next);
                return done > 0 ? done : Errno.EFAULT.Fail();
            }
            futexes.AddLockWaiter(lockKey, next.Waiter, next.Tid);
            done++;
        }
        return done;
    }
}
