using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// The FP CSRs (fflags, frm, fcsr) run inside translated code (libm saves and restores fflags around its
/// work): every CSR instruction form on them, mixed with FP arithmetic whose flags and dynamic rounding
/// depend on them, must leave the interpreter's exact state; with FP off they raise illegal instruction.
/// </summary>
public sealed class FpCsrTests
{
    private const int T0 = 5, T1 = 6, T2 = 7, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15;
    private const int Fflags = 0x001, Frm = 0x002, Fcsr = 0x003;

    private static List<uint> Program()
    {
        var code = new List<uint>
        {
            Encoder.Encode(Op.Addi, rd: T0, imm: 1),
            Encoder.Encode(Op.FcvtDL, rd: 1, rs1: T0, rm: 0),             // f1 = 1.0
            Encoder.Encode(Op.Addi, rd: T0, imm: 3),
            Encoder.Encode(Op.FcvtDL, rd: 2, rs1: T0, rm: 0),             // f2 = 3.0
        };
        // Loop four times so the block runs compiled: each round rounds 1/3 in another dynamic mode.
        code.Add(Encoder.Encode(Op.Addi, rd: T2, imm: 4));
        int loop = code.Count;
        code.Add(Encoder.Encode(Op.Csrrw, rd: A0, rs1: T2, imm: Frm));       // frm = t2 (4..1), a0 = old frm
        code.Add(Encoder.Encode(Op.FdivD, rd: 3, rs1: 1, rs2: 2, rm: 7));  // dyn: inexact, sets NX
        code.Add(Encoder.Encode(Op.FmvXD, rd: A1, rs1: 3));
        code.Add(Encoder.Encode(Op.Add, rd: A5, rs1: A5, rs2: A1));        // accumulate the rounded results
        code.Add(Encoder.Encode(Op.Csrrs, rd: A2, imm: Fflags));           // frflags a2 (read only)
        code.Add(Encoder.Encode(Op.Csrrci, rd: A3, rs1: 1, imm: Fflags));  // clear NX, a3 = old flags
        code.Add(Encoder.Encode(Op.Csrrsi, rd: A4, rs1: 0x14, imm: Fcsr)); // set DZ|... a4 = fcsr
        code.Add(Encoder.Encode(Op.Csrrwi, rs1: 0, imm: Fflags));          // fsflags zero, rd = x0
        code.Add(Encoder.Encode(Op.Csrrc, rd: T1, rs1: 0, imm: Fcsr));     // read fcsr via csrrc x0
        code.Add(Encoder.Encode(Op.Add, rd: A5, rs1: A5, rs2: A4));
        code.Add(Encoder.Encode(Op.Addi, rd: T2, rs1: T2, imm: -1));
        code.Add(Encoder.Encode(Op.Bne, rs1: T2, rs2: 0, imm: 4 * (loop - code.Count)));
        code.Add(Encoder.Encode(Op.Ecall));
        return code;
    }

    [Fact]
    public void Fp_csr_instructions_in_translated_code_match_the_interpreter()
    {
        string Run(string engine)
        {
            using var m = new UserModeMachine(engine);
            m.WriteCode(UserModeMachine.CodeBase, Program());
            var trap = m.RunToTrap();
            Assert.Equal(ExceptionCause.EcallFromUser, trap?.Cause);
            return m.DescribeState();
        }
        string interp = Run("interp"), jit = Run("jit");
        Assert.Equal(interp, jit);
        Assert.Contains("x10=0000000000000002", interp); // old frm in the last round
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Fp_csr_access_with_fp_off_is_illegal(string engine)
    {
        using var m = new UserModeMachine(engine);
        m.Hart.Csrs.Mstatus &= ~(3UL << 13); // FS = Off
        uint frflags = Encoder.Encode(Op.Csrrs, rd: A0, imm: Fflags);
        m.WriteCode(UserModeMachine.CodeBase, [Encoder.Encode(Op.Addi, rd: A1, imm: 7), frflags, Encoder.Encode(Op.Ecall)]);
        var trap = m.RunToTrap();
        Assert.Equal(ExceptionCause.IllegalInstruction, trap?.Cause);
        Assert.Equal(frflags, trap?.Tval);
        Assert.Equal(UserModeMachine.CodeBase + 4, m.Hart.Pc);
        Assert.Equal(7UL, m.Hart.GetX(A1));
    }
}
