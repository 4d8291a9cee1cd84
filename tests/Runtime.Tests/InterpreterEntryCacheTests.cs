// The interpreter's entry cache (virtual pc -> decoded run) must not outlive what a virtual pc fetches: a mapping
// the guest changes in the middle of a Run (a PTE store, then sfence.vma) sends the next call to the new frame.
using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Tests;

public class InterpreterEntryCacheTests
{
    private const ulong V = 1, R = 2, W = 4, X = 8, A = 64, D = 128;
    private const int Ra = 1, T1 = 6, T2 = 7, T3 = 28, A0 = 10;
    private const ulong Code = 0x10000, Function = 0x11000, TableWindow = 0x12000;
    private const int Mepc = 0x341;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_remap_inside_a_run_sends_the_next_call_to_the_new_frame(bool viewsPerPrivilege)
    {
        using var h = new HartHarness(viewsPerPrivilege: viewsPerPrivilege);
        var pt = new Sv39Tests.PageTables(h);
        h.Write(CsrNumber.Satp, pt.Satp);
        h.Privilege = Privilege.Supervisor;
        ulong codeFrame = HartHarness.RamBase + 0x20_0000, first = HartHarness.RamBase + 0x21_0000, second = HartHarness.RamBase + 0x22_0000;
        pt.Map(Code, codeFrame, 0, V | R | X | A);
        ulong leaf = pt.Map(Function, first, 0, V | R | X | A);
        pt.Map(TableWindow, leaf & ~0xFFFUL, 0, V | R | W | A | D); // the guest writes the function's PTE through this
        ulong newPte = ((second >> 12) << 10) | V | R | X | A;
        Assert.True(newPte < 0x8000_0000); // lui + addiw make it

        Write(h, codeFrame,
            Encoder.Encode(Op.Lui, rd: T1, imm: (long)Function),
            Encoder.Encode(Op.Jalr, rd: Ra, rs1: T1),                                   // a0 += 1 (first frame)
            Encoder.Encode(Op.Lui, rd: T3, imm: (long)TableWindow),
            Encoder.Encode(Op.Lui, rd: T2, imm: (long)((newPte + 0x800) & 0xFFFFF000)),
            Encoder.Encode(Op.Addiw, rd: T2, rs1: T2, imm: (long)(newPte << 52) >> 52),
            Encoder.Encode(Op.Sd, rs1: T3, rs2: T2, imm: (long)(leaf & 0xFFF)),         // remap the function's page
            Encoder.Encode(Op.SfenceVma),
            Encoder.Encode(Op.Jalr, rd: Ra, rs1: T1),                                   // a0 += 100 (second frame)
            Encoder.Encode(Op.Jal, imm: 0));                                            // parks here
        Write(h, first, Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1), Encoder.Encode(Op.Jalr, rs1: Ra));
        Write(h, second, Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 100), Encoder.Encode(Op.Jalr, rs1: Ra));
        h.Hart.Pc = Code;

        new Interpreter.Interpreter(h.Hart).Run(h.Hart, 100);

        Assert.Equal(101UL, h.Hart.GetX(A0));
        Assert.Equal(Code + 0x20, h.Hart.Pc);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_entry_made_at_one_privilege_is_not_taken_at_another(bool viewsPerPrivilege)
    {
        // M-mode (bare) runs 0x8000_0000 and mrets to S-mode at the same virtual pc, which Sv39 maps to another frame.
        using var h = new HartHarness(viewsPerPrivilege: viewsPerPrivilege);
        var pt = new Sv39Tests.PageTables(h);
        h.Write(CsrNumber.Satp, pt.Satp);
        ulong machineCode = HartHarness.RamBase, supervisorFrame = HartHarness.RamBase + 0x20_0000;
        pt.Map(machineCode, supervisorFrame, 0, V | R | X | A);
        Write(h, machineCode,
            Encoder.Encode(Op.Auipc, rd: T1),
            Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),
            Encoder.Encode(Op.Csrrw, rs1: T1, imm: Mepc),
            Encoder.Encode(Op.Mret));
        Write(h, supervisorFrame, Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 100), Encoder.Encode(Op.Jal, imm: 0));
        h.Privilege = Privilege.Machine;
        h.Hart.Csrs.Mstatus = (h.Hart.Csrs.Mstatus & ~(3UL << 11)) | (1UL << 11); // MPP = S
        h.Hart.Pc = machineCode;

        new Interpreter.Interpreter(h.Hart).Run(h.Hart, 100);

        Assert.Equal(Privilege.Supervisor, h.Hart.Privilege);
        Assert.Equal(101UL, h.Hart.GetX(A0));
        Assert.Equal(machineCode + 4, h.Hart.Pc);
    }

    private static void Write(HartHarness h, ulong pa, params uint[] words)
    {
        for (int i = 0; i < words.Length; i++) BitConverter.GetBytes(words[i]).CopyTo(h.Ram.Span(pa + (ulong)(4 * i), 4));
        h.Ram.NoteStore(pa, (ulong)(4 * words.Length));
    }
}
