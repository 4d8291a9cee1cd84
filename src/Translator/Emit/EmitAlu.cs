using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Semantics;

namespace RvJit.Translator.Emit;

/// <summary>Integer computation: RV64I ALU, M, Zba, Zbb, Zbs, Zbc, Zbkb, Zbkx, Zicond. One IL opcode where the semantics is one
/// host operation; otherwise a call to the same <see cref="IntOps"/> method the interpreter uses.</summary>
internal sealed partial class BlockEmitter
{
    private static MethodInfo IntOp(string name) => IntOpMethods.ByName[name];
    private static MethodInfo BitOp(string name, params Type[] args) => typeof(BitOperations).GetMethod(name, args)!;

    /// <summary><see cref="IntOps"/>' methods by name, read once when the first instruction that calls one is emitted
    /// (not by reflection on each use).</summary>
    private static class IntOpMethods
    {
        public static readonly IReadOnlyDictionary<string, MethodInfo> ByName =
            typeof(IntOps).GetMethods(BindingFlags.Public | BindingFlags.Static).GroupBy(m => m.Name).Where(g => g.Count() == 1)
                .ToDictionary(g => g.Key, g => g.Single());
    }

    private void EmitAlu(in Instruction d)
    {
        if (idioms.RotateAt(index) is { } rotate)
        {
            EmitRotate(rotate);
            StoreX(d.Rd);
            return;
        }
        if (idioms.QuotientFor(index) is { } quotient) // rem after div of the same operands: no second division
        {
            LoadX(d.Rs1);
            LoadX(d.Rs2);
            LoadX(quotient);
            EmitMember(OpCodes.Call, IntOp(d.Op is Op.Remw or Op.Remuw ? nameof(IntOps.RemwFromQuotient) : nameof(IntOps.RemFromQuotient)));
            StoreX(d.Rd);
            return;
        }
        switch (d.Op)
        {
            case Op.Lui: Imm(d.Imm); break;
            case Op.Auipc: PushPc(offset); Imm(d.Imm); il.Emit(OpCodes.Add); break;

            case Op.Addi: RsImm(d, OpCodes.Add); break;
            case Op.Xori: RsImm(d, OpCodes.Xor); break;
            case Op.Ori: RsImm(d, OpCodes.Or); break;
            case Op.Andi: RsImm(d, OpCodes.And); break;
            case Op.Slti: LoadX(d.Rs1); Imm(d.Imm); il.Emit(OpCodes.Clt); il.Emit(OpCodes.Conv_U8); break;
            case Op.Sltiu: LoadX(d.Rs1); Imm(d.Imm); il.Emit(OpCodes.Clt_Un); il.Emit(OpCodes.Conv_U8); break;
            case Op.Slli: ShiftImm(d, OpCodes.Shl); break;
            case Op.Srli: ShiftImm(d, OpCodes.Shr_Un); break;
            case Op.Srai: ShiftImm(d, OpCodes.Shr); break;

            case Op.Add: RsRs(d, OpCodes.Add); break;
            case Op.Sub: RsRs(d, OpCodes.Sub); break;
            case Op.Xor: RsRs(d, OpCodes.Xor); break;
            case Op.Or: RsRs(d, OpCodes.Or); break;
            case Op.And: RsRs(d, OpCodes.And); break;
            case Op.Mul: RsRs(d, OpCodes.Mul); break;
            case Op.Slt: LoadX(d.Rs1); LoadX(d.Rs2); il.Emit(OpCodes.Clt); il.Emit(OpCodes.Conv_U8); break;
            case Op.Sltu: LoadX(d.Rs1); LoadX(d.Rs2); il.Emit(OpCodes.Clt_Un); il.Emit(OpCodes.Conv_U8); break;
            case Op.Sll: ShiftReg(d, OpCodes.Shl, 63); break;
            case Op.Srl: ShiftReg(d, OpCodes.Shr_Un, 63); break;
            case Op.Sra: ShiftReg(d, OpCodes.Shr, 63); break;

            // W forms: compute on 32 bits, sign-extend.
            case Op.Addiw when idioms.IsRedundantSext(index): LoadX(d.Rs1); break; // sext.w of a value already sign-extended
            case Op.Addiw: RsImm(d, OpCodes.Add); SextW(); break;
            case Op.Addw: RsRs(d, OpCodes.Add); SextW(); break;
            case Op.Subw: RsRs(d, OpCodes.Sub); SextW(); break;
            case Op.Mulw: RsRs(d, OpCodes.Mul); SextW(); break;
            case Op.Slliw: LoadX(d.Rs1); il.Emit(OpCodes.Conv_U4); il.Emit(OpCodes.Ldc_I4, (int)d.Imm); il.Emit(OpCodes.Shl); il.Emit(OpCodes.Conv_I8); break;
            case Op.Srliw: LoadX(d.Rs1); il.Emit(OpCodes.Conv_U4); il.Emit(OpCodes.Ldc_I4, (int)d.Imm); il.Emit(OpCodes.Shr_Un); il.Emit(OpCodes.Conv_I8); break;
            case Op.Sraiw: LoadX(d.Rs1); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Ldc_I4, (int)d.Imm); il.Emit(OpCodes.Shr); il.Emit(OpCodes.Conv_I8); break;
            case Op.Sllw: ShiftRegW(d, OpCodes.Shl, signed: false); break;
            case Op.Srlw: ShiftRegW(d, OpCodes.Shr_Un, signed: false); break;
            case Op.Sraw: ShiftRegW(d, OpCodes.Shr, signed: true); break;

            case Op.Mulh: Call2(d, IntOp(nameof(IntOps.Mulh))); break;
            case Op.Mulhsu: Call2(d, IntOp(nameof(IntOps.Mulhsu))); break;
            case Op.Mulhu: Call2(d, IntOp(nameof(IntOps.Mulhu))); break;
            case Op.Div: Call2(d, IntOp(nameof(IntOps.Div))); break;
            case Op.Divu: Call2(d, IntOp(nameof(IntOps.Divu))); break;
            case Op.Rem: Call2(d, IntOp(nameof(IntOps.Rem))); break;
            case Op.Remu: Call2(d, IntOp(nameof(IntOps.Remu))); break;
            case Op.Divw: Call2(d, IntOp(nameof(IntOps.Divw))); break;
            case Op.Divuw: Call2(d, IntOp(nameof(IntOps.Divuw))); break;
            case Op.Remw: Call2(d, IntOp(nameof(IntOps.Remw))); break;
            case Op.Remuw: Call2(d, IntOp(nameof(IntOps.Remuw))); break;

            // Zba
            case Op.AddUw: LoadX(d.Rs1); Zext32(); LoadX(d.Rs2); il.Emit(OpCodes.Add); break;
            case Op.Sh1add: ShAdd(d, 1, uw: false); break;
            case Op.Sh2add: ShAdd(d, 2, uw: false); break;
            case Op.Sh3add: ShAdd(d, 3, uw: false); break;
            case Op.Sh1addUw: ShAdd(d, 1, uw: true); break;
            case Op.Sh2addUw: ShAdd(d, 2, uw: true); break;
            case Op.Sh3addUw: ShAdd(d, 3, uw: true); break;
            case Op.SlliUw: LoadX(d.Rs1); Zext32(); il.Emit(OpCodes.Ldc_I4, (int)d.Imm); il.Emit(OpCodes.Shl); break;

            // Zbb
            case Op.Andn: LoadX(d.Rs1); LoadX(d.Rs2); il.Emit(OpCodes.Not); il.Emit(OpCodes.And); break;
            case Op.Orn: LoadX(d.Rs1); LoadX(d.Rs2); il.Emit(OpCodes.Not); il.Emit(OpCodes.Or); break;
            case Op.Xnor: RsRs(d, OpCodes.Xor); il.Emit(OpCodes.Not); break;
            case Op.Clz: LoadX(d.Rs1); EmitMember(OpCodes.Call, BitOp(nameof(BitOperations.LeadingZeroCount), typeof(ulong))); il.Emit(OpCodes.Conv_U8); break;
            case Op.Cpop: LoadX(d.Rs1); EmitMember(OpCodes.Call, BitOp(nameof(BitOperations.PopCount), typeof(ulong))); il.Emit(OpCodes.Conv_U8); break;
            case Op.Cpopw: LoadX(d.Rs1); il.Emit(OpCodes.Conv_U4); EmitMember(OpCodes.Call, BitOp(nameof(BitOperations.PopCount), typeof(uint))); il.Emit(OpCodes.Conv_U8); break;
            case Op.Ctz: Call1(d, IntOp(nameof(IntOps.Ctz))); break;
            case Op.Clzw: Call1(d, IntOp(nameof(IntOps.Clzw))); break;
            case Op.Ctzw: Call1(d, IntOp(nameof(IntOps.Ctzw))); break;
            case Op.OrcB: Call1(d, IntOp(nameof(IntOps.OrcB))); break;
            case Op.Rev8: Call1(d, IntOp(nameof(IntOps.Rev8))); break;
            case Op.Rolw: Call2(d, IntOp(nameof(IntOps.Rolw))); break;
            case Op.Rorw: Call2(d, IntOp(nameof(IntOps.Rorw))); break;
            case Op.Roriw: LoadX(d.Rs1); Imm(d.Imm); EmitMember(OpCodes.Call, IntOp(nameof(IntOps.Rorw))); break;
            case Op.Max: MinMax(d, OpCodes.Bgt); break;
            case Op.Maxu: MinMax(d, OpCodes.Bgt_Un); break;
            case Op.Min: MinMax(d, OpCodes.Blt); break;
            case Op.Minu: MinMax(d, OpCodes.Blt_Un); break;
            case Op.SextB: LoadX(d.Rs1); il.Emit(OpCodes.Conv_I1); il.Emit(OpCodes.Conv_I8); break;
            case Op.SextH: LoadX(d.Rs1); il.Emit(OpCodes.Conv_I2); il.Emit(OpCodes.Conv_I8); break;
            case Op.ZextH: LoadX(d.Rs1); il.Emit(OpCodes.Conv_U2); il.Emit(OpCodes.Conv_U8); break;
            case Op.Rol: LoadX(d.Rs1); LoadX(d.Rs2); il.Emit(OpCodes.Conv_I4); EmitMember(OpCodes.Call, BitOp(nameof(BitOperations.RotateLeft), typeof(ulong), typeof(int))); break;
            case Op.Ror: LoadX(d.Rs1); LoadX(d.Rs2); il.Emit(OpCodes.Conv_I4); EmitMember(OpCodes.Call, BitOp(nameof(BitOperations.RotateRight), typeof(ulong), typeof(int))); break;
            case Op.Rori: LoadX(d.Rs1); il.Emit(OpCodes.Ldc_I4, (int)d.Imm); EmitMember(OpCodes.Call, BitOp(nameof(BitOperations.RotateRight), typeof(ulong), typeof(int))); break;

            // Zbs: the bit index is rs2 & 63 (shl masks to 6 bits on x64 but IL leaves it undefined, so mask).
            case Op.Bset: LoadX(d.Rs1); BitFromReg(d.Rs2); il.Emit(OpCodes.Or); break;
            case Op.Bclr: LoadX(d.Rs1); BitFromReg(d.Rs2); il.Emit(OpCodes.Not); il.Emit(OpCodes.And); break;
            case Op.Binv: LoadX(d.Rs1); BitFromReg(d.Rs2); il.Emit(OpCodes.Xor); break;
            case Op.Bext: LoadX(d.Rs1); LoadX(d.Rs2); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Ldc_I4, 63); il.Emit(OpCodes.And); il.Emit(OpCodes.Shr_Un); Imm(1); il.Emit(OpCodes.And); break;
            case Op.Bseti: LoadX(d.Rs1); Imm(1L << (int)d.Imm); il.Emit(OpCodes.Or); break;
            case Op.Bclri: LoadX(d.Rs1); Imm(~(1L << (int)d.Imm)); il.Emit(OpCodes.And); break;
            case Op.Binvi: LoadX(d.Rs1); Imm(1L << (int)d.Imm); il.Emit(OpCodes.Xor); break;
            case Op.Bexti: LoadX(d.Rs1); il.Emit(OpCodes.Ldc_I4, (int)d.Imm); il.Emit(OpCodes.Shr_Un); Imm(1); il.Emit(OpCodes.And); break;

            // Zbc, Zbkb, Zbkx, Zicond
            case Op.Clmul: Call2(d, IntOp(nameof(IntOps.Clmul))); break;
            case Op.Clmulh: Call2(d, IntOp(nameof(IntOps.Clmulh))); break;
            case Op.Clmulr: Call2(d, IntOp(nameof(IntOps.Clmulr))); break;
            case Op.Pack: Call2(d, IntOp(nameof(IntOps.Pack))); break;
            case Op.Packh: Call2(d, IntOp(nameof(IntOps.Packh))); break;
            case Op.Packw: Call2(d, IntOp(nameof(IntOps.Packw))); break;
            case Op.Brev8: Call1(d, IntOp(nameof(IntOps.Brev8))); break;
            case Op.Xperm4: Call2(d, IntOp(nameof(IntOps.Xperm4))); break;
            case Op.Xperm8: Call2(d, IntOp(nameof(IntOps.Xperm8))); break;
            case Op.CzeroEqz: Call2(d, IntOp(nameof(IntOps.CzeroEqz))); break;
            case Op.CzeroNez: Call2(d, IntOp(nameof(IntOps.CzeroNez))); break;

            default:
                throw new InvalidOperationException($"translator: no emitter for {d.Op}");
        }
        StoreX(d.Rd);
    }

    /// <summary>Keeps the values that rotates found in this block will read, before the first shift reads them
    /// (a shift or a later instruction may overwrite the register).</summary>
    private void CaptureRotateSources()
    {
        if (!idioms.HasRotates) return;
        foreach (var rotate in idioms.CapturesAt(index))
        {
            LocalBuilder source = il.DeclareLocal(typeof(ulong));
            LoadX(rotate.Source);
            il.Emit(OpCodes.Stloc, source);
            rotateSources[rotate] = source;
        }
    }

    /// <summary>One host rotate for a shift-shift-or idiom (<see cref="BlockIdioms"/>).</summary>
    private void EmitRotate(BlockIdioms.Rotate rotate)
    {
        il.Emit(OpCodes.Ldloc, rotateSources[rotate]);
        if (rotate.Word)
        {
            il.Emit(OpCodes.Conv_U4);
            il.Emit(OpCodes.Ldc_I4, rotate.Amount);
            EmitMember(OpCodes.Call, BitOp(nameof(BitOperations.RotateLeft), typeof(uint), typeof(int)));
            SextW();
        }
        else
        {
            il.Emit(OpCodes.Ldc_I4, rotate.Amount);
            EmitMember(OpCodes.Call, BitOp(nameof(BitOperations.RotateLeft), typeof(ulong), typeof(int)));
        }
    }

    private void Imm(long v) => il.Emit(OpCodes.Ldc_I8, v);
    private void SextW() { il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Conv_I8); }
    private void Zext32() { il.Emit(OpCodes.Conv_U4); il.Emit(OpCodes.Conv_U8); }
    private void RsImm(in Instruction d, OpCode op) { LoadX(d.Rs1); Imm(d.Imm); il.Emit(op); }
    private void RsRs(in Instruction d, OpCode op) { LoadX(d.Rs1); LoadX(d.Rs2); il.Emit(op); }
    private void ShiftImm(in Instruction d, OpCode op) { LoadX(d.Rs1); il.Emit(OpCodes.Ldc_I4, (int)d.Imm); il.Emit(op); }

    private void ShiftReg(in Instruction d, OpCode op, int mask)
    {
        LoadX(d.Rs1);
        LoadX(d.Rs2);
        il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Ldc_I4, mask);
        il.Emit(OpCodes.And);
        il.Emit(op);
    }

    private void ShiftRegW(in Instruction d, OpCode op, bool signed)
    {
        LoadX(d.Rs1);
        il.Emit(signed ? OpCodes.Conv_I4 : OpCodes.Conv_U4);
        LoadX(d.Rs2);
        il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Ldc_I4, 31);
        il.Emit(OpCodes.And);
        il.Emit(op);
        il.Emit(OpCodes.Conv_I8);
    }

    private void ShAdd(in Instruction d, int shift, bool uw)
    {
        LoadX(d.Rs1);
        if (uw) Zext32();
        il.Emit(OpCodes.Ldc_I4, shift);
        il.Emit(OpCodes.Shl);
        LoadX(d.Rs2);
        il.Emit(OpCodes.Add);
    }

    private void BitFromReg(int rs2)
    {
        Imm(1);
        LoadX(rs2);
        il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Ldc_I4, 63);
        il.Emit(OpCodes.And);
        il.Emit(OpCodes.Shl);
    }

    // rd = cmp(rs1, rs2) ? rs1 : rs2, with a branch (RyuJIT turns it into cmov). The pick goes through a local:
    // a value left on the IL stack across the join would be spilled to a temporary.
    private void MinMax(in Instruction d, OpCode branchIfRs1)
    {
        Label pickRs1 = il.DefineLabel(), done = il.DefineLabel();
        LoadX(d.Rs1);
        LoadX(d.Rs2);
        il.Emit(branchIfRs1, pickRs1);
        LoadX(d.Rs2);
        il.Emit(OpCodes.Stloc, value);
        il.Emit(OpCodes.Br, done);
        il.MarkLabel(pickRs1);
        LoadX(d.Rs1);
        il.Emit(OpCodes.Stloc, value);
        il.MarkLabel(done);
        il.Emit(OpCodes.Ldloc, value);
    }

    private void Call1(in Instruction d, MethodInfo m) { LoadX(d.Rs1); EmitMember(OpCodes.Call, m); }
    private void Call2(in Instruction d, MethodInfo m) { LoadX(d.Rs1); LoadX(d.Rs2); EmitMember(OpCodes.Call, m); }
}
