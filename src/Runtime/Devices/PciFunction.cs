// A PCI function's configuration space (type 0 header) as a host bridge serves it through ECAM: identity and
// class, command and status, BARs with the write-ones-to-size protocol, a capability list, the interrupt pin.
using System.Buffers.Binary;

namespace RvJit.Runtime.Devices;

/// <summary>What a BAR decodes: I/O space, 32-bit memory, or 64-bit prefetchable memory (two BAR registers).</summary>
public enum PciBarKind { Io, Memory32, Memory64Prefetchable }

/// <summary>
/// The configuration space of one function: 256 bytes (the extended space above reads 0: no PCIe extended
/// capabilities), written through a per-byte mask of writable bits as QEMU keeps it. A BAR reads back its address
/// with the low bits of its size cleared, so writing all ones and reading gives the size; the guest assigns the
/// address, and the function decodes it once the command register enables its space (I/O bit 0, memory bit 1).
/// Accesses to a BAR arrive as offsets within it. The INTx line (pin A) is the function's request unless the
/// command register's INTx-disable bit is set; status bit 3 shows the request either way.
/// </summary>
public abstract class PciFunction
{
    public const int ConfigSpaceSize = 4096;
    public const ushort CommandIo = 1, CommandMemory = 2, CommandBusMaster = 4, CommandIntxDisable = 0x400;
    public const ushort StatusInterrupt = 8, StatusCapabilities = 0x10;
    public const int RegVendor = 0x00, RegCommand = 0x04, RegStatus = 0x06, RegRevision = 0x08, RegClass = 0x09, RegCacheLine = 0x0c,
        RegHeaderType = 0x0e, RegBar0 = 0x10, RegSubsystemVendor = 0x2c, RegCapabilities = 0x34, RegInterruptLine = 0x3c, RegInterruptPin = 0x3d;

    private readonly record struct Bar(PciBarKind Kind, ulong Size);

    private readonly byte[] config = new byte[256];
    private readonly byte[] writable = new byte[256];
    private readonly Bar?[] bars = new Bar?[6];
    private readonly ulong[] barAddress = new ulong[6];
    private byte lastCapability;
    private bool interruptRequest;

    protected PciFunction(ushort vendor, ushort device, byte revision, uint classCode, ushort subsystemVendor, ushort subsystem, bool interruptPin)
    {
        Put16(RegVendor, vendor);
        Put16(RegVendor + 2, device);
        config[RegRevision] = revision;
        config[RegClass] = (byte)classCode;
        config[RegClass + 1] = (byte)(classCode >> 8);
        config[RegClass + 2] = (byte)(classCode >> 16);
        Put16(RegSubsystemVendor, subsystemVendor);
        Put16(RegSubsystemVendor + 2, subsystem);
        // Command: I/O, memory, bus master, SERR, parity, INTx disable (as QEMU lets a guest write).
        writable[RegCommand] = 0x47;
        writable[RegCommand + 1] = 0x05;
        writable[RegCacheLine] = 0xff;
        if (interruptPin)
        {
            config[RegInterruptPin] = 1;
            writable[RegInterruptLine] = 0xff;
        }
    }

    /// <summary>Called by the host when the INTx line this function drives may have changed.</summary>
    internal Action? IntxChanged { get; set; }

    /// <summary>The function drives its INTx line (its request, unless INTx is disabled in the command register).</summary>
    public bool IntxAsserted => interruptRequest && (Command & CommandIntxDisable) == 0;

    public ushort Command => BinaryPrimitives.ReadUInt16LittleEndian(config.AsSpan(RegCommand));
    public bool BusMaster => (Command & CommandBusMaster) != 0;

    /// <summary>The guest-assigned address of BAR <paramref name="index"/> (a 64-bit BAR's address in its first register).</summary>
    public ulong BarAddress(int index) => barAddress[index];

    protected void DefineBar(int index, PciBarKind kind, ulong size)
    {
        if (size < 4 || (size & (size - 1)) != 0 || (kind != PciBarKind.Io && size < 16)) throw new ArgumentOutOfRangeException(nameof(size));
        bars[index] = new Bar(kind, size);
    }

    /// <summary>Adds a capability with its body (after the ID and next-pointer bytes) at <paramref name="offset"/>;
    /// <paramref name="writableBits"/>, if given, marks bits of the body the guest may write.</summary>
    protected void AddCapability(byte offset, byte id, ReadOnlySpan<byte> body, ReadOnlySpan<byte> writableBits = default)
    {
        config[offset] = id;
        body.CopyTo(config.AsSpan(offset + 2));
        writableBits.CopyTo(writable.AsSpan(offset + 2));
        if (lastCapability == 0) config[RegCapabilities] = offset;
        else config[lastCapability + 1] = offset;
        lastCapability = offset;
        Put16(RegStatus, (ushort)(Status | StatusCapabilities));
    }

    private ushort Status => BinaryPrimitives.ReadUInt16LittleEndian(config.AsSpan(RegStatus));

    protected byte ConfigByte(int offset) => config[offset];

    private void Put16(int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(config.AsSpan(at), v);

    /// <summary>Sets the function's interrupt request (its ISR, for instance); the host updates the PLIC line.</summary>
    protected void RequestInterrupt(bool request)
    {
        if (interruptRequest == request) return;
        interruptRequest = request;
        IntxChanged?.Invoke();
    }

    /// <summary>A configuration read (1, 2 or 4 bytes, naturally aligned) at an offset in the 4 KiB space.</summary>
    public uint ReadConfig(int offset, int size)
    {
        if (offset >= config.Length) return 0;
        uint dword = ReadDword(offset & ~3);
        return (uint)((dword >> (8 * (offset & 3))) & (size == 4 ? 0xFFFF_FFFFu : (1u << (8 * size)) - 1));
    }

    private uint ReadDword(int reg)
    {
        if (reg is >= RegBar0 and < RegBar0 + 24) return ReadBarRegister((reg - RegBar0) / 4);
        if (ConfigRead(reg) is uint special) return special;
        uint v = BinaryPrimitives.ReadUInt32LittleEndian(config.AsSpan(reg));
        if (reg == RegCommand && interruptRequest) v |= (uint)StatusInterrupt << 16;
        return v;
    }

    private uint ReadBarRegister(int index)
    {
        if (bars[index] is { } bar)
        {
            uint low = (uint)barAddress[index] & (uint)~(bar.Size - 1);
            return bar.Kind switch
            {
                PciBarKind.Io => low | 1,
                PciBarKind.Memory32 => low,
                _ => low | 0xc, // 64-bit, prefetchable
            };
        }
        if (index > 0 && bars[index - 1] is { Kind: PciBarKind.Memory64Prefetchable } wide)
            return (uint)((barAddress[index - 1] & ~(wide.Size - 1)) >> 32);
        return 0;
    }

    /// <summary>A configuration write (1, 2 or 4 bytes): only the writable bits change; BARs take an address.</summary>
    public void WriteConfig(int offset, int size, uint value)
    {
        if (offset >= config.Length) return;
        int reg = offset & ~3, shift = 8 * (offset & 3);
        uint mask = size == 4 ? 0xFFFF_FFFFu : ((1u << (8 * size)) - 1) << shift;
        value <<= shift;
        if (reg is >= RegBar0 and < RegBar0 + 24)
        {
            WriteBarRegister((reg - RegBar0) / 4, (ReadBarRegister((reg - RegBar0) / 4) & ~mask) | (value & mask));
            return;
        }
        if (ConfigWrite(reg, size, value >> shift)) return;
        bool intx = IntxAsserted;
        for (int i = 0; i < 4; i++)
        {
            if ((mask >> (8 * i) & 0xff) == 0) continue;
            byte w = writable[reg + i];
            config[reg + i] = (byte)((config[reg + i] & ~w) | ((byte)(value >> (8 * i)) & w));
        }
        ConfigWritten(reg);
        if (intx != IntxAsserted) IntxChanged?.Invoke();
    }

    private void WriteBarRegister(int index, uint value)
    {
        if (bars[index] is { } bar)
        {
            ulong keep = bar.Kind == PciBarKind.Memory64Prefetchable ? barAddress[index] & 0xFFFF_FFFF_0000_0000UL : 0;
            barAddress[index] = (keep | value) & ~(bar.Size - 1);
        }
        else if (index > 0 && bars[index - 1] is { Kind: PciBarKind.Memory64Prefetchable } wide)
            barAddress[index - 1] = (((ulong)value << 32) | (barAddress[index - 1] & 0xFFFF_FFFFUL)) & ~(wide.Size - 1);
    }

    /// <summary>A configuration register (the dword at <paramref name="reg"/>) was written: capabilities react here.</summary>
    protected virtual void ConfigWritten(int reg) { }

    /// <summary>A register a capability serves itself (a window onto a BAR): its dword, or null for the stored bytes.</summary>
    protected virtual uint? ConfigRead(int reg) => null;

    /// <summary>A write of <paramref name="size"/> bytes (<paramref name="value"/>, unshifted) that a capability takes
    /// itself; false leaves it to the writable-bits mask.</summary>
    protected virtual bool ConfigWrite(int reg, int size, uint value) => false;

    /// <summary>The BAR and the offset in it that an access to <paramref name="address"/> in I/O or memory space
    /// reaches, if this function decodes it now.</summary>
    public bool Decodes(bool io, ulong address, int size, out int index, out ulong offset)
    {
        ushort command = Command;
        for (int i = 0; i < bars.Length; i++)
        {
            if (bars[i] is not { } bar || (bar.Kind == PciBarKind.Io) != io) continue;
            if ((command & (io ? CommandIo : CommandMemory)) == 0) continue;
            ulong at = address - barAddress[i];
            if (at < bar.Size && (ulong)size <= bar.Size - at)
            {
                (index, offset) = (i, at);
                return true;
            }
        }
        (index, offset) = (0, 0);
        return false;
    }

    /// <summary>A read of 1, 2, 4 or 8 bytes at <paramref name="offset"/> in BAR <paramref name="bar"/>.</summary>
    public abstract ulong ReadBar(int bar, ulong offset, int size);
    public abstract void WriteBar(int bar, ulong offset, int size, ulong value);
}
