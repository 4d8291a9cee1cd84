// A debugger's writes into a process: ptrace's POKETEXT, which may write read-only code.
namespace RvJit.Kernel.Memory;

public sealed unsafe partial class AddressSpace
{
    /// <summary>
    /// Writes <paramref name="source"/> at <paramref name="va"/> whatever the mapping's protection, as Linux's
    /// access_process_vm with FOLL_FORCE does for a debugger (a breakpoint in a program's text): a private page
    /// shared with the page cache or another process is copied first, so only this process sees the change;
    /// a shared mapping is written in place. The write drops translations of the page like any store. False when
    /// a byte is not mapped.
    /// </summary>
    public bool ForceWrite(ulong va, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            if (va >= MemoryLayout.UserLimit || Find(va) is not { } vma) return false;
            ulong page = Page.AlignDown(va);
            var pte = table.Lookup(page);
            if (!pte.IsMapped)
            {
                if (FillPage(vma, page) != FaultResult.Handled) return false;
                pte = table.Lookup(page);
            }
            if (!vma.IsShared && frames.RefCount(pte.Frame) > 1)
            {
                // The copy a store would make, mapped with the VMA's protection (read-only text stays so).
                if (BreakCopyOnWrite(vma, page, pte) != FaultResult.Handled) return false;
                pte = table.Lookup(page);
            }
            int offset = (int)(va & Page.OffsetMask);
            int n = Math.Min(source.Length, (int)Page.Size - offset);
            source[..n].CopyTo(frames.Bytes(pte.Frame)[offset..]);
            frames.Ram.NoteStore(pte.Frame.Address + (ulong)offset, (ulong)n);
            source = source[n..];
            va += (ulong)n;
        }
        return true;
    }
}
