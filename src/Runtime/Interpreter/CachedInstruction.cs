using System.Runtime.InteropServices;
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Interpreter;

/// <summary>
/// A decoded instruction as the interpreter keeps it in a <see cref="DecodedPage"/> run: the operands of
/// <see cref="Instruction"/> plus where the instruction sits, so that straight-line execution only steps to
/// the next 32-byte slot (the next instruction's address never waits on a load of this one's length).
/// The pc, the retired count and branch targets are computed from these fields only when control leaves
/// the run.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct CachedInstruction
{
    /// <summary>End of a run that continues at <see cref="PcOffset"/> (the run length cap, or the page end).</summary>
    public const Op Continue = (Op)0x100;
    /// <summary>A 32-bit instruction at the page's last parcel: fetched from both pages every time it runs.</summary>
    public const Op CrossPage = (Op)0x101;
    /// <summary><see cref="TargetParcel"/> of an instruction whose target is not known to be in this page.</summary>
    public const short OffPage = -1;

    /// <summary>The immediate, as in <see cref="Instruction.Imm"/>.</summary>
    public long Imm;
    /// <summary>The encoding (mtval of an illegal-instruction trap).</summary>
    public uint Raw;
    public Op Op;
    /// <summary>Integer rd = 0 is rewritten to the sink register 32, so x0 never needs re-zeroing.</summary>
    public byte Rd;
    public byte Rs1;
    public byte Rs2;
    public byte Rs3;
    public byte Rm;
    /// <summary>2 or 4 (0 for the pseudo-ops).</summary>
    public byte Length;
    /// <summary>Byte offset of the instruction from the start of its virtual page (may pass 4096 for the
    /// continuation after a page-crossing instruction).</summary>
    public ushort PcOffset;
    /// <summary>Instructions retired, counted from the start of the run, once this one has executed
    /// (for a pseudo-op: the instructions before it).</summary>
    public ushort Retired;
    /// <summary>Jal, branches, <see cref="Continue"/>: the target's parcel in this page, or <see cref="OffPage"/>.</summary>
    public short TargetParcel;
    /// <summary>In a run's first slot: the entry's countdown for a translating engine (<see cref="Interpreter.EntryThreshold"/>):
    /// entries left before it turns hot, or below zero the mark of an entry that has a translation. Unused in other slots.</summary>
    public short Countdown;
    /// <summary>Cache: slot index of the run at <see cref="TargetParcel"/> once resolved (0 = not yet).</summary>
    public int Target;

    public ushort NextOffset => (ushort)(PcOffset + Length);

    public static CachedInstruction Of(in Instruction ins, int pcOffset, int retired)
    {
        long target = pcOffset + ins.Imm;
        bool pcRelative = ins.Op is Op.Jal or Op.Beq or Op.Bne or Op.Blt or Op.Bge or Op.Bltu or Op.Bgeu;
        return new CachedInstruction
        {
            Imm = ins.Imm, Raw = ins.Raw, Op = ins.Op,
            Rd = ins.Rd, Rs1 = ins.Rs1, Rs2 = ins.Rs2, Rs3 = ins.Rs3, Rm = ins.Rm, Length = ins.Length,
            PcOffset = (ushort)pcOffset, Retired = (ushort)retired,
            TargetParcel = pcRelative && target >= 0 && target < DecodedPage.PageSize ? (short)(target >> 1) : OffPage,
        };
    }

    /// <summary>A run end that continues at <paramref name="pcOffset"/> without counting as a taken branch.</summary>
    public static CachedInstruction ContinueAt(int pcOffset, int retired) => new()
    {
        Op = Continue, PcOffset = (ushort)pcOffset, Retired = (ushort)retired,
        TargetParcel = pcOffset < DecodedPage.PageSize ? (short)(pcOffset >> 1) : OffPage,
    };

    public static CachedInstruction CrossPageAt(int pcOffset, int retired) => new()
    {
        Op = CrossPage, PcOffset = (ushort)pcOffset, Retired = (ushort)retired, TargetParcel = OffPage,
    };
}
