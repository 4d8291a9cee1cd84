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
}
