// Builds the initial user stack: strings, AT_RANDOM bytes, then argc, argv, envp and the auxiliary vector.
using RvJit.Kernel.Memory;

namespace RvJit.Kernel.Loader;

/// <summary>
/// The process entry stack of the Linux ABI: from the top, the execfn, environment and argument strings
/// and 16 random bytes (AT_RANDOM); below them, 16-byte aligned, argc, argv[] + NULL, envp[] + NULL and
/// the auxv pairs ending with AT_NULL. The stack VMA grows on demand up to the stack limit.
/// </summary>
public static class InitialStack
{
    /// <summary>Maps the stack VMA and writes the entry stack; returns the initial sp.</summary>
    public static Errno Build(AddressSpace space, IReadOnlyList<byte[]> argv, IReadOnlyList<byte[]> envp, byte[] execFn,
        List<(ulong Key, ulong Value)> auxv, out ulong sp)
    {
        sp = 0;
        ulong top = MemoryLayout.StackTop;
        long r = space.Map(top - MemoryLayout.InitialStackSize, MemoryLayout.InitialStackSize, Protection.Read | Protection.Write,
            MapOptions.Fixed | MapOptions.GrowsDown, MapBacking.Anonymous("[stack]"));
        if (ErrnoExtensions.IsError(r)) return (Errno)(-r);

        // Everything the strings and vectors need must fit in a quarter of the stack limit (Linux's rule).
        ulong stringBytes = (ulong)(execFn.Length + 1);
        for (int i = 0; i < argv.Count; i++) stringBytes += (ulong)argv[i].Length + 1; // not LINQ's Sum: see LinuxKernel.Run
        for (int i = 0; i < envp.Count; i++) stringBytes += (ulong)envp[i].Length + 1;
        ulong vectorBytes = (ulong)(1 + argv.Count + 1 + envp.Count + 1 + 2 * (auxv.Count + 3)) * 8;
        if (stringBytes + vectorBytes + 64 > space.StackLimit / 4) return Errno.E2BIG;

        // The stack VMA was just mapped: a write that fails found no free frame of guest RAM (ENOMEM).
        var mem = space.Memory;
        ulong p = top - 8;
        bool written = PushString(mem, ref p, execFn, out ulong execFnAddress);
        var envAddresses = new ulong[envp.Count];
        for (int i = envp.Count - 1; i >= 0; i--) written &= PushString(mem, ref p, envp[i], out envAddresses[i]);
        var argAddresses = new ulong[argv.Count];
        for (int i = argv.Count - 1; i >= 0; i--) written &= PushString(mem, ref p, argv[i], out argAddresses[i]);

        p &= ~15UL;
        p -= 16;
        ulong randomAddress = p;
        Span<byte> random = stackalloc byte[16];
        Fs.Host.LibC.FillRandom(random);
        if (!written || mem.Write(randomAddress, random) != Errno.Success) return Errno.ENOMEM;

        var vector = new List<ulong>(64) { (ulong)argv.Count };
        // As spans: AddRange of an array goes through ICollection<ulong>, whose array methods were JIT-compiled.
        vector.AddRange(new ReadOnlySpan<ulong>(argAddresses));
        vector.Add(0);
        vector.AddRange(new ReadOnlySpan<ulong>(envAddresses));
        vector.Add(0);
        foreach (var (k, v) in auxv)
        {
            vector.Add(k);
            vector.Add(v);
        }
        vector.Add(AuxKey.Random); vector.Add(randomAddress);
        vector.Add(AuxKey.Execfn); vector.Add(execFnAddress);
        vector.Add(AuxKey.Null); vector.Add(0);

        sp = (p - (ulong)vector.Count * 8) & ~15UL;
        var bytes = new byte[vector.Count * 8];
        for (int i = 0; i < vector.Count; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), vector[i]);
        return mem.Write(sp, bytes) == Errno.Success ? Errno.Success : Errno.ENOMEM;
    }

    private static bool PushString(UserMemory mem, ref ulong p, byte[] s, out ulong address)
    {
        p -= (ulong)s.Length + 1;
        address = p;
        return mem.Write(p, s) == Errno.Success && mem.Write(p + (ulong)s.Length, (byte)0) == Errno.Success;
    }
}
