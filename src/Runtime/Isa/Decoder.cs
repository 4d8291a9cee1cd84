using System.Runtime.CompilerServices;

namespace RvJit.Runtime.Isa;

/// <summary>
/// Turns encodings into <see cref="Instruction"/> values using the ISA tables. 32-bit encodings are looked
/// up by their major opcode (bits 6:2) and matched against that bucket's rows; compressed parcels are
/// expanded once each, on first use, and kept in a table indexed by parcel, so decoding RVC again is three
/// array reads. Decoding is pure: the same bits always give the same value, which is what lets the interpreter and
/// translator cache it per page.
///
/// Why lazily: expanding all 65,536 parcels up front cost every run about 10 ms of start-up (a scan of the
/// compressed table per parcel and a 2 MiB table to fault in), most of a static hello world's decoding.
/// Why compactly: kept in chunks of 256 parcels (6 KiB each), the expansions a short program used were spread over
/// most chunks (they are spread over the whole encoding space): a static hello world faulted in about 1 MiB for
/// them, 9% of its page faults. Now a parcel's slot is a ushort (a 128 KiB index, faulted in where used) and
/// the expansions lie side by side in the order first decoded.
/// </summary>
public static class Decoder
{
    private static readonly InstructionDef[][] buckets = BuildBuckets();

    /// <summary>For each parcel, 1 + its slot among the expansions (0: not expanded yet). Only parcels whose low
    /// bits are not 11 are compressed: fewer than 65,535 slots.</summary>
    private static readonly ushort[] slotOf = new ushort[65536];
    private const int SlotBlock = 256;
    /// <summary>Slot s is expansions[s / SlotBlock][s % SlotBlock]; blocks are made as slots fill (under the lock).</summary>
    private static readonly Instruction[]?[] expansions = new Instruction[]?[65536 / SlotBlock];
    private static int slotsUsed;

    /// <summary>Length in bytes of the instruction whose first parcel is <paramref name="lowParcel"/>.</summary>
    public static int LengthOf(uint lowParcel) => (lowParcel & 3) == 3 ? 4 : 2;

    /// <summary>Decodes one instruction; only the low 16 bits are read when it is compressed.</summary>
    public static Instruction Decode(uint raw) =>
        (raw & 3) == 3 ? Decode32(raw) : DecodeCompressed(raw & 0xFFFF);

    private static Instruction DecodeCompressed(uint parcel)
    {
        uint slot = Volatile.Read(ref slotOf[parcel]); // read before the block: a slot is published after its expansion
        return slot != 0 ? expansions[(slot - 1) / SlotBlock]![(slot - 1) % SlotBlock] : ExpandOnce(parcel);
    }

    /// <summary>Decodes a 32-bit encoding (bits 1:0 must be 11).</summary>
    public static Instruction Decode32(uint raw)
    {
        foreach (var def in buckets[(raw >> 2) & 0x1F])
            if (def.Matches(raw))
                return Fields32(def, raw);
        return Instruction.IllegalOf(raw, 4);
    }

    /// <summary>The table row a 32-bit encoding matches, or null.</summary>
    public static InstructionDef? Find32(uint raw)
    {
        if ((raw & 3) != 3) return null;
        foreach (var def in buckets[(raw >> 2) & 0x1F])
            if (def.Matches(raw))
                return def;
        return null;
    }

    /// <summary>The compressed row a 16-bit parcel matches, or null.</summary>
    public static CompressedDef? FindCompressed(uint parcel)
    {
        if ((parcel & 3) == 3) return null;
        var rows = CompressedTable.Rows;
        for (int i = 0; i < rows.Count; i++)
            if (rows[i].Matches(parcel))
                return rows[i];
        return null;
    }

    /// <summary>Decodes a 32-bit encoding as the given row (which must match it), whatever row would win.</summary>
    public static Instruction DecodeAs(InstructionDef def, uint raw) => Fields32(def, raw);

    private static Instruction Fields32(InstructionDef def, uint raw)
    {
        byte rd = (byte)((raw >> 7) & 31), rs1 = (byte)((raw >> 15) & 31), rs2 = (byte)((raw >> 20) & 31);
        byte rs3 = (byte)(raw >> 27), rm = (byte)((raw >> 12) & 7);
        long imm = 0;
        switch (def.Operands)
        {
            case Operands.I: case Operands.Load: case Operands.FLoad: imm = Immediates.I(raw); break;
            case Operands.Store: case Operands.FStore: imm = Immediates.S(raw); break;
            case Operands.Branch: imm = Immediates.B(raw); break;
            case Operands.Upper: imm = Immediates.U(raw); break;
            case Operands.Jump: imm = Immediates.J(raw); break;
            case Operands.Shift64: imm = (raw >> 20) & 63; break;
            case Operands.Shift32: imm = (raw >> 20) & 31; break;
            case Operands.Csr: case Operands.CsrImm: case Operands.Fence: imm = raw >> 20; break;
            case Operands.Amo: case Operands.Lr: rm = (byte)((raw >> 25) & 3); break;
        }
        return new Instruction(def.Op, rd, rs1, rs2, rs3, rm, imm, raw, 4);
    }

    private static InstructionDef[][] BuildBuckets()
    {
        var lists = new List<InstructionDef>[32];
        for (int i = 0; i < 32; i++) lists[i] = [];
        foreach (var def in InstructionTable.Rows)
            lists[(def.Match >> 2) & 0x1F].Add(def);
        // More specific rows first, so a generic pattern never shadows a specific one sharing its bits; rows as specific
        // as each other keep the table's order. A stable insertion sort by hand: LINQ's OrderByDescending was
        // instantiated over rvjit's types, which the ReadyToRun image lacks, and JIT-compiled at every start.
        var buckets = new InstructionDef[32][];
        for (int b = 0; b < 32; b++)
        {
            var rows = lists[b].ToArray();
            for (int i = 1; i < rows.Length; i++)
            {
                var row = rows[i];
                int bits = global::System.Numerics.BitOperations.PopCount(row.Mask), j = i - 1;
                for (; j >= 0 && global::System.Numerics.BitOperations.PopCount(rows[j].Mask) < bits; j--) rows[j + 1] = rows[j];
                rows[j + 1] = row;
            }
            buckets[b] = rows;
        }
        return buckets;
    }

    /// <summary>The compressed rows by quadrant and funct3 (bits 1:0 and 15:13, which every row fixes or leaves open),
    /// each bucket in the table's order: a chunk's expansion checks a few rows a parcel instead of scanning the table
    /// (that scan was half of expanding a chunk, and expanding chunks a third of decoding a short program's code).</summary>
    private static readonly CompressedDef[][] compressedBuckets = BuildCompressedBuckets();

    private static int CompressedBucket(uint parcel) => (int)((((parcel >> 13) & 7) << 2) | (parcel & 3));

    private static CompressedDef[][] BuildCompressedBuckets()
    {
        const uint bucketBits = 0xE003;
        var rows = CompressedTable.Rows;
        var buckets = new CompressedDef[32][];
        for (int b = 0; b < 32; b++)
        {
            uint bits = ((uint)(b >> 2) << 13) | (uint)(b & 3);
            var bucket = new List<CompressedDef>();
            for (int i = 0; i < rows.Count; i++)
                if (((bits ^ rows[i].Match) & rows[i].Mask & bucketBits) == 0) bucket.Add(rows[i]);
            buckets[b] = bucket.ToArray();
        }
        return buckets;
    }

    /// <summary><see cref="FindCompressed"/> through the buckets: the same row (the first in table order that matches).</summary>
    private static CompressedDef? FindCompressedInBucket(uint parcel)
    {
        foreach (var row in compressedBuckets[CompressedBucket(parcel)])
            if (row.Matches(parcel))
                return row;
        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Instruction ExpandOnce(uint parcel)
    {
        Instruction ins = FindCompressedInBucket(parcel) is { } def ? Expand(def, parcel) : Instruction.IllegalOf(parcel, 2);
        lock (expansions)
        {
            if (slotOf[parcel] != 0) return ins; // another hart expanded it meanwhile (to the same value)
            int slot = slotsUsed++;
            (expansions[slot / SlotBlock] ??= new Instruction[SlotBlock])[slot % SlotBlock] = ins;
            Volatile.Write(ref slotOf[parcel], (ushort)(slot + 1));
        }
        return ins;
    }

    /// <summary>Expands a compressed parcel to its base instruction (Length = 2), or Illegal for reserved encodings.</summary>
    internal static Instruction Expand(CompressedDef def, uint c)
    {
        byte rdFull = (byte)((c >> 7) & 31), rs2Full = (byte)((c >> 2) & 31);
        byte rdP = (byte)(8 + ((c >> 2) & 7)), rs1P = (byte)(8 + ((c >> 7) & 7)); // the "prime" registers x8-x15
        const byte sp = 2, ra = 1;
        Instruction Make(byte rd, byte rs1, byte rs2, long imm) => new(def.Expansion, rd, rs1, rs2, 0, 0, imm, c, 2);
        Instruction Illegal() => Instruction.IllegalOf(c, 2);

        switch (def.Form)
        {
            case CForm.Addi4Spn:
                long nzuimm = Immediates.CAddi4Spn(c);
                return nzuimm == 0 ? Illegal() : Make(rdP, sp, 0, nzuimm);
            case CForm.LoadW: return Make(rdP, rs1P, 0, Immediates.CLoadStoreW(c));
            case CForm.LoadD: return Make(rdP, rs1P, 0, Immediates.CLoadStoreD(c));
            case CForm.StoreW: return Make(0, rs1P, rdP, Immediates.CLoadStoreW(c));
            case CForm.StoreD: return Make(0, rs1P, rdP, Immediates.CLoadStoreD(c));
            case CForm.Addi: return Make(rdFull, rdFull, 0, Immediates.CI(c));
            case CForm.Addiw: return rdFull == 0 ? Illegal() : Make(rdFull, rdFull, 0, Immediates.CI(c));
            case CForm.Li: return Make(rdFull, 0, 0, Immediates.CI(c));
            case CForm.Addi16Sp:
                long nzimm = Immediates.CAddi16Sp(c);
                return nzimm == 0 ? Illegal() : Make(sp, sp, 0, nzimm);
            case CForm.Lui:
                long upper = Immediates.CLui(c);
                return upper == 0 ? Illegal() : Make(rdFull, 0, 0, upper);
            case CForm.ShiftRight: return Make(rs1P, rs1P, 0, Immediates.CShamt(c));
            case CForm.Andi: return Make(rs1P, rs1P, 0, Immediates.CI(c));
            case CForm.Arith: return Make(rs1P, rs1P, rdP, 0);
            case CForm.J: return Make(0, 0, 0, Immediates.CJ(c));
            case CForm.BranchZ: return Make(0, rs1P, 0, Immediates.CB(c));
            case CForm.Slli: return Make(rdFull, rdFull, 0, Immediates.CShamt(c));
            case CForm.LwSp: return rdFull == 0 ? Illegal() : Make(rdFull, sp, 0, Immediates.CLwsp(c));
            case CForm.LdSp: return rdFull == 0 ? Illegal() : Make(rdFull, sp, 0, Immediates.CLdsp(c));
            case CForm.FldSp: return Make(rdFull, sp, 0, Immediates.CLdsp(c));
            case CForm.Jr: return rdFull == 0 ? Illegal() : Make(0, rdFull, 0, 0);
            case CForm.Mv: return Make(rdFull, 0, rs2Full, 0);
            case CForm.Ebreak: return Make(0, 0, 0, 0);
            case CForm.Jalr: return Make(ra, rdFull, 0, 0);
            case CForm.Add: return Make(rdFull, rdFull, rs2Full, 0);
            case CForm.SwSp: return Make(0, sp, rs2Full, Immediates.CSwsp(c));
            case CForm.SdSp: return Make(0, sp, rs2Full, Immediates.CSdsp(c));
            default: return Illegal();
        }
    }
}
