using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>Instruction sequences the hand-written guest programs of these tests share.</summary>
internal static class GuestCode
{
    /// <summary>rd = value (sign-extended from 32 bits): lui + addiw, with lui rounded for addiw's signed immediate.</summary>
    public static uint[] Li32(int rd, uint value) =>
    [
        Encoder.Encode(Op.Lui, rd: rd, imm: (int)((value + 0x800) & 0xFFFFF000)),
        Encoder.Encode(Op.Addiw, rd: rd, rs1: rd, imm: (int)(value << 20) >> 20),
    ];

    private const int Ra = 1, T0 = 5, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14;

    /// <summary>A loop of a1 iterations calling the function <paramref name="functionOffset"/> bytes from its start (in another
    /// page, for the cross-page tests), then ecall.</summary>
    public static uint[] CallInLoop(long functionOffset) =>
    [
        Encoder.Encode(Op.Jal, rd: Ra, imm: (int)functionOffset),  // 0x00 loop: call f
        Encoder.Encode(Op.Addi, rd: A1, rs1: A1, imm: -1),         // 0x04
        Encoder.Encode(Op.Bne, rs1: A1, rs2: 0, imm: -8),          // 0x08
        Encoder.Encode(Op.Ecall),                                  // 0x0c
    ];

    /// <summary>The region tests' loop: three blocks (0x00, 0x08, 0x10) with two exits to blocks that only leave
    /// (0x40, 0x48, each ending at an ecall).</summary>
    public static uint[] LoopWithExits() =>
    [
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),           // 0x00 loop
        Encoder.Encode(Op.Beq, rs1: A0, rs2: A1, imm: 0x40 - 0x04), // 0x04 -> exit A
        Encoder.Encode(Op.Andi, rd: T0, rs1: A0, imm: 7),           // 0x08
        Encoder.Encode(Op.Beq, rs1: T0, rs2: A3, imm: 0x48 - 0x0c), // 0x0c -> exit B
        Encoder.Encode(Op.Addi, rd: A2, rs1: A2, imm: 3),           // 0x10
        Encoder.Encode(Op.Blt, rs1: A0, rs2: A1, imm: 0x00 - 0x14), // 0x14 -> loop
        Encoder.Encode(Op.Ecall),                                   // 0x18
        .. Enumerable.Repeat(Encoder.Encode(Op.Addi, rd: 0, rs1: 0, imm: 0), 9), // 0x1c..0x3c
        Encoder.Encode(Op.Addi, rd: A4, rs1: A4, imm: 1),           // 0x40 exit A
        Encoder.Encode(Op.Ecall),                                   // 0x44
        Encoder.Encode(Op.Addi, rd: A4, rs1: A4, imm: 2),           // 0x48 exit B
        Encoder.Encode(Op.Ecall),                                   // 0x4c
    ];
}
