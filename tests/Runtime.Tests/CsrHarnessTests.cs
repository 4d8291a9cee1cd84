// Shared test harness for the CSR, trap, Sv39 and device tests: one hart on a bus with 16 MiB of RAM.
// (Named *Tests.cs only to follow the test-file ownership pattern; it holds no tests itself.)
using RvJit.Runtime.Hart;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Tests;

/// <summary>A hart with RAM at <see cref="RamBase"/>, a settable clock, and CSR helpers that assert legality.</summary>
internal sealed unsafe class HartHarness : IDisposable
{
    public const ulong RamBase = 0x8000_0000;
    public const ulong RamSize = 16UL << 20;

    public PhysicalMemory Ram { get; }
    public Bus Bus { get; }
    public Hart.Hart Hart { get; }

    /// <summary>The value the hart's time source returns.</summary>
    public ulong Now;

    public HartHarness(ulong hartId = 0, bool viewsPerPrivilege = false)
    {
        Ram = new PhysicalMemory(RamBase, RamSize);
        Bus = new Bus(Ram);
        Hart = new Hart.Hart(Bus, hartId, viewsPerPrivilege);
        Hart.Time = () => Now;
    }

    public CsrFile Csrs => Hart.Csrs;

    public Privilege Privilege
    {
        get => Hart.Privilege;
        set => Hart.Privilege = value;
    }

    public ulong Read(uint csr)
    {
        Assert.True(Hart.Csrs.TryRead(csr, out ulong value), $"csr 0x{csr:x} should be readable at {Hart.Privilege}");
        return value;
    }

    public void Write(uint csr, ulong value) =>
        Assert.True(Hart.Csrs.TryWrite(csr, value), $"csr 0x{csr:x} should be writable at {Hart.Privilege}");

    /// <summary>Reads a CSR at M-mode whatever the current privilege.</summary>
    public ulong ReadAsMachine(uint csr)
    {
        Privilege saved = Hart.Privilege;
        Hart.Privilege = Privilege.Machine;
        ulong value = Read(csr);
        Hart.Privilege = saved;
        return value;
    }

    public void WriteAsMachine(uint csr, ulong value)
    {
        Privilege saved = Hart.Privilege;
        Hart.Privilege = Privilege.Machine;
        Write(csr, value);
        Hart.Privilege = saved;
    }

    public ulong Load64(ulong pa) => *(ulong*)Ram.HostPointer(pa);
    public void Store64(ulong pa, ulong value) => *(ulong*)Ram.HostPointer(pa) = value;

    public void Dispose()
    {
        Hart.Dispose();
        Ram.Dispose();
    }
}
