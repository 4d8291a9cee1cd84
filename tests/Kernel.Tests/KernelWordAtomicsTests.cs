// The kernel's read-modify-writes of guest words are host compare-and-swaps: UserMemory's atomics, and the
// futex code using them while another host thread (standing in for guest code on another hart) updates the word.
using Stopwatch = System.Diagnostics.Stopwatch;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Syscalls;
using RvJit.Kernel.Tasks;
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;

namespace RvJit.Kernel.Tests;

public sealed unsafe class KernelWordAtomicsTests : IDisposable
{
    private const int FutexSyscall = 98, WakeOp = 5, TrylockPi = 8, Private = 128;
    private const uint Waiters = PiFutexOperations.Waiters, OwnerDied = PiFutexOperations.OwnerDied;

    private readonly PhysicalMemory ram = new(0x8000_0000, 16UL << 20);
    private readonly FrameAllocator frames;

    public KernelWordAtomicsTests() => frames = new FrameAllocator(ram);

    public void Dispose() => ram.Dispose();

    private AddressSpace NewSpace(out ulong at, Protection protection = Protection.Read | Protection.Write)
    {
        var space = new AddressSpace(frames);
        at = (ulong)space.Map(0, 2 * Page.Size, protection, MapOptions.None, MapBacking.Anonymous());
        return space;
    }

    [Fact]
    public void Rule_compare_exchange_stores_only_when_the_word_holds_the_expected_value_and_reports_what_it_held()
    {
        using var space = NewSpace(out ulong at);
        // A page never touched: faulted in (zero) as a guest store would.
        Assert.Equal(Errno.Success, space.Memory.CompareExchange32(at + 8, 0, 17, out uint observed));
        Assert.Equal(0u, observed);
        space.Memory.Read(at + 8, out uint now);
        Assert.Equal(17u, now);

        Assert.Equal(Errno.Success, space.Memory.CompareExchange32(at + 8, 5, 99, out observed));
        Assert.Equal(17u, observed);
        space.Memory.Read(at + 8, out now);
        Assert.Equal(17u, now);

        Assert.Equal(Errno.Success, space.Memory.CompareExchange32(at + 8, 17, 0xdead_beef, out observed));
        Assert.Equal(17u, observed);
        space.Memory.Read(at + 8, out now);
        Assert.Equal(0xdead_beefu, now);
        space.Memory.Read(at + 12, out uint neighbour);
        Assert.Equal(0u, neighbour);
    }

    [Fact]
    public void Rule_atomic_word_accesses_give_EINVAL_when_misaligned_and_EFAULT_where_the_guest_cannot_store()
    {
        using var space = NewSpace(out ulong at);
        using var readOnly = NewSpace(out ulong ro, Protection.Read);
        foreach (ulong misaligned in new[] { at + 1, at + 2, at + 3, at + Page.Size - 2 })
        {
            Assert.Equal(Errno.EINVAL, space.Memory.CompareExchange32(misaligned, 0, 1, out _));
            Assert.Equal(Errno.EINVAL, space.Memory.Update32(misaligned, w => w + 1, out _));
        }
        foreach (ulong bad in new[] { 0UL, 16UL, at + 2 * Page.Size, MemoryLayout.UserLimit + 8 })
        {
            Assert.Equal(Errno.EFAULT, space.Memory.CompareExchange32(bad, 0, 1, out _));
            Assert.Equal(Errno.EFAULT, space.Memory.Update32(bad, w => w + 1, out _));
        }
        Assert.Equal(Errno.EFAULT, readOnly.Memory.CompareExchange32(ro, 0, 1, out _));
        Assert.Equal(Errno.EFAULT, readOnly.Memory.Update32(ro, w => w + 1, out _));
        readOnly.Memory.Read(ro, out uint untouched);
        Assert.Equal(0u, untouched);
    }

    [Fact]
    public void Rule_update_applies_the_operation_and_returns_the_old_value()
    {
        using var space = NewSpace(out ulong at);
        space.Memory.Write(at, 0xf0u);
        Assert.Equal(Errno.Success, space.Memory.Update32(at, w => w ^ 0xffu, out uint old));
        Assert.Equal(0xf0u, old);
        Assert.Equal(Errno.Success, space.Memory.Update32(at, w => w + 1, out old));
        Assert.Equal(0x0fu, old);
        space.Memory.Read(at, out uint now);
        Assert.Equal(0x10u, now);
    }

    [Fact]
    public void Rule_an_atomic_store_breaks_copy_on_write_and_leaves_the_other_process_alone()
    {
        using var parent = NewSpace(out ulong at);
        parent.Memory.Write(at, 7u);
        using var child = parent.Fork();
        Assert.Equal(Errno.Success, child.Memory.CompareExchange32(at, 7, 8, out uint observed));
        Assert.Equal(7u, observed);
        Assert.Equal(Errno.Success, child.Memory.Update32(at + 4, w => w + 3, out _));
        parent.Memory.Read(at, out uint p0); parent.Memory.Read(at + 4, out uint p1);
        child.Memory.Read(at, out uint c0); child.Memory.Read(at + 4, out uint c1);
        Assert.Equal((7u, 0u), (p0, p1));
        Assert.Equal((8u, 3u), (c0, c1));
        Assert.NotEqual(parent.Table.Lookup(at).Frame, child.Table.Lookup(at).Frame);
    }

    [Fact]
    public void Rule_an_atomic_store_into_a_code_page_invalidates_its_decoded_code()
    {
        using var space = NewSpace(out ulong at, Protection.Read | Protection.Write | Protection.Execute);
        space.Memory.Write(at, 0L);
        space.TryGetPhysical(at, out ulong pa);
        ram.MarkCode(pa);
        ulong? invalidated = null;
        ram.CodePageWritten += p => invalidated = p;
        Assert.Equal(Errno.Success, space.Memory.CompareExchange32(at + 4, 0, 1, out _));
        Assert.Equal(pa & ~Page.OffsetMask, invalidated);
    }

    /// <summary>Another host thread increments the word with host atomics (a guest AMO on another hart) while
    /// the kernel adds to it: a read-then-write in the kernel would lose some of the other thread's increments.</summary>
    [Fact]
    public void Rule_update_loses_no_concurrent_host_atomic_update()
    {
        using var space = NewSpace(out ulong at);
        uint* word = (uint*)space.Translate(at, Access.Store);
        const int Each = 300_000;
        using var other = new Incrementer(word);
        for (int i = 0; i < Each; i++) Assert.Equal(Errno.Success, space.Memory.Update32(at, w => w + 1, out _));
        uint theirs = other.Stop();
        Assert.True(theirs > 0);
        Assert.Equal(Each + theirs, Volatile.Read(ref *word));
    }

    /// <summary>A host thread incrementing a word with host atomics until stopped (a guest AMO loop on another hart).</summary>
    private sealed class Incrementer : IDisposable
    {
        private readonly Thread thread;
        private volatile bool stop;
        private uint count;

        public Incrementer(uint* word)
        {
            nint address = (nint)word;
            thread = new Thread(() =>
            {
                while (!stop) { Interlocked.Increment(ref *(uint*)address); count++; }
            }) { IsBackground = true };
            thread.Start();
        }

        /// <summary>Stops the thread; how many increments it made.</summary>
        public uint Stop()
        {
            stop = true;
            thread.Join();
            return count;
        }

        public void Dispose() => Stop();
    }

    // ---- The futex code, with a second host thread changing the word as guest code would ----

    private sealed class Guest : IDisposable
    {
        public readonly LinuxKernel Kernel = new(new KernelSettings { RamSize = 16UL << 20 });
        public readonly Process Process;
        public readonly ulong Base;

        public Guest()
        {
            Process = new Process(Kernel, Kernel.Processes.AllocateId(), Kernel.CreateAddressSpace(), new FdTable());
            Kernel.Processes.Add(Process);
            Base = (ulong)Process.Space.Map(0, Page.Size, Protection.Read | Protection.Write, MapOptions.None, MapBacking.Anonymous());
        }

        public UserThread NewThread()
        {
            var t = new UserThread(Kernel.Processes.AllocateId(), Process);
            Process.Threads.Add(t);
            Kernel.Processes.Add(t);
            return t;
        }

        public uint* Word(ulong va) => (uint*)Process.Space.Translate(va, Access.Store);

        /// <summary>A futex call that completes without blocking (TRYLOCK_PI, WAKE_OP).</summary>
        public long Futex(UserThread thread, ulong address, int op, ulong val, ulong val2, ulong address2, ulong val3)
        {
            var c = new SyscallContext(Kernel, thread) { Number = FutexSyscall, A0 = address, A1 = (ulong)op, A2 = val, A3 = val2, A4 = address2, A5 = val3 };
            var pending = Kernel.Syscalls[FutexSyscall]!.Handler(c);
            Assert.True(pending.IsCompleted, "the call was expected not to block");
            return pending.Result;
        }

        public void Dispose() => Kernel.Dispose();
    }

    /// <summary>
    /// Rounds of a race between the kernel (this thread) and a guest thread on "another hart" (a host thread
    /// that, from a random moment after the round starts, tries <paramref name="guestStep"/> until the round
    /// ends; it returns whether its update took). <paramref name="check"/> gets the kernel's answer and whether
    /// the guest's update took, and returns a description of a broken outcome or null. Bounded in rounds and time.
    /// </summary>
    private static void Race(Action setUp, Func<bool> guestStep, Func<long> kernelStep, Func<long, bool, string?> check)
    {
        int round = 0, roundEnded = 0, acknowledged = 0, guestTook = 0;
        bool stop = false;
        var guest = new Thread(() =>
        {
            var random = new Random(1);
            int seen = 0;
            while (!Volatile.Read(ref stop))
            {
                int r = Volatile.Read(ref round);
                if (r == seen) { Thread.SpinWait(4); continue; }
                long until = Stopwatch.GetTimestamp() + random.Next(0, (int)(Stopwatch.Frequency / 250_000)); // up to 4 µs
                while (Stopwatch.GetTimestamp() < until) { }
                bool took = false;
                while (Volatile.Read(ref roundEnded) != r) if (!took) took = guestStep();
                Volatile.Write(ref guestTook, took ? 1 : 0);
                Volatile.Write(ref acknowledged, r);
                seen = r;
            }
        }) { IsBackground = true };
        guest.Start();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        int rounds = 0;
        try
        {
            for (int r = 1; r <= 20_000 && clock.ElapsedMilliseconds < 4000 && failures.Count < 5; r++, rounds++)
            {
                setUp();
                Volatile.Write(ref round, r);
                long result = kernelStep();
                Volatile.Write(ref roundEnded, r);
                var wait = new SpinWait();
                while (Volatile.Read(ref acknowledged) != r) wait.SpinOnce();
                if (check(result, Volatile.Read(ref guestTook) == 1) is { } broken) failures.Add($"round {r}: {broken}");
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            guest.Join();
        }
        Assert.True(failures.Count == 0, $"{failures.Count} broken outcomes in {rounds} rounds: {string.Join("; ", failures)}");
    }

    /// <summary>
    /// TRYLOCK_PI by B on a lock A owns while A unlocks it in user space (compare-and-swap A -> 0, which fails
    /// once FUTEX_WAITERS is set). Either A unlocked first and B owns the lock, or the kernel set FUTEX_WAITERS
    /// first and A's unlock must come to the kernel: never EAGAIN with A's unlock done (a lock nobody releases).
    /// </summary>
    [Fact]
    public void Rule_PI_trylock_never_loses_the_owners_concurrent_unlock()
    {
        using var g = new Guest();
        var a = g.NewThread();
        var b = g.NewThread();
        ulong address = g.Base + 64;
        uint* word = g.Word(address);
        uint ownerA = (uint)a.Tid, ownerB = (uint)b.Tid;
        Race(
            setUp: () => Volatile.Write(ref *word, ownerA),
            guestStep: () => Interlocked.CompareExchange(ref *word, 0, ownerA) == ownerA,
            kernelStep: () => g.Futex(b, address, TrylockPi | Private, 0, 0, 0, 0),
            check: (result, unlocked) =>
            {
                uint now = Volatile.Read(ref *word);
                if (result == 0) return now == ownerB && unlocked ? null : $"B took it, word 0x{now:x}, A unlocked {unlocked}";
                if (result == -(long)Errno.EAGAIN) return now == (ownerA | Waiters) && !unlocked ? null : $"EAGAIN, word 0x{now:x}, A unlocked {unlocked}";
                return $"result {result}";
            });
    }

    /// <summary>
    /// A thread dies owning a robust lock while another thread sets FUTEX_WAITERS in it from user space (glibc's
    /// contended robust lock). The word ends with FUTEX_OWNER_DIED, and with FUTEX_WAITERS exactly when that
    /// update took: a lost bit would leave its waiter asleep forever.
    /// </summary>
    [Fact]
    public void Rule_robust_list_owner_death_keeps_a_concurrently_set_waiters_bit()
    {
        using var g = new Guest();
        var dying = g.NewThread();
        ulong head = g.Base, entry = g.Base + 64;
        const long Offset = 16;
        var memory = g.Process.Space.Memory;
        memory.Write(head, entry);
        memory.Write(head + 8, Offset);
        memory.Write(head + 16, 0UL);
        memory.Write(entry, head);
        dying.RobustListHead = head;
        uint* word = g.Word(entry + Offset);
        uint owner = (uint)dying.Tid;
        Race(
            setUp: () => Volatile.Write(ref *word, owner),
            guestStep: () => Interlocked.CompareExchange(ref *word, owner | Waiters, owner) == owner,
            kernelStep: () => { g.Kernel.ReleaseRobustFutexes(dying); return 0; },
            check: (_, waiterArrived) =>
            {
                uint now = Volatile.Read(ref *word);
                uint expected = OwnerDied | (waiterArrived ? Waiters : 0);
                return now == expected ? null : $"word 0x{now:x}, expected 0x{expected:x}";
            });
    }

    /// <summary>FUTEX_WAKE_OP's FUTEX_OP_ADD on a word another thread increments atomically at the same time
    /// (a guest AMO on another hart): no increment of either is lost.</summary>
    [Fact]
    public void Rule_FUTEX_WAKE_OP_updates_the_second_word_atomically()
    {
        using var g = new Guest();
        var t = g.NewThread();
        ulong first = g.Base, second = g.Base + 64;
        uint* word = g.Word(second);
        const int Each = 100_000;
        // op ADD 1, cmp EQ 0xfff (never true for these small values: nothing else to wake).
        const uint AddOne = (1u << 28) | (1u << 12);
        using var other = new Incrementer(word);
        for (int i = 0; i < Each; i++) Assert.Equal(0L, g.Futex(t, first, WakeOp | Private, 1, 1, second, AddOne));
        uint theirs = other.Stop();
        Assert.True(theirs > 0);
        Assert.Equal(Each + theirs, Volatile.Read(ref *word));
    }
}
