using RvJit.Runtime.Isa;

namespace RvJit.Translator.Tests;

/// <summary>
/// The store-buffering litmus test on two harts on two host threads: each stores 1 to its own flag, fences, and
/// loads the other's flag. With fence rw,rw in between RVWMO forbids both loads reading 0; x86-64 lets a load pass
/// an earlier store (the store buffer), so the engines must put a host full fence there.
/// </summary>
public sealed class ParallelFenceTests
{
    private const int T0 = 5, T1 = 6, T2 = 7, S0 = 8, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, T3 = 28, T4 = 29, T5 = 30;
    private const int Rounds = 50_000;
    private const int FenceRwRw = 0b0000_0011_0011;

    /// <summary>Round i (1..a5): my round counter (a2) = i; wait until the other's (a3) reaches i; mine[i] (a0) = 1;
    /// fence; seen[i] (a4) = theirs[i] (a1).</summary>
    private static uint[] StoreBuffering() =>
    [
        Encoder.Encode(Op.Addi, rd: S0, rs1: S0, imm: 1),            // 0x00 loop: i++
        Encoder.Encode(Op.Sd, rs1: A2, rs2: S0),                     // 0x04 my counter = i
        Encoder.Encode(Op.Ld, rd: T0, rs1: A3),                      // 0x08 wait: t0 = the other's counter
        Encoder.Encode(Op.Blt, rs1: T0, rs2: S0, imm: -4),           // 0x0c until it reached i
        Encoder.Encode(Op.Slli, rd: T1, rs1: S0, imm: 3),            // 0x10 t1 = 8 i
        Encoder.Encode(Op.Add, rd: T2, rs1: A0, rs2: T1),            // 0x14 &mine[i]
        Encoder.Encode(Op.Add, rd: T3, rs1: A1, rs2: T1),            // 0x18 &theirs[i]
        Encoder.Encode(Op.Addi, rd: T4, imm: 1),                     // 0x1c
        Encoder.Encode(Op.Sd, rs1: T2, rs2: T4),                     // 0x20 mine[i] = 1
        Encoder.Encode(Op.Fence, imm: FenceRwRw),                    // 0x24
        Encoder.Encode(Op.Ld, rd: T5, rs1: T3),                      // 0x28 t5 = theirs[i]
        Encoder.Encode(Op.Add, rd: T1, rs1: A4, rs2: T1),            // 0x2c
        Encoder.Encode(Op.Sd, rs1: T1, rs2: T5),                     // 0x30 seen[i] = t5
        Encoder.Encode(Op.Bne, rs1: S0, rs2: A5, imm: -0x34),        // 0x34
        Encoder.Encode(Op.Ecall),
    ];

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Fence_rw_rw_keeps_both_harts_from_missing_each_others_store(string engine)
    {
        const ulong arrayBytes = (Rounds + 1) * 8;
        ulong counters = SharedRamHarts.DataBase;
        ulong flags0 = counters + 0x1000, flags1 = flags0 + arrayBytes, seen0 = flags1 + arrayBytes, seen1 = seen0 + arrayBytes;
        using var harts = new SharedRamHarts(engine, 2, StoreBuffering(), ramSize: 8UL << 20);
        for (int h = 0; h < 2; h++)
        {
            harts[h].SetX(A0, h == 0 ? flags0 : flags1);
            harts[h].SetX(A1, h == 0 ? flags1 : flags0);
            harts[h].SetX(A2, counters + 64 * (ulong)h); // the counters on separate cache lines
            harts[h].SetX(A3, counters + 64 * (ulong)(1 - h));
            harts[h].SetX(A4, h == 0 ? seen0 : seen1);
            harts[h].SetX(A5, Rounds);
        }
        harts.RunAll();

        int bothMissed = 0;
        for (ulong i = 1; i <= Rounds; i++)
            if (harts.Load64(seen0 + 8 * i) == 0 && harts.Load64(seen1 + 8 * i) == 0) bothMissed++;
        Assert.Equal(0, bothMissed);
    }
}
