// Priority-inheritance futexes: FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI, FUTEX_UNLOCK_PI.
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
}
