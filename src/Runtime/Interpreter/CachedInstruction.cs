using System.Runtime.InteropServices;
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Interpreter;

/// <summary>
/// A decoded instruction as the interpreter keeps it in a <see cref="DecodedPage"/> run: the operands of
/// <see cref="Instruction"/> plus where the instruction sits, so that straight-line execution only steps to
/// the next 16-byte slot (the next instruction's address never waits on a load of this one's length).
/// The pc, the retired count and branch targets are computed from these fields only when control leaves
/// the run.
///
/// 16 bytes, four to a host cache line: warm code is limited by host cache misses on its slots (see README,
/// "Where warm code's time goes"), so what is rarely read is not kept: the encoding is read again from the page
/// when an illegal-instruction trap needs it (<see cref="DecodedPage.RawAt"/>), a target's parcel is computed from
/// the pc and the immediate, the length is the pc offset's low bit (offsets are even), and the FP-only fields
/// share their bytes with the jump-only <see cref="Target"/>.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct CachedInstruction
{
    /// <summary>End of a run that continues at <see cref="PcOffset"/> (the run length cap, or the page end).</summary>
    public const Op Continue = (Op)0x100;
    /// <summary>A 32-bit instruction at the page's last parcel: fetched from both pages every time it runs.</summary>
    public const Op CrossPage = (Op)0x101;

    /// <summary>The immediate, as in <see cref="Instruction.Imm"/> (every RV64 immediate fits 32 bits, sign-extended).
    /// For <see cref="Continue"/>: 0, or <see cref="DecodedPage.PageSize"/> for a run end that must leave the page.</summary>
    [FieldOffset(0)] private int imm;
    public readonly long Imm => imm;
    [FieldOffset(4)] public Op Op;
    /// <summary>Integer rd = 0 is rewritten to the sink register 32, so x0 never needs re-zeroing.</summary>
    [FieldOffset(6)] public byte Rd;
    [FieldOffset(7)] public byte Rs1;
    [FieldOffset(8)] public byte Rs2;
    /// <summary>Instructions retired, counted from the start of the run, once this one has executed
    /// (for a pseudo-op: the instructions before it). At most <see cref="DecodedPage.MaxRunLength"/> + 1.</summary>
    [FieldOffset(9)] public byte Retired;
    /// <summary>Byte offset of the instruction from the start of its virtual page (may pass 4096 for the
    /// continuation after a page-crossing instruction), always even; bit 0 set for a 4-byte instruction.</summary>
    [FieldOffset(10)] private ushort offsetAndWide;
    /// <summary>In a run's first slot: the entry's countdown for a translating engine (<see cref="Interpreter.EntryThreshold"/>):
    /// entries left before it turns hot, or below zero the mark of an entry that has a translation. Unused in other slots.</summary>
    [FieldOffset(12)] public short Countdown;
    /// <summary>Jal, branches, <see cref="Continue"/>: slot index of the run at the target once resolved (0 = not yet,
    /// or not in this page, or an index past 65535, resolved each time).</summary>
    [FieldOffset(14)] public ushort Target;
    /// <summary>FP only (never a jump, so never a <see cref="Target"/>).</summary>
    [FieldOffset(14)] public byte Rs3;
    /// <summary>FP only: the rounding mode field.</summary>
    [FieldOffset(15)] public byte Rm;

    public readonly ushort PcOffset => (ushort)(offsetAndWide & ~1);
    public readonly ushort NextOffset => (ushort)(offsetAndWide + 2 + (offsetAndWide & 1)); // + 2, or + 4 when bit 0 is set
    /// <summary>Jal, branches, <see cref="Continue"/>: the target's byte offset in this page (outside 0..4095: not in it).</summary>
    public readonly int TargetOffset => PcOffset + imm;
    public readonly bool TargetInPage => (uint)TargetOffset < DecodedPage.PageSize;

    public static CachedInstruction Of(in Instruction ins, int pcOffset, int retired)
    {
        System.Diagnostics.Debug.Assert(ins.Imm == (int)ins.Imm && (pcOffset & 1) == 0 && retired <= byte.MaxValue);
        bool jump = ins.Op is Op.Jal or Op.Beq or Op.Bne or Op.Blt or Op.Bge or Op.Bltu or Op.Bgeu;
        var slot = new CachedInstruction
        {
            imm = (int)ins.Imm, Op = ins.Op, Rd = ins.Rd, Rs1 = ins.Rs1, Rs2 = ins.Rs2,
            Retired = (byte)retired, offsetAndWide = (ushort)(pcOffset | (ins.Length == 4 ? 1 : 0)),
        };
        if (!jump) { slot.Rs3 = ins.Rs3; slot.Rm = ins.Rm; }
        return slot;
    }

    /// <summary>A run end that continues at <paramref name="pcOffset"/> without counting as a taken branch (in this page's
    /// runs when the offset is in the page, else through the outer loop).</summary>
    public static CachedInstruction ContinueAt(int pcOffset, int retired) => new()
    {
        Op = Continue, offsetAndWide = (ushort)pcOffset, Retired = (byte)retired,
    };

    /// <summary>A run end that continues at <paramref name="pcOffset"/> through the outer loop even inside the page
    /// (a single step's scratch run).</summary>
    public static CachedInstruction LeaveAt(int pcOffset, int retired) =>
        ContinueAt(pcOffset, retired) with { imm = DecodedPage.PageSize };

    public static CachedInstruction CrossPageAt(int pcOffset, int retired) => new()
    {
        Op = CrossPage, offsetAndWide = (ushort)pcOffset, Retired = (byte)retired,
    };
}
