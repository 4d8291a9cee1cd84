namespace RvJit.Runtime.Memory;

/// <summary>
/// The handlers of one <see cref="PhysicalMemory"/> page event, called one by one. A multicast delegate (an
/// ordinary event) with two handlers is invoked through a stub the runtime JIT-compiles at its first use, which
/// ReadyToRun cannot spare: the decode and translation caches both listen for written code pages, so a short
/// program paid that compile at start-up. Handlers are added and removed rarely (a cache or hart made or
/// disposed) and raised often, from any hart: the list is replaced on change and read without a lock.
/// </summary>
internal sealed class PageHandlers
{
    private Action<ulong>[] handlers = [];
    private readonly Lock gate = new();

    public void Add(Action<ulong>? handler)
    {
        if (handler is null) return;
        lock (gate) handlers = [.. handlers, handler];
    }

    /// <summary>Removes the last registration of <paramref name="handler"/> (as removing from a multicast delegate does).</summary>
    public void Remove(Action<ulong>? handler)
    {
        if (handler is null) return;
        lock (gate)
        {
            // Delegate equality (the same method and target), not Array.LastIndexOf: its default comparer for the
            // delegate type is made by reflection, which cost a short run about 0.3 ms at exit.
            int i = handlers.Length - 1;
            while (i >= 0 && !handlers[i].Equals(handler)) i--;
            if (i < 0) return;
            var fewer = new Action<ulong>[handlers.Length - 1];
            Array.Copy(handlers, fewer, i);
            Array.Copy(handlers, i + 1, fewer, i, handlers.Length - i - 1);
            handlers = fewer;
        }
    }

    public void Raise(ulong pa)
    {
        foreach (var handler in Volatile.Read(ref handlers)) handler(pa);
    }
}
