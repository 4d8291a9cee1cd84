namespace RvJit.Runtime.Isa;

/// <summary>
/// The spec's immediate encodings, written once. 32-bit forms from the base ISA's "Immediate Encoding
/// Variants"; compressed forms from the RVC chapter's tables. Every extractor sign- or zero-extends as the
/// spec says and returns the byte offset or value.
/// </summary>
public static class Immediates
{
    // inst[31:20], sign-extended.
    public static long I(uint raw) => (int)raw >> 20;

    // inst[31:25] | inst[11:7].
    public static long S(uint raw) => ((int)raw >> 25 << 5) | (int)((raw >> 7) & 0x1F);

    // imm[12|10:5] = inst[31:25], imm[4:1|11] = inst[11:7].
    public static long B(uint raw) =>
        ((int)raw >> 31 << 12) | (int)((raw << 4) & 0x800) | (int)((raw >> 20) & 0x7E0) | (int)((raw >> 7) & 0x1E);

    // inst[31:12] << 12, sign-extended to 64 bits.
    public static long U(uint raw) => (int)(raw & 0xFFFFF000);

    // imm[20|10:1|11|19:12] = inst[31:12].
    public static long J(uint raw) =>
        ((int)raw >> 31 << 20) | (int)(raw & 0xFF000) | (int)((raw >> 9) & 0x800) | (int)((raw >> 20) & 0x7FE);

    private static uint Bit(uint x, int from, int to) => ((x >> from) & 1) << to;
    private static long SignExtend(uint value, int bits) => (long)value << (64 - bits) >> (64 - bits);

    // ---- Compressed (inst is the 16-bit parcel) ----

    /// <summary>CI: imm[5] = inst[12], imm[4:0] = inst[6:2], sign-extended (c.addi, c.li, c.andi ...).</summary>
    public static long CI(uint c) => SignExtend(Bit(c, 12, 5) | ((c >> 2) & 0x1F), 6);

    /// <summary>CI shift amount: shamt[5] = inst[12], shamt[4:0] = inst[6:2] (zero-extended).</summary>
    public static long CShamt(uint c) => Bit(c, 12, 5) | ((c >> 2) & 0x1F);

    /// <summary>c.lui: nzimm[17] = inst[12], nzimm[16:12] = inst[6:2], sign-extended.</summary>
    public static long CLui(uint c) => SignExtend((Bit(c, 12, 5) | ((c >> 2) & 0x1F)) << 12, 18);

    /// <summary>c.addi16sp: nzimm[9] = inst[12], nzimm[4|6|8:7|5] = inst[6:2].</summary>
    public static long CAddi16Sp(uint c) =>
        SignExtend(Bit(c, 12, 9) | Bit(c, 6, 4) | Bit(c, 5, 6) | (((c >> 3) & 3) << 7) | Bit(c, 2, 5), 10);

    /// <summary>c.addi4spn: nzuimm[5:4|9:6|2|3] = inst[12:5].</summary>
    public static long CAddi4Spn(uint c) =>
        (((c >> 11) & 3) << 4) | (((c >> 7) & 0xF) << 6) | Bit(c, 6, 2) | Bit(c, 5, 3);

    /// <summary>c.lw/c.sw: uimm[5:3] = inst[12:10], uimm[2] = inst[6], uimm[6] = inst[5].</summary>
    public static long CLoadStoreW(uint c) => (((c >> 10) & 7) << 3) | Bit(c, 6, 2) | Bit(c, 5, 6);

    /// <summary>c.ld/c.sd/c.fld/c.fsd: uimm[5:3] = inst[12:10], uimm[7:6] = inst[6:5].</summary>
    public static long CLoadStoreD(uint c) => (((c >> 10) & 7) << 3) | (((c >> 5) & 3) << 6);

    /// <summary>c.lwsp: uimm[5] = inst[12], uimm[4:2|7:6] = inst[6:2].</summary>
    public static long CLwsp(uint c) => Bit(c, 12, 5) | (((c >> 4) & 7) << 2) | (((c >> 2) & 3) << 6);

    /// <summary>c.ldsp/c.fldsp: uimm[5] = inst[12], uimm[4:3|8:6] = inst[6:2].</summary>
    public static long CLdsp(uint c) => Bit(c, 12, 5) | (((c >> 5) & 3) << 3) | (((c >> 2) & 7) << 6);

    /// <summary>c.swsp: uimm[5:2|7:6] = inst[12:7].</summary>
    public static long CSwsp(uint c) => (((c >> 9) & 0xF) << 2) | (((c >> 7) & 3) << 6);

    /// <summary>c.sdsp/c.fsdsp: uimm[5:3|8:6] = inst[12:7].</summary>
    public static long CSdsp(uint c) => (((c >> 10) & 7) << 3) | (((c >> 7) & 7) << 6);

    /// <summary>c.j/c.jal: imm[11|4|9:8|10|6|7|3:1|5] = inst[12:2].</summary>
    public static long CJ(uint c) => SignExtend(
        Bit(c, 12, 11) | Bit(c, 11, 4) | (((c >> 9) & 3) << 8) | Bit(c, 8, 10) | Bit(c, 7, 6) | Bit(c, 6, 7) |
        (((c >> 3) & 7) << 1) | Bit(c, 2, 5), 12);

    /// <summary>c.beqz/c.bnez: imm[8|4:3] = inst[12:10], imm[7:6|2:1|5] = inst[6:2].</summary>
    public static long CB(uint c) => SignExtend(
        Bit(c, 12, 8) | (((c >> 10) & 3) << 3) | (((c >> 5) & 3) << 6) | (((c >> 3) & 3) << 1) | Bit(c, 2, 5), 9);
}
