// The disassembler's own behaviour, without the cross tools: aliases, operand formats, address comments,
// ISA strings, CSR names, ELF attributes and the listing layout.
using RvJit.Runtime.Isa;

namespace RvJit.Runtime.Tests;

public class DisassemblerTests
{
    private static string Format(uint raw, ulong pc = 0x10000, Func<ulong, string?>? symbolize = null) =>
        Disassembler.Format(Decoder.Decode(raw), pc, symbolize);

    private static uint E(Op op, int rd = 0, int rs1 = 0, int rs2 = 0, long imm = 0, int rs3 = 0, int rm = 0) =>
        Encoder.Encode(op, rd, rs1, rs2, imm, rs3, rm);

    public static TheoryData<uint, string> Examples => new()
    {
        // Base instructions and objdump's names for the immediate forms.
        { E(Op.Addi, 2, 2, imm: -16), "add\tsp,sp,-16" },
        { E(Op.Ld, 1, 2, imm: 8), "ld\tra,8(sp)" },
        { E(Op.Sd, rs1: 2, rs2: 8, imm: -24), "sd\ts0,-24(sp)" },
        { E(Op.Lui, 15, imm: 0x12000), "lui\ta5,0x12" },
        { E(Op.Lui, 15, imm: -4096), "lui\ta5,0xfffff" },
        { E(Op.Slli, 10, 11, imm: 63), "sll\ta0,a1,0x3f" },
        { E(Op.Sraiw, 10, 11, imm: 5), "sraw\ta0,a1,0x5" },
        { E(Op.Xori, 10, 11, imm: 5), "xor\ta0,a1,5" },
        { E(Op.Slti, 10, 11, imm: -5), "slti\ta0,a1,-5" },
        { E(Op.Mul, 10, 11, 12), "mul\ta0,a1,a2" },
        // Aliases.
        { E(Op.Addi), "nop" },
        { E(Op.Addi, 10), "li\ta0,0" },
        { E(Op.Addi, 10, 11), "mv\ta0,a1" },
        { E(Op.Xori, 10, 11, imm: -1), "not\ta0,a1" },
        { E(Op.Sub, 10, 0, 11), "neg\ta0,a1" },
        { E(Op.Subw, 10, 0, 11), "negw\ta0,a1" },
        { E(Op.Addiw, 10, 11), "sext.w\ta0,a1" },
        { E(Op.Sltiu, 10, 11, imm: 1), "seqz\ta0,a1" },
        { E(Op.Sltu, 10, 0, 11), "snez\ta0,a1" },
        { E(Op.Slt, 10, 11, 0), "sltz\ta0,a1" },
        { E(Op.Slt, 10, 0, 11), "sgtz\ta0,a1" },
        { E(Op.Andi, 10, 11, imm: 255), "zext.b\ta0,a1" },
        { E(Op.AddUw, 10, 11, 0), "zext.w\ta0,a1" },
        { E(Op.Jalr, 0, 1), "ret" },
        { E(Op.Jalr, 0, 15), "jr\ta5" },
        { E(Op.Jalr, 1, 15), "jalr\ta5" },
        { E(Op.Jalr, 5, 15), "jalr\tt0,a5" },
        { E(Op.Jalr, 1, 15, imm: 8), "jalr\t8(a5)" },
        { E(Op.Jalr, 5, 15, imm: -8), "jalr\tt0,-8(a5)" },
        // CSRs.
        { 0xF1402573, "csrr\ta0,mhartid" },
        { E(Op.Csrrw, 0, 10, imm: 0x305), "csrw\tmtvec,a0" },
        { E(Op.Csrrs, 0, 10, imm: 0x300), "csrs\tmstatus,a0" },
        { E(Op.Csrrc, 0, 10, imm: 0x300), "csrc\tmstatus,a0" },
        { E(Op.Csrrw, 5, 10, imm: 0x340), "csrrw\tt0,mscratch,a0" },
        { E(Op.Csrrwi, 0, 8, imm: 0x340), "csrw\tmscratch,8" },
        { E(Op.Csrrsi, 0, 8, imm: 0x300), "csrs\tmstatus,8" },
        { E(Op.Csrrci, 0, 8, imm: 0x300), "csrc\tmstatus,8" },
        { E(Op.Csrrsi, 5, 8, imm: 0x300), "csrrs\tt0,mstatus,8" },
        { E(Op.Csrrs, 10, 0, imm: 0x7ff), "csrr\ta0,0x7ff" },
        { E(Op.Csrrs, 10, 0, imm: 1), "frflags\ta0" },
        { E(Op.Csrrw, 0, 10, imm: 1), "fsflags\ta0" },
        { E(Op.Csrrw, 11, 10, imm: 1), "fsflags\ta1,a0" },
        { E(Op.Csrrs, 10, 0, imm: 2), "frrm\ta0" },
        { E(Op.Csrrw, 0, 10, imm: 2), "fsrm\ta0" },
        { E(Op.Csrrs, 10, 0, imm: 3), "frcsr\ta0" },
        { E(Op.Csrrw, 0, 10, imm: 3), "fscsr\ta0" },
        { E(Op.Csrrwi, 10, 1, imm: 2), "fsrmi\ta0,1" },
        { E(Op.Csrrwi, 10, 4, imm: 1), "fsflagsi\ta0,4" },
        { E(Op.Csrrs, 10, 0, imm: 0xc00), "rdcycle\ta0" },
        { E(Op.Csrrs, 10, 0, imm: 0xc01), "rdtime\ta0" },
        { E(Op.Csrrs, 10, 0, imm: 0xc02), "rdinstret\ta0" },
        { 0xC0001073, "unimp" },
        // Floating point: rounding mode only when not dynamic; moves and sign tricks.
        { E(Op.FsgnjD, 10, 8, 8), "fmv.d\tfa0,fs0" },
        { E(Op.FsgnjS, 10, 8, 8), "fmv.s\tfa0,fs0" },
        { E(Op.FsgnjxD, 10, 8, 8), "fabs.d\tfa0,fs0" },
        { E(Op.FsgnjnS, 10, 8, 8), "fneg.s\tfa0,fs0" },
        { E(Op.FsgnjD, 10, 8, 9), "fsgnj.d\tfa0,fs0,fs1" },
        { E(Op.FcvtWD, 10, 15, rm: 1), "fcvt.w.d\ta0,fa5,rtz" },
        { E(Op.FcvtWD, 10, 15, rm: 7), "fcvt.w.d\ta0,fa5" },
        { E(Op.FaddD, 10, 11, 12, rm: 0), "fadd.d\tfa0,fa1,fa2,rne" },
        { E(Op.FaddD, 10, 11, 12, rm: 5), "fadd.d\tfa0,fa1,fa2,unknown" },
        { E(Op.FmaddS, 10, 11, 12, rs3: 13, rm: 7), "fmadd.s\tfa0,fa1,fa2,fa3" },
        { E(Op.FcvtDW, 10, 11, rm: 0), "fcvt.d.w\tfa0,a1" },
        { E(Op.FcvtDW, 10, 11, rm: 7), ".4byte\t0xd205f553" },
        { E(Op.FeqD, 10, 11, 12), "feq.d\ta0,fa1,fa2" },
        { E(Op.FmvXD, 10, 11), "fmv.x.d\ta0,fa1" },
        { E(Op.Fld, 10, 2, imm: 8), "fld\tfa0,8(sp)" },
        { E(Op.Fsw, rs1: 2, rs2: 10, imm: -4), "fsw\tfa0,-4(sp)" },
        // Atomics: ordering bits become suffixes.
        { E(Op.LrW, 10, 11, rm: 2), "lr.w.aq\ta0,(a1)" },
        { E(Op.ScD, 10, 11, 12, rm: 1), "sc.d.rl\ta0,a2,(a1)" },
        { E(Op.AmoaddW, 10, 11, 12, rm: 3), "amoadd.w.aqrl\ta0,a2,(a1)" },
        { E(Op.AmoswapD, 10, 11, 12), "amoswap.d\ta0,a2,(a1)" },
        // Fences and system instructions.
        { 0x0FF0000F, "fence" },
        { 0x8330000F, "fence.tso" },
        { 0x0230000F, "fence\tr,rw" },
        { 0x0100000F, "pause" }, // a fence w,0 without Zihintpause (A_more_general_row_prints_...)
        { 0x0FF0008F, ".4byte\t0xff0008f" }, // rd != 0: objdump has no name
        { 0x0000100F, "fence.i" },
        { 0x12000073, "sfence.vma" },
        { 0x12050073, "sfence.vma\ta0" },
        { 0x12B50073, "sfence.vma\ta0,a1" },
        { 0x00000073, "ecall" },
        { 0x00100073, "ebreak" },
        { 0x30200073, "mret" },
        { 0x10500073, "wfi" },
        { 0x7B200073, "dret" }, // not an rvjit instruction, but objdump names it
        { 0xFFFFFFFF, ".4byte\t0xffffffff" },
        // Bit manipulation immediates print under the register form's name.
        { E(Op.Rori, 10, 11, imm: 7), "ror\ta0,a1,0x7" },
        { E(Op.Bseti, 10, 11, imm: 33), "bset\ta0,a1,0x21" },
        { E(Op.SlliUw, 10, 11, imm: 2), "slli.uw\ta0,a1,0x2" },
        { E(Op.Rev8, 10, 11), "rev8\ta0,a1" },
        { E(Op.Sh2add, 10, 11, 12), "sh2add\ta0,a1,a2" },
        // Compressed instructions print as their expansion, with a few objdump spellings of their own.
        { 0x4501, "li\ta0,0" },
        { 0x8082, "ret" },
        { 0x9082, "jalr\tra" },
        { 0x7131, "add\tsp,sp,-192" },
        { 0x0001, "nop" },
        { 0x0005, "c.nop\t1" },
        { 0x4001, "c.li\tzero,0" },
        { 0x0581, "add\ta1,a1,0" },
        { 0x852E, "mv\ta0,a1" },
        { 0x802E, "c.mv\tzero,a1" },
        { 0x902E, "c.add\tzero,a1" },
        { 0x0502, "c.slli64\ta0" },
        { 0x8001, "c.srli64\ts0" },
        { 0x2501, "sext.w\ta0,a0" },
        { 0x0000, "unimp" },
        { 0x6101, "add\tsp,sp,0" }, // reserved (nzimm = 0), yet objdump names it
        { 0x4002, ".2byte\t0x4002" }, // c.lwsp x0: reserved
        { 0x1FE8, "add\ta0,sp,1020" },
        { 0x75FD, "lui\ta1,0xfffff" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Formats_like_objdump(uint raw, string expected) => Assert.Equal(expected, Format(raw));

    [Fact]
    public void Targets_are_absolute_addresses_with_the_symbol_name()
    {
        string? Names(ulong a) => a switch { 0x1c6c8 => "foo", 0x10430 => "main+0x20", _ => null };
        Assert.Equal("jal\t1c6c8 <foo>", Format(E(Op.Jal, 1, imm: 0xc6c8), 0x10000, Names));
        Assert.Equal("beqz\ta0,10430 <main+0x20>", Format(E(Op.Beq, 0, 10, 0, imm: 0x30), 0x10400, Names));
        Assert.Equal("j\tffe0", Format(E(Op.Jal, 0, imm: -0x20), 0x10000, Names));
        Assert.Equal("jal\tt0,10008", Format(E(Op.Jal, 5, imm: 8), 0x10000, Names));
        Assert.Equal("bgez\ta0,0xfff8", Format(E(Op.Bge, 0, 10, 0, imm: -8), 0x10000));
        Assert.Equal("blez\ta0,0x10004", Format(E(Op.Bge, 0, 0, 10, imm: 4), 0x10000));
        Assert.Equal("bne\ta0,a1,0x10010", Format(E(Op.Bne, 0, 10, 11, imm: 16), 0x10000));
        Assert.Equal("j\t0xfffe", Format(0xBFFD, 0x10000)); // c.j -2, printed as its expansion
    }

    /// <summary>objdump's address comments: a lui/auipc value is used once by the next access through that
    /// register; gp needs __global_pointer$; tp and x0 bases always give an address.</summary>
    [Fact]
    public void Session_annotates_addresses_built_by_lui_and_auipc()
    {
        var session = new DisassemblerSession(new DisassemblerOptions { GlobalPointer = 0x7ebe0 }, a => $"s{a:x}");
        Assert.Equal("auipc\ta4,0x6e", session.Format(Decoder.Decode(0x0006E717), 0x10442));
        Assert.Equal("ld\ta4,-1114(a4) # 7dfe8 <s7dfe8>", session.Format(Decoder.Decode(0xBA673703), 0x10446));
        Assert.Equal("ld\ta4,-1114(a4)", session.Format(Decoder.Decode(0xBA673703), 0x1044a)); // used up
        Assert.Equal("add\ts0,gp,488 # 7edc8 <s7edc8>", session.Format(Decoder.Decode(0x1E818413), 0x1043c));
        Assert.Equal("add\ts2,tp,-1888 # fffffffffffff8a0 <sfffffffffffff8a0>", session.Format(Decoder.Decode(0x8A020913), 0x10456));
        Assert.Equal("lui\ta5,0x12", session.Format(Decoder.Decode(E(Op.Lui, 15, imm: 0x12000)), 0));
        Assert.Equal("mv\ta0,a5", session.Format(Decoder.Decode(E(Op.Addi, 10, 15)), 4)); // mv shows no immediate: no use
        Assert.Equal("addw\ta0,a5,-1 # 11fff <s11fff>", session.Format(Decoder.Decode(E(Op.Addiw, 10, 15, imm: -1)), 8));
        Assert.Equal("lui\ta5,0x80000", session.Format(Decoder.Decode(E(Op.Lui, 15, imm: -0x80000000L)), 0));
        Assert.Equal("addw\ta0,a5,-1 # 7fffffff <s7fffffff>", session.Format(Decoder.Decode(E(Op.Addiw, 10, 15, imm: -1)), 8));
        // A compressed load never consumes the value; the 32-bit one after it does.
        Assert.Equal("auipc\ta1,0x0", session.Format(Decoder.Decode(0x00000597), 0x100));
        Assert.Equal("ld\ta2,16(a1)", session.Format(Decoder.Decode(0x6990), 0x104));
        Assert.Equal("ld\ta2,16(a1) # 110 <s110>", session.Format(Decoder.Decode(E(Op.Ld, 12, 11, imm: 16)), 0x106));
        Assert.Equal("jr\tzero # 0 <s0>", session.Format(Decoder.Decode(0x00000067), 0x200));

        var noGp = new DisassemblerSession();
        Assert.Equal("add\ts0,gp,488", noGp.Format(Decoder.Decode(0x1E818413), 0x1043c));
        Assert.Equal("lui\ta5,0x12", noGp.Format(Decoder.Decode(E(Op.Lui, 15, imm: 0x12000)), 0));
        noGp.Reset();
        Assert.Equal("add\ta0,a5,4", noGp.Format(Decoder.Decode(E(Op.Addi, 10, 15, imm: 4)), 4));
    }

    [Fact]
    public void Extensions_outside_the_set_print_as_raw_words()
    {
        var rv64g = new DisassemblerSession(new DisassemblerOptions
        {
            Extensions = ExtensionSet.Of(Extension.I, Extension.M, Extension.A, Extension.F, Extension.D,
                Extension.Zicsr, Extension.Zifencei, Extension.Priv),
        });
        Assert.Equal(".2byte\t0x4501", rv64g.Format(Decoder.Decode(0x4501), 0));
        Assert.Equal(".4byte\t0x40c5f533", rv64g.Format(Decoder.Decode(E(Op.Andn, 10, 11, 12)), 0));
        Assert.Equal("and\ta0,a1,a2", rv64g.Format(Decoder.Decode(E(Op.And, 10, 11, 12)), 0));
        var noD = new DisassemblerSession(new DisassemblerOptions { Extensions = ExtensionSet.ParseArch("rv64imafc")!.Value });
        Assert.Equal(".2byte\t0x2532", noD.Format(Decoder.Decode(0x2532), 0)); // c.fldsp needs D
        Assert.Equal("lw\ta0,252(sp)", noD.Format(Decoder.Decode(0x557E), 0));
    }

    /// <summary>An arch without the extension of the most specific row prints a more general row it does
    /// have, as objdump does: pause without Zihintpause is a fence, zext.h without Zbb is Zbkb's packw.</summary>
    [Fact]
    public void A_more_general_row_prints_when_the_specific_one_is_outside_the_arch()
    {
        var rv64gc = new DisassemblerSession(new DisassemblerOptions { Extensions = ExtensionSet.Rv64gc });
        Assert.Equal("fence\tw,unknown", rv64gc.Format(Decoder.Decode(0x0100000F), 0));
        var pause = new DisassemblerSession(new DisassemblerOptions { Extensions = ExtensionSet.ParseArch("rv64gc_zihintpause")!.Value });
        Assert.Equal("pause", pause.Format(Decoder.Decode(0x0100000F), 0));
        var zbkb = new DisassemblerSession(new DisassemblerOptions { Extensions = ExtensionSet.ParseArch("rv64gc_zbkb")!.Value });
        Assert.Equal("packw\ta0,a1,zero", zbkb.Format(Decoder.Decode(0x0805C53B), 0));
        Assert.Equal("andn\ta0,a1,a2", zbkb.Format(Decoder.Decode(E(Op.Andn, 10, 11, 12)), 0)); // Zbkb shares it with Zbb
        Assert.Equal(".4byte\t0x60059513", zbkb.Format(Decoder.Decode(0x60059513), 0)); // clz is Zbb only
        var zbb = new DisassemblerSession(new DisassemblerOptions { Extensions = ExtensionSet.ParseArch("rv64gc_zbb")!.Value });
        Assert.Equal("zext.h\ta0,a1", zbb.Format(Decoder.Decode(0x0805C53B), 0));
    }

    /// <summary>binutils 2.40 predates Zicond, so no objdump here knows it: the spelling of binutils 2.41+.</summary>
    [Fact]
    public void Zicond_prints_as_newer_binutils_spell_it()
    {
        var all = new DisassemblerSession(DisassemblerOptions.Default);
        Assert.Equal("czero.eqz\ta0,a1,a2", all.Format(Decoder.Decode(E(Op.CzeroEqz, 10, 11, 12)), 0));
        Assert.Equal("czero.nez\ta0,a1,a2", all.Format(Decoder.Decode(E(Op.CzeroNez, 10, 11, 12)), 0));
        var rv64gc = new DisassemblerSession(new DisassemblerOptions { Extensions = ExtensionSet.Rv64gc });
        Assert.Equal(".4byte\t0xec5d533", rv64gc.Format(Decoder.Decode(E(Op.CzeroEqz, 10, 11, 12)), 0));
    }

    [Theory]
    [InlineData("rv64gc", "I,M,A,F,D,C,Zicsr,Zifencei,Priv")]
    [InlineData("rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0_zmmul1p0", "I,M,A,F,D,C,Zicsr,Zifencei,Priv")]
    [InlineData("rv64i2p0_m2p0_a2p0_f2p0_d2p0_c2p0_zba1p0_zbb1p0_zbs1p0", "I,M,A,F,D,C,Zicsr,Zifencei,Zba,Zbb,Zbs,Priv")]
    [InlineData("rv64i2p1_c2p0", "I,C,Priv")]
    [InlineData("RV64IMAC_zba", "I,M,A,C,Zba,Priv")]
    [InlineData("rv64imfd", "I,M,F,D,Zicsr,Priv")]
    [InlineData("rv64i2p1_m2p0_zbc1p0_zbkb1p0_zbkc1p0_zbkx1p0_zicond1p0", "I,M,Priv,Zbc,Zbkc,Zbkb,Zbkx,Zicond")]
    [InlineData("rv64i_zihintpause2p0_zfh1p0", "I,F,Zicsr,Priv,Zihintpause,Zfh,Zfhmin")]
    [InlineData("rv64id_zfhmin", "I,F,D,Zicsr,Priv,Zfhmin")]
    public void Isa_strings_give_extension_sets(string arch, string expected) =>
        Assert.Equal(expected, ExtensionSet.ParseArch(arch)!.Value.ToString());

    [Theory]
    [InlineData("")]
    [InlineData("x86_64")]
    [InlineData("rv64")]
    [InlineData("rv64_zba")]
    public void Non_isa_strings_are_rejected(string arch) => Assert.Null(ExtensionSet.ParseArch(arch));

    [Fact]
    public void Csr_names_follow_the_privileged_spec_version()
    {
        Assert.Equal("mhartid", CsrNames.Get(0xf14));
        Assert.Equal("satp", CsrNames.Get(0x180));
        Assert.Equal("sptbr", CsrNames.Get(0x180, PrivSpec.V1_9_1));
        Assert.Equal("ustatus", CsrNames.Get(0x000, PrivSpec.V1_11));
        Assert.Null(CsrNames.Get(0x000, PrivSpec.V1_12));
        Assert.Equal("menvcfg", CsrNames.Get(0x30a));
        Assert.Null(CsrNames.Get(0x30a, PrivSpec.V1_11));
        Assert.Equal("pmpaddr63", CsrNames.Get(0x3ef));
        Assert.Null(CsrNames.Get(0x3ef, PrivSpec.V1_11));
        Assert.Equal("hpmcounter31h", CsrNames.Get(0xc9f));
        Assert.Equal("mhpmevent3", CsrNames.Get(0x323));
        Assert.Null(CsrNames.Get(0x7ff));
        Assert.Null(CsrNames.Get(4096));
    }

    [Fact]
    public void Names_of_registers_rounding_modes_and_fence_sets()
    {
        Assert.Equal("zero", RegisterNames.Integer(0));
        Assert.Equal("s0", RegisterNames.Integer(8));
        Assert.Equal("t6", RegisterNames.Integer(31));
        Assert.Equal("ft0", RegisterNames.Float(0));
        Assert.Equal("fs11", RegisterNames.Float(27));
        Assert.Equal("rmm", RegisterNames.RoundingMode(4));
        Assert.Equal("dyn", RegisterNames.RoundingMode(7));
        Assert.Equal("iorw", RegisterNames.FenceSet(15));
        Assert.Equal("ow", RegisterNames.FenceSet(5));
        Assert.Equal("unknown", RegisterNames.FenceSet(0));
    }

    [Theory]
    [InlineData(0x0001, 2)]
    [InlineData(0x0013, 4)]
    [InlineData(0x001f, 6)]
    [InlineData(0x003f, 8)]
    [InlineData(0x007f, 10)]
    [InlineData(0x607f, 22)]
    [InlineData(0x707f, 2)]
    [InlineData(0xffff, 2)]
    public void Instruction_lengths_follow_objdump(int parcel, int length) =>
        Assert.Equal(length, DisassemblerSession.InstructionLength((ushort)parcel));

    [Fact]
    public void Long_encodings_print_as_data_directives()
    {
        var session = new DisassemblerSession();
        Assert.Equal(".8byte\t0x8877665544332a3f",
            session.Format(new byte[] { 0x3f, 0x2a, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 }, 0, out int eight));
        Assert.Equal(8, eight);
        Assert.Equal(".byte\t0x1f, 0x00, 0x01, 0x02, 0x03, 0x04",
            session.Format(new byte[] { 0x1f, 0, 1, 2, 3, 4, 99 }, 0, out int six));
        Assert.Equal(6, six);
    }

    [Fact]
    public void Riscv_attributes_are_read()
    {
        // 'A', subsection (57 bytes) "riscv", Tag_File (47 bytes): stack_align 16, arch, priv spec 1.11.0.
        byte[] section =
        [
            0x41, 57, 0, 0, 0, .. "riscv\0"u8.ToArray(), 0x01, 47, 0, 0, 0,
            0x04, 0x10, 0x05, .. "rv64i2p1_m2p0_a2p1_c2p0_zicsr2p0\0"u8.ToArray(), 0x08, 0x01, 0x0a, 0x0b, 0x0c, 0x00,
        ];
        var values = Runtime.Isa.DisassemblerElf.ReadAttributes(section);
        Assert.Equal(16UL, values[4]);
        Assert.Equal("rv64i2p1_m2p0_a2p1_c2p0_zicsr2p0", values[5]);
        Assert.Equal(1UL, values[8]);
        Assert.Equal(11UL, values[10]);
        Assert.Equal(0UL, values[12]);
        Assert.Empty(Runtime.Isa.DisassemblerElf.ReadAttributes([0x42, 1, 2]));
        Assert.Empty(Runtime.Isa.DisassemblerElf.ReadAttributes([0x41, 0xff, 0xff, 0, 0]));
    }

    [Fact]
    public void Listing_lays_out_labels_bytes_and_zero_runs()
    {
        byte[] code =
        [
            0x13, 0x05, 0x00, 0x00, // li a0,0 (32-bit)
            0x01, 0x45,             // li a0,0 (compressed)
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // ten zero bytes: skipped in words, "..."
            0x82, 0x80,             // ret
            0, 0,                   // two zero bytes at the end of the symbol: "..."
            0x01, 0x00,             // nop at the second symbol
        ];
        var symbols = new[]
        {
            new ListingSymbol("first", 0x80000000, 20, 1, ".text", ListingSymbolFlags.Global | ListingSymbolFlags.Function),
            new ListingSymbol("second", 0x80000014, 2, 1, ".text", ListingSymbolFlags.Local | ListingSymbolFlags.Function),
            new ListingSymbol("$xrv64i2p1_c2p0", 0x80000000, 0, 1, ".text", ListingSymbolFlags.Local),
        };
        var listing = new DisassemblerListing(symbols, new DisassemblerOptions());
        var text = new StringWriter { NewLine = "\n" };
        listing.WriteSection(text, new ListingSection(1, ".text", 0x80000000, code, true));
        Assert.Equal("""

            Disassembly of section .text:

            0000000080000000 <first>:
                80000000:	00000513          	li	a0,0
                80000004:	4501                	li	a0,0
            	...
                8000000e:	0000                	unimp
                80000010:	8082                	ret
            	...

            0000000080000014 <second>:
                80000014:	0001                	nop

            """.Replace("\r", ""), text.ToString());
    }
}
