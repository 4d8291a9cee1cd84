// The objects of one System V IPC kind (message queues, semaphore sets or shared memory), by id and by key.
namespace RvJit.Kernel.Ipc;

/// <summary>
/// One IPC namespace's objects of one kind. Lookups by id check the sequence number; get by key follows
/// ipcget: IPC_PRIVATE always creates; an existing key fails with EEXIST under IPC_CREAT|IPC_EXCL, else is
/// checked and returned; a missing key needs IPC_CREAT (ENOENT).
/// </summary>
public sealed class IpcTable<T>(int maxObjects) where T : IpcObject
{
    public const int SequenceMultiplier = 32768;
    private readonly SortedDictionary<int, T> byIndex = [];
    private ushort nextSequence;

    public IEnumerable<T> All => byIndex.Values;
    public int Count => byIndex.Count;

    /// <summary>The highest index in use (IPC_INFO's result), 0 when empty.</summary>
    public int HighestIndex => byIndex.Count == 0 ? 0 : byIndex.Keys.Max();

    /// <summary>The object with id <paramref name="id"/>, or null (EINVAL).</summary>
    public T? Find(int id)
    {
        if (id < 0) return null;
        return byIndex.TryGetValue(id % SequenceMultiplier, out var o) && o.Sequence == id / SequenceMultiplier ? o : null;
    }

    /// <summary>The object at table index <paramref name="index"/> (the *_STAT commands), or null.</summary>
    public T? AtIndex(int index) => byIndex.GetValueOrDefault(index);

    /// <summary>
    /// msgget/semget/shmget: returns the id or -errno. <paramref name="check"/> validates an existing object
    /// against the call (semget's nsems, shmget's size: EINVAL) before the permission check;
    /// <paramref name="create"/> makes a new object or returns -errno.
    /// </summary>
    public long Get(int key, int flags, Credentials caller, Func<T, Errno> check, Func<Either> create)
    {
        if (key != IpcFlags.Private)
        {
            var existing = byIndex.Values.FirstOrDefault(o => o.Key == key);
            if (existing is not null)
            {
                if ((flags & IpcFlags.Create) != 0 && (flags & IpcFlags.Exclusive) != 0) return Errno.EEXIST.Fail();
                var e = check(existing);
                if (e != Errno.Success) return e.Fail();
                if (!existing.Allows(flags & 0x1ff, caller)) return Errno.EACCES.Fail();
                return existing.Id;
            }
            if ((flags & IpcFlags.Create) == 0) return Errno.ENOENT.Fail();
        }
        if (byIndex.Count >= maxObjects) return Errno.ENOSPC.Fail();
        var made = create();
        if (made.Object is not { } o2) return made.Error.Fail();
        Add(o2);
        return o2.Id;
    }

    /// <summary>What a create function returns: the new object, or why there is none.</summary>
    public readonly record struct Either(T? Object, Errno Error)
    {
        public static implicit operator Either(T o) => new(o, Errno.Success);
        public static implicit operator Either(Errno e) => new(null, e);
    }

    private void Add(T o)
    {
        int index = 0;
        while (byIndex.ContainsKey(index)) index++;
        o.Index = index;
        o.Sequence = nextSequence;
        nextSequence = (ushort)((nextSequence + 1) % (int.MaxValue / SequenceMultiplier));
        o.Id = o.Sequence * SequenceMultiplier + index;
        byIndex[index] = o;
    }

    /// <summary>Takes the object out of the table (IPC_RMID, or a destroyed segment's last detach).</summary>
    public void Remove(T o)
    {
        if (byIndex.TryGetValue(o.Index, out var present) && ReferenceEquals(present, o)) byIndex.Remove(o.Index);
        o.Removed = true;
    }
}
