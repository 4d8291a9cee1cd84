// Explicit RVC mnemonics (c.*), each with operands inside the encoding's constraints. (Besides these, the
// assembler compresses ordinary instructions on its own under `.option rvc`.)
namespace RvJit.RiscvTests.Differential;

internal sealed partial class BodyGenerator
{
    private static readonly string[] CompressedRegisterOps = ["c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw"];

    private int SourceXCompressed() => rng.Between(8, 15);

    private int NonZeroImm6()
    {
        int v;
        do v = rng.Between(-32, 31); while (v == 0);
        return v;
    }

    private BodyOp[] CompressedOp()
    {
        switch (rng.Below(17))
        {
            case 0: { int rd = DestXNonZero(); return [Op($"c.addi {X(rd)}, {NonZeroImm6()}", WritesX(rd))]; }
            case 1: { int rd = DestXNonZero(); return [Op($"c.li {X(rd)}, {rng.Between(-32, 31)}", WritesX(rd))]; }
            case 2:
            {
                // c.lui takes the 20-bit upper immediate: 1..0x1f, or 0xfffe0..0xfffff for negative values.
                int rd = DestXNonZero();
                int imm = rng.Percent(50) ? rng.Between(1, 0x1F) : rng.Between(0xFFFE0, 0xFFFFF);
                return [Op($"c.lui {X(rd)}, 0x{imm:x}", WritesX(rd))];
            }
            case 3: { int rs = NonZeroSourceX(); int rd = DestXNonZero(); return [Op($"c.mv {X(rd)}, {X(rs)}", WritesX(rd))]; }
            case 4: { int rs = NonZeroSourceX(); int rd = DestXNonZero(); return [Op($"c.add {X(rd)}, {X(rs)}", WritesX(rd))]; }
            case 5:
            {
                int rs = SourceXCompressed();
                int rd = DestXCompressed();
                return [Op($"{rng.Pick(CompressedRegisterOps)} {X(rd)}, {X(rs)}", WritesX(rd))];
            }
            case 6: { int rd = DestXCompressed(); return [Op($"c.andi {X(rd)}, {rng.Between(-32, 31)}", WritesX(rd))]; }
            case 7:
            {
                int rd = DestXCompressed();
                return [Op($"{(rng.Percent(50) ? "c.srli" : "c.srai")} {X(rd)}, {rng.Between(1, 63)}", WritesX(rd))];
            }
            case 8: { int rd = DestXNonZero(); return [Op($"c.slli {X(rd)}, {rng.Between(1, 63)}", WritesX(rd))]; }
            case 9: { int rd = DestXNonZero(); return [Op($"c.addiw {X(rd)}, {rng.Between(-32, 31)}", WritesX(rd))]; }
            case 10:
            {
                // c.addi4spn: rd' = sp + a non-zero multiple of 4 (an address, the same on both sides).
                int rd = DestXCompressed();
                return [Op($"c.addi4spn {X(rd)}, sp, {4 * rng.Between(1, 255)}", WritesX(rd))];
            }
            case 11:
            {
                bool d = rng.Percent(50);
                int size = d ? 8 : 4;
                int offset = size * rng.Below(32);
                if (rng.Percent(50))
                {
                    int rd = DestXCompressed();
                    return [Op($"c.l{(d ? 'd' : 'w')} {X(rd)}, {offset}({X(ScratchMiddleRegister)})", WritesX(rd))];
                }
                int rs = SourceXCompressed();
                return [Op($"c.s{(d ? 'd' : 'w')} {X(rs)}, {offset}({X(ScratchMiddleRegister)})", StoreWrites(2048 + offset, size))];
            }
            case 12:
            {
                bool d = rng.Percent(50);
                int size = d ? 8 : 4;
                int offset = size * rng.Below(64);
                if (rng.Percent(50))
                {
                    int rd = DestXNonZero();
                    return [Op($"c.l{(d ? 'd' : 'w')}sp {X(rd)}, {offset}(sp)", WritesX(rd))];
                }
                int rs = SourceX();
                return [Op($"c.s{(d ? 'd' : 'w')}sp {X(rs)}, {offset}(sp)", StoreWrites(offset, size))];
            }
            case 13:
            {
                int offset = 8 * rng.Below(32);
                if (rng.Percent(50))
                {
                    int fd = rng.Between(8, 15);
                    Remember(recentF, fd);
                    return [Op($"c.fld {F(fd)}, {offset}({X(ScratchMiddleRegister)})", [F(fd)])];
                }
                int fs = rng.Between(8, 15);
                return [Op($"c.fsd {F(fs)}, {offset}({X(ScratchMiddleRegister)})", StoreWrites(2048 + offset, 8))];
            }
            case 14:
            {
                int offset = 8 * rng.Below(64);
                if (rng.Percent(50))
                {
                    int fd = DestF();
                    return [Op($"c.fldsp {F(fd)}, {offset}(sp)", [F(fd)])];
                }
                int fs = SourceF();
                return [Op($"c.fsdsp {F(fs)}, {offset}(sp)", StoreWrites(offset, 8))];
            }
            case 15: return [Op("c.nop")];
            default:
            {
                // c.add with the same register as both operands (doubles it).
                int rd = DestXCompressed();
                return [Op($"c.add {X(rd)}, {X(rd)}", WritesX(rd))];
            }
        }
    }

    private int NonZeroSourceX()
    {
        int r;
        do r = SourceX(); while (r == 0);
        return r;
    }
}
