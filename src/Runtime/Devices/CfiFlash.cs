// QEMU's pflash_cfi01 as the virt board makes it: a CFI parallel flash with Intel's command set, whose array is
// kept in the RAM block (so code runs from it in place) and whose writes go back to the image file.
using System.Numerics;
using Microsoft.Win32.SafeHandles;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// One flash bank of QEMU's virt board (hw/block/pflash_cfi01.c with virt's properties): 32 MiB of 256 KiB sectors,
/// a 32-bit bank of two 16-bit devices (Intel 0x89, device 0x18), erased bytes 0xFF. In read-array mode a read
/// returns the array; a write starts a command (QEMU's model: 0x10/0x40 program a word, 0x20 erases a sector at once,
/// 0xD0 confirms, 0xE8 buffered program, 0x50 clears the status, 0x60 lock commands accepted, 0x70 status, 0x90 ids,
/// 0x98 CFI query, 0xFF or 0x00 read array). Reads after a command answer with the status, the ids or the CFI table,
/// replicated for both devices, until read-array mode comes back. A buffered program collects its words in a copy of
/// the 4 KiB block and writes it at the confirm, unless the status shows a program error (as Debian's QEMU 7.2.22,
/// whose pflash has the 7.2.9 fix; 7.2.0 stored each word at once).
/// <para>The array lives in the RAM block's pages at <see cref="Base"/> (the virt machine's block starts at the
/// flash): instruction fetches read it there, so firmware runs in place; the pages are device pages, so every load
/// and store comes here. A program or erase changes the array through <see cref="PhysicalMemory.NoteStore"/>, which drops
/// the code decoded or translated from those bytes, and writes the changed sectors to the image file unless the
/// drive is read-only (then the status shows a program or erase error, as QEMU's).</para>
/// </summary>
public sealed unsafe class CfiFlash : IMmioDevice, IDisposable
{
    public const ulong SectorLength = 256 * 1024;
    public const int BankWidth = 4, DeviceWidth = 2;
    public const ushort ManufacturerId = 0x89, DeviceId = 0x18;
    private const int Devices = BankWidth / DeviceWidth;
    private const byte Ready = 0x80, EraseError = 0x20, ProgramError = 0x10;
    /// <summary>QEMU's write-buffer size (2^11 per device, the CFI table's entry 0x2A) times the devices.</summary>
    public const int WriteBlockSize = (1 << 11) * Devices;

    private readonly PhysicalMemory ram;
    private readonly byte* array;
    private readonly SafeFileHandle? file;
    private readonly bool readOnly;
    private readonly byte[] cfi;
    private readonly Lock gate = new();

    // QEMU's state: the command in progress, the write cycle within it, the status register, the buffered write's
    // count, and whether reads see the array (its "romd" mode).
    private byte command;
    private int cycle;
    private byte status = Ready;
    private ulong counter;
    private bool readArray = true;
    /// <summary>The buffered program's block (QEMU 7.2.9 and later: a copy of the block taken at the count, written to
    /// the array at the confirm, dropped on an abort); -1 when none is open.</summary>
    private long bufferOffset = -1;
    private readonly byte[] buffer = new byte[WriteBlockSize];

    public string Name { get; }
    public ulong Base { get; }
    public ulong Size { get; }

    /// <summary>The flash at <paramref name="base"/> in <paramref name="ram"/>'s block. <paramref name="image"/> (raw,
    /// exactly <paramref name="size"/> bytes, as QEMU requires) fills it, else it reads as zeros (QEMU's flash without
    /// a drive); writes reach the file unless <paramref name="readOnly"/> or <paramref name="keepWritesInMemory"/>.</summary>
    public CfiFlash(string name, ulong @base, ulong size, PhysicalMemory ram, string? image, bool readOnly, bool keepWritesInMemory)
    {
        if (size == 0 || size % SectorLength != 0) throw new ArgumentException($"{name}: the size must be a multiple of {SectorLength} bytes");
        if (!ram.Contains(@base, size)) throw new ArgumentException($"{name}: 0x{@base:x} (+0x{size:x}) is outside the RAM block");
        Name = name;
        Base = @base;
        Size = size;
        this.ram = ram;
        this.readOnly = readOnly;
        array = ram.HostPointer(@base);
        cfi = CfiTable(size);
        if (image is null) return;
        long length = new FileInfo(image).Length;
        if ((ulong)length != size) throw new ArgumentException($"{image}: device requires {size} bytes, block backend provides {length} bytes");
        using (var read = File.OpenHandle(image, FileMode.Open, FileAccess.Read))
        {
            var span = new Span<byte>(array, (int)size);
            if (RandomAccess.Read(read, span, 0) != (int)size) throw new ArgumentException($"{image}: can't read block backend");
        }
        if (!readOnly && !keepWritesInMemory) file = File.OpenHandle(image, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
    }

    /// <summary>True while reads return the array (read-array mode): for tests.</summary>
    public bool InReadArrayMode { get { lock (gate) return readArray; } }

    // QEMU's table for virt's flash: "QRY", Intel's command set, the timeouts, the device size, x16 interface, a 2 KiB
    // write buffer, one region of uniform blocks (per device: half a sector each), "PRI" 1.0 with one protection field.
    private static byte[] CfiTable(ulong size)
    {
        ulong blocks = size / SectorLength, sectorPerDevice = SectorLength / Devices, deviceLength = sectorPerDevice * blocks;
        var t = new byte[0x52];
        byte[] head = [(byte)'Q', (byte)'R', (byte)'Y', 0x01, 0x00, 0x31, 0x00, 0, 0, 0, 0, 0x45, 0x55, 0, 0, 0x07, 0x07, 0x0a, 0x00, 0x04, 0x04, 0x04, 0x00];
        head.CopyTo(t, 0x10);
        t[0x27] = (byte)BitOperations.TrailingZeroCount(deviceLength);
        t[0x28] = 0x02;
        t[0x2A] = 0x0B;
        t[0x2C] = 0x01;
        t[0x2D] = (byte)(blocks - 1);
        t[0x2E] = (byte)((blocks - 1) >> 8);
        t[0x2F] = (byte)(sectorPerDevice >> 8);
        t[0x30] = (byte)(sectorPerDevice >> 16);
        t[0x31] = (byte)'P'; t[0x32] = (byte)'R'; t[0x33] = (byte)'I'; t[0x34] = (byte)'1'; t[0x35] = (byte)'0';
        t[0x3F] = 0x01;
        return t;
    }

    public bool Read(ulong offset, int size, out ulong value)
    {
        lock (gate)
        {
            // QEMU's flash takes at most 4 bytes an access: an 8-byte read is two, low half first.
            if (size == 8) { value = Read32(offset, 4) | (ulong)Read32(offset + 4, 4) << 32; return true; }
            value = Read32(offset, size) & (ulong.MaxValue >> (64 - 8 * size));
        }
        return true;
    }

    private uint Read32(ulong offset, int width)
    {
        if (readArray) return ArrayRead(offset, width);
        switch (command)
        {
            case 0x00: return ArrayRead(offset, width);
            case 0x10 or 0x20 or 0x28 or 0x40 or 0x50 or 0x60 or 0x70 or 0xe8:
                return width > DeviceWidth ? status | (uint)status << 16 : status;
            case 0x90: return IdQuery(offset);
            case 0x98: return CfiQuery(offset);
            default:
                cycle = 0;
                command = 0;
                return ArrayRead(offset, width);
        }
    }

    private uint ArrayRead(ulong offset, int width)
    {
        uint v = 0;
        for (int i = width - 1; i >= 0; i--) v = v << 8 | array[offset + (ulong)i];
        return v;
    }

    // Query addresses count in bank-width units; each device answers, so a 16-bit answer repeats in both halves.
    private uint CfiQuery(ulong offset)
    {
        ulong index = offset >> BitOperations.TrailingZeroCount(BankWidth);
        uint answer = index < (ulong)cfi.Length ? cfi[index] : 0u;
        return answer | answer << 16;
    }

    private static uint IdQuery(ulong offset)
    {
        uint answer = ((offset >> BitOperations.TrailingZeroCount(BankWidth)) & 0xFF) switch { 0 => ManufacturerId, 1 => DeviceId, _ => 0xFFFF_FFFF };
        return answer == 0xFFFF_FFFF ? 0 : answer | answer << 16;
    }

    public bool Write(ulong offset, int size, ulong value)
    {
        lock (gate)
        {
            if (size == 8) { Write32(offset, 4, (uint)value); Write32(offset + 4, 4, (uint)(value >> 32)); }
            else Write32(offset, size, (uint)value);
        }
        return true;
    }

    // QEMU's state machine, step for step (its quirks included: an erase happens at the 0x20 write, before the
    // confirm; a buffered write stores each word as it comes).
    private void Write32(ulong offset, int width, uint value)
    {
        byte cmd = (byte)value;
        if (cycle == 0) readArray = false;
        switch (cycle)
        {
            case 0:
                switch (cmd)
                {
                    case 0x00 or 0xf0 or 0xff: ToReadArray(); return;
                    case 0x10 or 0x40 or 0x60 or 0x98: break;
                    case 0x20:
                        ulong sector = offset & ~(SectorLength - 1);
                        if (!readOnly) { Store(sector, (int)SectorLength, span => span.Fill(0xFF)); Persist(sector, (int)SectorLength); }
                        else status |= EraseError;
                        status |= Ready;
                        break;
                    case 0x50: status = 0; ToReadArray(); return;
                    case 0x70 or 0x90: command = cmd; return;
                    case 0xe8: status |= Ready; break;
                    default: ToReadArray(); return;
                }
                cycle++;
                command = cmd;
                return;
            case 1:
                switch (command)
                {
                    case 0x10 or 0x40:
                        if (!readOnly) { ProgramWord(offset, width, value); if (bufferOffset < 0) Persist(offset, width); }
                        else status |= ProgramError;
                        status |= Ready;
                        cycle = 0;
                        return;
                    case 0x20 or 0x28:
                        if (cmd == 0xd0) { cycle = 0; status |= Ready; }
                        else ToReadArray();
                        return;
                    case 0xe8:
                        counter = value & 0xFFFF; // the count is per device: the low device's half
                        cycle++;
                        bufferOffset = (long)(offset & ~(ulong)(WriteBlockSize - 1));
                        new ReadOnlySpan<byte>(array + bufferOffset, WriteBlockSize).CopyTo(buffer);
                        return;
                    case 0x60:
                        if (cmd is 0xd0 or 0x01) { cycle = 0; status |= Ready; }
                        else ToReadArray();
                        return;
                    case 0x98:
                        if (cmd == 0xff) ToReadArray();
                        return;
                    default: ToReadArray(); return;
                }
            case 2:
                if (command != 0xe8) { ToReadArray(); return; }
                if (!readOnly && bufferOffset >= 0) ProgramWord(offset, width, value);
                else status |= ProgramError;
                status |= Ready;
                if (counter == 0) cycle++;
                counter--;
                return;
            case 3:
                if (command == 0xe8 && cmd == 0xd0 && (status & ProgramError) == 0)
                {
                    ulong block = (ulong)bufferOffset;
                    Store(block, WriteBlockSize, span => buffer.CopyTo(span));
                    Persist(block, WriteBlockSize);
                    bufferOffset = -1;
                    cycle = 0;
                    status |= Ready;
                }
                else
                {
                    bufferOffset = -1;
                    ToReadArray();
                }
                return;
            default:
                ToReadArray();
                return;
        }
    }

    private void ToReadArray()
    {
        readArray = true;
        cycle = 0;
        command = 0;
    }

    // Into the open buffered program's block (outside it: a program error), else into the array.
    private void ProgramWord(ulong offset, int width, uint value)
    {
        if (bufferOffset >= 0)
        {
            if (offset < (ulong)bufferOffset || offset + (ulong)width > (ulong)bufferOffset + WriteBlockSize) { status |= ProgramError; return; }
            for (int i = 0; i < width; i++) buffer[(int)(offset - (ulong)bufferOffset) + i] = (byte)(value >> (8 * i));
            return;
        }
        Store(offset, width, span => { for (int i = 0; i < span.Length; i++) span[i] = (byte)(value >> (8 * i)); });
    }

    private delegate void Change(Span<byte> bytes);

    // Through the RAM block's store notes: code decoded or translated from these bytes is dropped, on every hart.
    private void Store(ulong offset, int length, Change change)
    {
        ulong pa = Base + offset;
        ram.NoteStore(pa, (ulong)length);
        change(new Span<byte>(array + offset, length));
        ram.NoteStoreDone(pa, (ulong)length);
    }

    // QEMU writes the changed bytes back widened to 512-byte sectors.
    private void Persist(ulong offset, int length)
    {
        if (file is null) return;
        ulong from = offset & ~511UL, to = Math.Min(Size, (offset + (ulong)length + 511) & ~511UL);
        RandomAccess.Write(file, new ReadOnlySpan<byte>(array + from, (int)(to - from)), (long)from);
    }

    public void Dispose() => file?.Dispose();
}
