// A System V semaphore set: an array of counters changed by all-or-nothing operation lists (semop).
using System.Runtime.InteropServices;
using RvJit.Kernel.Sync;

namespace RvJit.Kernel.Ipc;

/// <summary>One semaphore: its value, the pid of the last operation, and how many wait on it.</summary>
public struct Semaphore
{
    public int Value;
    public int LastPid;
    /// <summary>Threads waiting for the value to grow (GETNCNT) or to reach zero (GETZCNT).</summary>
    public int WaitingForIncrease, WaitingForZero;
}

/// <summary>One operation of a semop list (struct sembuf: sem_num, sem_op, sem_flg, each 16 bits).</summary>
public readonly record struct SemaphoreOperation(ushort Number, short Delta, short Flags)
{
    public const int Size = 6;
    public const short Undo = 0x1000;
}

/// <summary>One set. Operations wait on <see cref="Changed"/>, woken by every change of a value and by removal.</summary>
public sealed class SemaphoreSet : IpcObject
{
    /// <summary>Linux's SEMMSL (semaphores a set), SEMOPM (operations a call), SEMVMX (largest value), SEMMNI (sets).</summary>
    public const int MaxPerSet = 32000, MaxOperations = 500, MaxValue = 32767, MaxSets = 32000;
    public const int StructSize = 88;

    public SemaphoreSet(int key, int mode, Credentials credentials, int count) : base(key, mode, credentials) =>
        Semaphores = new Semaphore[count];

    public Semaphore[] Semaphores { get; }
    public long OperationTime;
    public WaitQueue Changed { get; } = new();

    /// <summary>
    /// Applies every operation or none (Linux's perform_atomic_semop). Returns Success, ERANGE (a value
    /// would pass SEMVMX), or EAGAIN with the index of the operation that has to wait.
    /// </summary>
    public Errno TryApply(ReadOnlySpan<SemaphoreOperation> operations, int pid, out int blockedAt)
    {
        blockedAt = -1;
        var saved = new int[operations.Length];
        for (int i = 0; i < operations.Length; i++)
        {
            var op = operations[i];
            ref var sem = ref Semaphores[op.Number];
            saved[i] = sem.Value;
            int result = sem.Value + op.Delta;
            Errno failure = Errno.Success;
            if (op.Delta == 0 && sem.Value != 0) failure = Errno.EAGAIN;
            else if (result < 0) failure = Errno.EAGAIN;
            else if (result > MaxValue) failure = Errno.ERANGE;
            if (failure != Errno.Success)
            {
                for (int j = i - 1; j >= 0; j--) Semaphores[operations[j].Number].Value = saved[j];
                if (failure == Errno.EAGAIN) blockedAt = i;
                return failure;
            }
            sem.Value = result;
        }
        foreach (var op in operations) Semaphores[op.Number].LastPid = pid;
        OperationTime = Now;
        return Errno.Success;
    }

    /// <summary>struct semid64_ds.</summary>
    public byte[] ToBytes()
    {
        var b = new byte[StructSize];
        var s = b.AsSpan();
        WritePermissions(s);
        MemoryMarshal.Write(s[48..], OperationTime);
        MemoryMarshal.Write(s[56..], ChangeTime);
        MemoryMarshal.Write(s[64..], (ulong)Semaphores.Length);
        return b;
    }
}
