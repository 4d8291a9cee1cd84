// Which futex a word is: Linux's get_futex_key.
using RvJit.Kernel.Memory;

namespace RvJit.Kernel.Sync;

/// <summary>
/// The identity of a futex word. A word in private memory (FUTEX_PRIVATE_FLAG, or any word in a private
/// mapping) is the pair (address space, virtual address), as Linux keys it by (mm, address): the frame behind
/// it may change while a thread waits (a copy-on-write break after fork moves the writer to a new copy), and
/// waiter and waker must still meet. A word in shared memory (MAP_SHARED, System V shared memory) is its
/// physical address (<see cref="Space"/> null), where every process mapping that frame meets; such frames are
/// never copied on write.
/// </summary>
public readonly record struct FutexKey(AddressSpace? Space, ulong Address)
{
    /// <summary>The key of the word at <paramref name="va"/>; false when a shared word's page is not present
    /// (callers read the word first, which faults it in, so false means EFAULT).</summary>
    public static bool TryGet(AddressSpace space, ulong va, bool isPrivate, out FutexKey key)
    {
        key = new FutexKey(space, va);
        if (isPrivate || space.Find(va) is not { IsShared: true }) return true;
        if (!space.TryGetPhysical(va, out ulong pa)) return false;
        key = new FutexKey(null, pa);
        return true;
    }
}
