// Process and thread ids: one number space, like Linux (a process's id is its first thread's id).
namespace RvJit.Kernel.Tasks;

/// <summary>Allocates ids increasing from a start value, skipping ids still in use after wrapping.</summary>
public sealed class IdAllocator
{
    private readonly System.Collections.BitArray used;
    private readonly int first, last;
    private int next;

    /// <summary>The id <see cref="Allocate"/> or <see cref="TryReserve"/> gave out last (0 before any).</summary>
    public int LastAllocated { get; private set; }

    public IdAllocator(int first = 1000, int last = 4_194_303)
    {
        this.first = first;
        this.last = last;
        next = first;
        used = new System.Collections.BitArray(last + 1);
    }

    public int Allocate()
    {
        for (int tries = 0; tries <= last - first; tries++)
        {
            int id = next;
            next = next >= last ? first : next + 1;
            if (used[id]) continue;
            used[id] = true;
            LastAllocated = id;
            return id;
        }
        throw new InvalidOperationException("out of process ids");
    }

    /// <summary>Takes <paramref name="id"/> itself if it is free, below the allocation range too (the first
    /// process's host-given pid: in a container rvjit itself may be pid 1 or 7).</summary>
    public bool TryReserve(int id)
    {
        if (id < 1 || id > last || used[id]) return false;
        used[id] = true;
        LastAllocated = id;
        return true;
    }

    public void Free(int id) => used[id] = false;
}
