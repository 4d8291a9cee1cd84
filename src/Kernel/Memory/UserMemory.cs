// The kernel's only door into guest memory: copies through the process page tables, EFAULT on bad pointers.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using RvJit.Runtime.Hart;

namespace RvJit.Kernel.Memory;

/// <summary>
/// copy_from_user / copy_to_user for one address space. Every access is translated page by page through
/// the process's page table, faulting pages in (demand paging, copy-on-write) exactly as a guest access
/// would; an address the guest could not access gives <see cref="Errno.EFAULT"/>. Writes tell the code
/// caches (PhysicalMemory.NoteStore), so a kernel write into code invalidates its decoded form.
/// </summary>
public sealed unsafe class UserMemory
{
    private readonly AddressSpace space;

    internal UserMemory(AddressSpace space) => this.space = space;

    /// <summary>Copies guest bytes at <paramref name="va"/> into <paramref name="destination"/>: EFAULT unless all of them are readable.</summary>
    public Errno Read(ulong va, Span<byte> destination) =>
        ReadPrefix(va, destination) == destination.Length ? Errno.Success : Errno.EFAULT;

    /// <summary>Copies <paramref name="source"/> to guest address <paramref name="va"/>.</summary>
    public Errno Write(ulong va, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            byte* p = space.Translate(va, Access.Store);
            if (p == null) return Errno.EFAULT;
            int n = (int)Math.Min((ulong)source.Length, Page.Size - (va & Page.OffsetMask));
            space.TryGetPhysical(va, out ulong pa);
            space.Frames.Ram.NoteStore(pa, (ulong)n);
            source[..n].CopyTo(new Span<byte>(p, n));
            source = source[n..];
            va += (ulong)n;
        }
        return Errno.Success;
    }

    /// <summary>
    /// Linux's futex_atomic_cmpxchg_inatomic: if the aligned guest word at <paramref name="va"/> holds
    /// <paramref name="expected"/>, replaces it with <paramref name="value"/>, in one host compare-and-swap so
    /// that guest code on another hart (AMOs, LR/SC) never has its update lost between the kernel's read and
    /// write. <paramref name="observed"/> is what the word held (equal to <paramref name="expected"/> on
    /// success). The page is faulted in for writing (demand paging, copy-on-write) as a guest store would:
    /// EFAULT if the guest could not store there, EINVAL when the word is not 4-byte aligned (a host atomic
    /// needs it, and every futex word must be).
    /// </summary>
    public Errno CompareExchange32(ulong va, uint expected, uint value, out uint observed)
    {
        observed = 0;
        Errno e = AtomicWord(va, out uint* word);
        if (e != Errno.Success) return e;
        observed = Interlocked.CompareExchange(ref *word, value, expected);
        return Errno.Success;
    }

    /// <summary>
    /// Replaces the aligned guest word at <paramref name="va"/> with <paramref name="update"/> of its value, atomically
    /// (a compare-and-swap loop, as an AMO would do it); <paramref name="old"/> is the value replaced. Errors as
    /// <see cref="CompareExchange32"/>. <paramref name="update"/> may run more than once: it must be pure.
    /// </summary>
    public Errno Update32(ulong va, Func<uint, uint> update, out uint old)
    {
        old = 0;
        Errno e = AtomicWord(va, out uint* word);
        if (e != Errno.Success) return e;
        uint seen = Volatile.Read(ref *word);
        while (true)
        {
            uint now = Interlocked.CompareExchange(ref *word, update(seen), seen);
            if (now == seen) break;
            seen = now;
        }
        old = seen;
        return Errno.Success;
    }

    // The host address of an aligned word the guest may store to, its page faulted in for writing and any
    // decoded code on it invalidated (as Write does: the store may change it).
    private Errno AtomicWord(ulong va, out uint* word)
    {
        word = null;
        if ((va & 3) != 0) return Errno.EINVAL;
        byte* p = space.Translate(va, Access.Store);
        if (p == null) return Errno.EFAULT;
        space.TryGetPhysical(va, out ulong pa);
        space.Frames.Ram.NoteStore(pa, 4);
        word = (uint*)p;
        return Errno.Success;
    }

    /// <summary>
    /// Copies guest bytes at <paramref name="va"/> into <paramref name="destination"/> up to the first page the
    /// guest cannot read; returns how many were copied (Linux copies what it can and reports a short count).
    /// </summary>
    public int ReadPrefix(ulong va, Span<byte> destination)
    {
        int done = 0;
        while (done < destination.Length)
        {
            byte* p = space.Translate(va, Access.Load);
            if (p == null) break;
            int n = (int)Math.Min((ulong)(destination.Length - done), Page.Size - (va & Page.OffsetMask));
            new ReadOnlySpan<byte>(p, n).CopyTo(destination[done..]);
            done += n;
            va += (ulong)n;
        }
        return done;
    }

    /// <summary>
    /// How many of the <paramref name="length"/> bytes at <paramref name="va"/> the guest can write, up to the
    /// first page it cannot (pages are faulted in as a guest store would). Checked before data is consumed
    /// from a pipe or socket, so a bad buffer never loses it.
    /// </summary>
    public int WritablePrefix(ulong va, int length)
    {
        int done = 0;
        while (done < length)
        {
            if (space.Translate(va, Access.Store) == null) break;
            int n = (int)Math.Min((ulong)(length - done), Page.Size - (va & Page.OffsetMask));
            done += n;
            va += (ulong)n;
        }
        return done;
    }

    /// <summary>Fills <paramref name="length"/> guest bytes at <paramref name="va"/> with zero.</summary>
    public Errno Zero(ulong va, ulong length)
    {
        Span<byte> zeros = stackalloc byte[256];
        zeros.Clear();
        while (length > 0)
        {
            int n = (int)Math.Min(length, (ulong)zeros.Length);
            if (Write(va, zeros[..n]) != Errno.Success) return Errno.EFAULT;
            va += (ulong)n;
            length -= (ulong)n;
        }
        return Errno.Success;
    }

    /// <summary>Reads one unmanaged value (a guest struct with the same layout, little-endian).</summary>
    public Errno Read<T>(ulong va, out T value) where T : unmanaged
    {
        value = default;
        return Read(va, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1)));
    }

    public Errno Write<T>(ulong va, in T value) where T : unmanaged =>
        Write(va, MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in value), 1)));

    /// <summary>Reads a NUL-terminated string (bytes as <see cref="Fs.FileNames"/>: UTF-8, other bytes kept) of at most <paramref name="maxLength"/> bytes;
    /// ENAMETOOLONG when no NUL comes within the limit.</summary>
    public Errno ReadString(ulong va, int maxLength, out string value)
    {
        value = "";
        Errno e = ReadStringBytes(va, maxLength, out byte[] bytes);
        if (e == Errno.Success) value = Fs.FileNames.Decode(bytes);
        return e;
    }

    /// <summary>Reads a NUL-terminated byte string (without the NUL).</summary>
    public Errno ReadStringBytes(ulong va, int maxLength, out byte[] value)
    {
        value = [];
        var buffer = new List<byte>(64);
        while (true)
        {
            byte* p = space.Translate(va, Access.Load);
            if (p == null) return Errno.EFAULT;
            int inPage = (int)(Page.Size - (va & Page.OffsetMask));
            var span = new ReadOnlySpan<byte>(p, inPage);
            int nul = span.IndexOf((byte)0);
            int take = nul >= 0 ? nul : inPage;
            if (buffer.Count + take > maxLength) return Errno.ENAMETOOLONG;
            buffer.AddRange(span[..take]);
            if (nul >= 0) break;
            va += (ulong)inPage;
        }
        value = [.. buffer];
        return Errno.Success;
    }

    /// <summary>Reads a NULL-terminated array of string pointers (argv, envp).</summary>
    public Errno ReadStringArray(ulong va, int maxCount, out List<byte[]> values)
    {
        values = [];
        if (va == 0) return Errno.Success;
        while (true)
        {
            if (values.Count >= maxCount) return Errno.E2BIG;
            if (Read(va, out ulong pointer) != Errno.Success) return Errno.EFAULT;
            if (pointer == 0) return Errno.Success;
            Errno e = ReadStringBytes(pointer, 128 * 1024, out byte[] s);
            if (e != Errno.Success) return e == Errno.ENAMETOOLONG ? Errno.E2BIG : e;
            values.Add(s);
            va += 8;
        }
    }
}

/// <summary>A typed guest pointer: the kernel reads and writes what it points to only through <see cref="UserMemory"/>.</summary>
public readonly record struct UserPtr<T>(ulong Address) where T : unmanaged
{
    public bool IsNull => Address == 0;
    public Errno Read(UserMemory memory, out T value) => memory.Read(Address, out value);
    public Errno Write(UserMemory memory, in T value) => memory.Write(Address, in value);
    public UserPtr<T> this[int index] => new(Address + (ulong)(index * Unsafe.SizeOf<T>()));
    public override string ToString() => $"0x{Address:x}";
}
