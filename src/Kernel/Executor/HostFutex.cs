// A host futex word: how an idle worker sleeps until new work or a timer's deadline, to the microsecond.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RvJit.Kernel.Executor;

/// <summary>
/// A 32-bit word that threads sleep on until it changes (Linux's futex, private to the process). The executor's idle
/// workers sleep here until a timer's deadline: .NET's own waits (Monitor.Wait, events, Thread.Sleep) take whole
/// milliseconds and truncate, so a worker waiting for a deadline under a millisecond away woke at once and spun
/// through the run loop, the kernel lock and the run queue's gate until it came (see <see cref="FifoTaskQueue"/>).
/// Other hosts than Linux on x86-64, arm64 or riscv64 wait on a monitor, the timeout rounded up to whole milliseconds.
/// </summary>
internal sealed unsafe partial class HostFutex
{
    // Pinned: the host kernel keys the sleepers by the word's address.
    private readonly int[] word = GC.AllocateArray<int>(1, pinned: true);
    private readonly long syscallNumber = FutexSyscall();
    private readonly object fallback = new();

    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);
    private const int FutexWaitPrivate = 0 | 128, FutexWakePrivate = 1 | 128;

    private int* Address => (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(word));

    /// <summary>The word's value now: read before deciding to sleep, passed to <see cref="Wait"/>.</summary>
    public int Value => Volatile.Read(ref word[0]);

    /// <summary>Changes the word, so that a thread about to sleep on the value it read does not.</summary>
    public void Bump() => Interlocked.Increment(ref word[0]);

    /// <summary>Sleeps while the word still holds <paramref name="seen"/>, until a wake or <paramref name="timeout"/>
    /// (infinite: no deadline). May return early (a signal, a spurious wake): callers check their condition again.</summary>
    public void Wait(int seen, TimeSpan timeout)
    {
        // A guest's far deadline (a sleep of years) waits in steps: the caller checks and waits again.
        if (timeout != Timeout.InfiniteTimeSpan && timeout > LongestWait) timeout = LongestWait;
        if (syscallNumber < 0)
        {
            lock (fallback)
            {
                if (Value != seen) return;
                if (timeout == Timeout.InfiniteTimeSpan) Monitor.Wait(fallback);
                else Monitor.Wait(fallback, TimeSpan.FromMilliseconds(Math.Ceiling(timeout.TotalMilliseconds)));
            }
            return;
        }
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            Syscall(syscallNumber, Address, FutexWaitPrivate, seen, null);
            return;
        }
        long ns = timeout.Ticks * 100;
        var relative = new TimeSpec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
        Syscall(syscallNumber, Address, FutexWaitPrivate, seen, &relative);
    }

    /// <summary>Wakes up to <paramref name="count"/> threads sleeping on the word (after a <see cref="Bump"/>).</summary>
    public void Wake(int count)
    {
        if (syscallNumber < 0)
        {
            lock (fallback)
            {
                if (count == 1) Monitor.Pulse(fallback);
                else Monitor.PulseAll(fallback);
            }
            return;
        }
        Syscall(syscallNumber, Address, FutexWakePrivate, count, null);
    }

    private struct TimeSpec
    {
        public long Seconds, Nanoseconds;
    }

    private static long FutexSyscall()
    {
        if (!OperatingSystem.IsLinux()) return -1;
        return RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 202,
            Architecture.Arm64 or Architecture.RiscV64 => 98,
            _ => -1,
        };
    }

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number, int* address, int op, int value, TimeSpec* timeout);
}
