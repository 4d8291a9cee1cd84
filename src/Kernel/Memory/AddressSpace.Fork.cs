// fork: a child address space sharing every frame copy-on-write.
namespace RvJit.Kernel.Memory;

public sealed unsafe partial class AddressSpace
{
    /// <summary>
    /// A copy of this address space for fork(). Private pages are shared read-only by both sides and copied
    /// on the first store (<see cref="BreakCopyOnWrite"/>); shared mappings keep sharing their frames.
    /// Throws <see cref="OutOfGuestMemoryException"/> when the child's page table cannot be built.
    /// </summary>
    public AddressSpace Fork()
    {
        var child = new AddressSpace(frames)
        {
            BrkStart = BrkStart,
            Brk = Brk,
            StackLimit = StackLimit,
            SizeLimit = SizeLimit,
            Cache = Cache,
        };
        try
        {
            foreach (var v in vmas)
            {
                var copy = v.Slice(v.Start, v.End);
                child.vmas.Add(copy);
                child.MappedBytes += copy.Length;
                bool shared = v.IsShared;
                table.ForEachLeaf(v.Start, v.End, (ulong va, ref ulong slot) =>
                {
                    var pte = new PageTableEntry(slot);
                    if (!shared && pte.CanWrite)
                    {
                        pte = new PageTableEntry(slot & ~(ulong)PteFlags.Write);
                        slot = pte.Raw;
                    }
                    if (!child.table.Set(va, pte)) throw new OutOfGuestMemoryException();
                    frames.AddRef(pte.Frame);
                    child.ResidentPages++;
                });
            }
        }
        catch
        {
            child.Dispose();
            OnTranslationsChanged();
            throw;
        }
        OnTranslationsChanged(mayTouchCode: false); // only write permissions went: every fetch still maps where it did
        return child;
    }
}
