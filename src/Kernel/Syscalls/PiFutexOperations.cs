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
    public static async ValueTask<long> Lock(SyscallContext c, ulong address, ulong key, long deadline, bool tryOnly)
    {
        var kernel = c.Kernel;
        uint self = (uint)c.Thread.Tid;
        while (true)
        {
            if (c.Memory.Read(address, out uint word) != Errno.Success) return Errno.EFAULT.Fail();
            uint owner = word & TidMask;
            if (owner == 0)
            {
                // Free, or its owner died: taken, the owner-died mark kept for the new owner to see.
                uint taken = self | (word & OwnerDied) | (kernel.Futexes.HasLockWaiters(key) ? Waiters : 0);
                return c.Memory.Write(address, taken) == Errno.Success ? 0 : Errno.EFAULT.Fail();
            }
            if (owner == self) return Errno.EDEADLK.Fail();
            if (kernel.Processes.FindThread((int)owner) is null) return Errno.ESRCH.Fail();
            if ((word & Waiters) == 0 && c.Memory.Write(address, word | Waiters) != Errno.Success) return Errno.EFAULT.Fail();
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

    /// <summary>FUTEX_UNLOCK_PI: only the owner may unlock (EPERM); the first waiter becomes the owner.</summary>
    public static long Unlock(SyscallContext c, ulong address, ulong key)
    {
        if (c.Memory.Read(address, out uint word) != Errno.Success) return Errno.EFAULT.Fail();
        if ((word & TidMask) != (uint)c.Thread.Tid) return Errno.EPERM.Fail();
        if (c.Kernel.Futexes.TakeLockWaiter(key) is { } next)
        {
            if (c.Memory.Write(address, (uint)next.Tid | Waiters) != Errno.Success) return Errno.EFAULT.Fail();
            next.Waiter.Wake(WakeReason.Woken);
            return 0;
        }
        return c.Memory.Write(address, 0u) == Errno.Success ? 0 : Errno.EFAULT.Fail();
    }

    /// <summary>
    /// FUTEX_WAIT_REQUEUE_PI: waits on the condition word (EAGAIN if it no longer holds
    /// <paramref name="expected"/>) until FUTEX_CMP_REQUEUE_PI gives it lock <paramref name="lockAddress"/>:
    /// 0 once it owns the lock. FUTEX_WAKE cannot wake it (EINVAL there); a signal restarts the call.
    /// </summary>
    public static async ValueTask<long> WaitRequeue(SyscallContext c, ulong address, uint expected, ulong key, ulong lockAddress, ulong lockKey, long deadline)
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
    /// first FUTEX_WAIT_REQUEUE_PI waiter takes the lock if it is free and wakes; the others, up to
    /// <paramref name="requeueCount"/>, become LOCK_PI waiters of the lock (FUTEX_WAITERS set). Returns how
    /// many were woken or moved.
    /// </summary>
    public static long CmpRequeue(SyscallContext c, ulong address, ulong key, ulong lockAddress, ulong lockKey, int requeueCount, uint expected)
    {
        var futexes = c.Kernel.Futexes;
        if (c.Memory.Read(address, out uint value) != Errno.Success) return Errno.EFAULT.Fail();
        if (value != expected) return Errno.EAGAIN.Fail();
        if (c.Memory.Read(lockAddress, out uint word) != Errno.Success) return Errno.EFAULT.Fail();
        long done = 0;
        if (futexes.TakeRequeueWaiter(key) is { } top)
        {
            if (top.Target != lockKey) { futexes.ReturnRequeueWaiter(key, top); return Errno.EINVAL.Fail(); }
            uint owner = word & TidMask;
            if (owner == (uint)top.Tid) { futexes.ReturnRequeueWaiter(key, top); return Errno.EDEADLK.Fail(); }
            if (owner == 0)
            {
                // The lock is free: the top waiter takes it at once, as Linux's futex_proxy_trylock_atomic.
                word = (uint)top.Tid | (word & OwnerDied) | (futexes.HasRequeueWaiters(key) && requeueCount > 0 || futexes.HasLockWaiters(lockKey) ? Waiters : 0);
                if (c.Memory.Write(lockAddress, word) != Errno.Success) return Errno.EFAULT.Fail();
                top.Waiter.Wake(WakeReason.Woken);
                done++;
            }
            else futexes.ReturnRequeueWaiter(key, top);
        }
        for (int moved = 0; moved < requeueCount && futexes.TakeRequeueWaiter(key) is { } next; moved++)
        {
            if (next.Target != lockKey) { futexes.ReturnRequeueWaiter(key, next); return done > 0 ? done : Errno.EINVAL.Fail(); }
            if ((word & TidMask) != 0 && c.Kernel.Processes.FindThread((int)(word & TidMask)) is null)
            {
                futexes.ReturnRequeueWaiter(key, next);
                return done > 0 ? done : Errno.ESRCH.Fail();
            }
            if ((word & Waiters) == 0)
            {
                word |= Waiters;
                if (c.Memory.Write(lockAddress, word) != Errno.Success) return Errno.EFAULT.Fail();
            }
            futexes.AddLockWaiter(lockKey, next.Waiter, next.Tid);
            done++;
        }
        return done;
    }
}
