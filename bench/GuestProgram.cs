using RvJit.Runtime.Hart;
using RvJit.Runtime.Isa;
using RvJit.Runtime.Memory;

namespace RvJit.Bench;

/// <summary>A bare hart with RAM at 0x8000_0000 and a program written into it with the table-driven encoder.</summary>
internal sealed unsafe class GuestProgram : IDisposable
{
    public const ulong RamBase = 0x8000_0000;
    public PhysicalMemory Ram { get; }
    public Hart Hart { get; }

    public GuestProgram(ulong ramSize = 64UL << 20)
    {
        Ram = new PhysicalMemory(RamBase, ramSize);
        Hart = new Hart(new Bus(Ram));
        Hart.Pc = RamBase;
    }

    public void Write(ulong pa, params uint[] code)
    {
        for (int i = 0; i < code.Length; i++)
            *(uint*)Ram.HostPointer(pa + (ulong)(4 * i)) = code[i];
    }

    /// <summary>
    /// Maps the first GiB of RAM at the same virtual address with one Sv39 gigapage (RWX, A and D set), and
    /// puts the hart in S-mode with that translation on: every load, store and fetch goes through Sv39.
    /// </summary>
    public void EnableSv39Identity()
    {
        ulong root = RamBase + (32UL << 20);
        ulong vpn2 = (RamBase >> 30) & 0x1FF;
        ulong pte = ((RamBase >> 12) << 10) | 0xCF; // V R W X A D
        *(ulong*)Ram.HostPointer(root + vpn2 * 8) = pte;
        Hart.Csrs.Satp = (8UL << 60) | (root >> 12);
        Hart.Privilege = Privilege.Supervisor;
        Hart.Mmu.Flush();
    }

    public void Dispose()
    {
        Hart.Dispose();
        Ram.Dispose();
    }

    // Register numbers used by the benchmark programs.
    public const int A0 = 10, A1 = 11, A2 = 12, A3 = 13, T0 = 5, T1 = 6, S0 = 8;

    public static uint[] IntegerLoop() =>
    [
        // loop: an ALU mix with a backward branch; t0 counts down from 2^62 so it never ends on its own.
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 1),
        Encoder.Encode(Op.Xor, rd: A1, rs1: A1, rs2: A0),
        Encoder.Encode(Op.Add, rd: A2, rs1: A2, rs2: A1),
        Encoder.Encode(Op.Slli, rd: A3, rs1: A2, imm: 3),
        Encoder.Encode(Op.Sub, rd: A3, rs1: A3, rs2: A0),
        Encoder.Encode(Op.Addi, rd: T0, rs1: T0, imm: -1),
        Encoder.Encode(Op.Bne, rs1: T0, rs2: 0, imm: -24),
    ];

    /// <summary>Load/add/store over a 4 KiB window at <paramref name="dataOffset"/> bytes past the code (a multiple of 4 KiB).</summary>
    public static uint[] LoadStoreLoop(long dataOffset) =>
    [
        Encoder.Encode(Op.Auipc, rd: S0, imm: dataOffset),
        Encoder.Encode(Op.Andi, rd: T1, rs1: A0, imm: 0x7F8),
        Encoder.Encode(Op.Add, rd: T1, rs1: T1, rs2: S0),
        Encoder.Encode(Op.Ld, rd: A1, rs1: T1, imm: 0),
        Encoder.Encode(Op.Add, rd: A1, rs1: A1, rs2: A0),
        Encoder.Encode(Op.Sd, rs1: T1, rs2: A1, imm: 8),
        Encoder.Encode(Op.Addi, rd: A0, rs1: A0, imm: 8),
        Encoder.Encode(Op.Bne, rs1: A0, rs2: 0, imm: -24),
    ];
}
