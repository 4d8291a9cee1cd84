// QEMU's firmware configuration device (fw_cfg) as the virt board maps it: a selector, a data register and a
// DMA register, with QEMU's items and a directory of named files.
using System.Buffers.Binary;
using System.Text;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// fw_cfg on MMIO (hw/nvram/fw_cfg.c, fw_cfg_init_mem_wide as virt calls it): the data register at +0 (reads of 1 to
/// 8 bytes give the selected item's next bytes in order, zeros past its end), the selector at +8 (a 16-bit
/// big-endian write selects an item and rewinds it), the DMA address at +16 (big-endian; a 64-bit write, or the
/// low 32-bit half after the high one, runs the request; reads give "QEMU CFG"). Accesses QEMU refuses (a selector
/// read, a data access off +0, a DMA write of another size) fault. A DMA request is {be32 control, be32 length,
/// be64 address} in RAM: read, skip or write after an optional select, control set to 0 when done or to 1 (error) as
/// QEMU does; every guest address is checked against RAM, chunk by chunk: a request that points outside it (or runs
/// past its end) fills what lies in RAM, as QEMU's, sets the error bit and reaches nothing else (QEMU would write
/// devices there; a DMA to MMIO is no firmware's intent).
/// </summary>
public sealed class FwCfg : IMmioDevice
{
    public const ushort Signature = 0x00, Id = 0x01, Uuid = 0x02, NoGraphic = 0x04, NbCpus = 0x05, KernelSize = 0x08, InitrdSize = 0x0b,
        BootMenu = 0x0e, KernelData = 0x11, InitrdData = 0x12, CmdlineSize = 0x14, CmdlineData = 0x15, FileDir = 0x19, FileFirst = 0x20;
    /// <summary>QEMU's default file slots: selectors 0x20..0x3f.</summary>
    public const int FileSlots = 0x20;
    public const int MaxFileName = 56;
    public const ushort ArchLocal = 0x8000, EntryMask = 0x3fff, Invalid = 0xffff;
    public const uint DmaError = 1, DmaRead = 2, DmaSkip = 4, DmaSelect = 8, DmaWrite = 0x10;
    public const ulong DmaSignature = 0x51454d5520434647; // "QEMU CFG"
    /// <summary>The ID item: the traditional interface (bit 0) and DMA (bit 1).</summary>
    public const uint Features = 3;

    private readonly PhysicalMemory ram;
    private readonly ulong ramBase, ramSize;
    private readonly byte[]?[] items = new byte[]?[FileFirst + FileSlots];
    private readonly List<(string Name, byte[] Data)> files = [];
    private readonly Lock gate = new();
    private ushort selected;
    private int offset;
    private ulong dmaAddress;

    public string Name => "fw_cfg";
    public ulong Base { get; }
    public ulong Size => 0x18;

    /// <summary>The device at <paramref name="base"/>, reaching guest RAM [<paramref name="ramBase"/>, +<paramref name="ramSize"/>)
    /// of <paramref name="ram"/>'s block for DMA. Starts with QEMU's common items (signature, ID, a zero UUID, nographic,
    /// boot menu off, etc/boot-fail-wait) and the CPU count, the items virt adds.</summary>
    public FwCfg(ulong @base, PhysicalMemory ram, ulong ramBase, ulong ramSize, int cpus, bool noGraphic = true)
    {
        Base = @base;
        this.ram = ram;
        this.ramBase = ramBase;
        this.ramSize = ramSize;
        items[Signature] = "QEMU"u8.ToArray();
        items[Uuid] = new byte[16];
        items[NoGraphic] = Le16(noGraphic ? 1 : 0);
        items[BootMenu] = Le16(0);
        AddFile("etc/boot-fail-wait", BitConverter.GetBytes(-1));
        items[Id] = BitConverter.GetBytes(Features);
        items[NbCpus] = Le16(cpus);
        // QEMU's reset handler sets these two (empty without boot devices) once the machine is made.
        AddFile("bootorder", []);
        AddFile("bios-geometry", []);
        selected = Signature;
    }

    private static byte[] Le16(int v) => BitConverter.GetBytes((ushort)v);

    /// <summary>Sets a numbered item (little-endian integers, as QEMU's fw_cfg_add_i32).</summary>
    public void SetItem(ushort key, byte[] data) { lock (gate) items[key] = data; }

    /// <summary>The kernel, initrd and command line handed to firmware that loads them itself (QEMU's
    /// riscv_setup_firmware_boot, used when pflash unit 1 holds S-mode firmware).</summary>
    public void SetBootImages(byte[] kernel, byte[]? initrd, string? cmdline)
    {
        SetItem(KernelSize, BitConverter.GetBytes((uint)kernel.Length));
        SetItem(KernelData, kernel);
        if (initrd is not null)
        {
            SetItem(InitrdSize, BitConverter.GetBytes((uint)initrd.Length));
            SetItem(InitrdData, initrd);
        }
        if (cmdline is not null)
        {
            byte[] text = Encoding.UTF8.GetBytes(cmdline + "\0");
            SetItem(CmdlineSize, BitConverter.GetBytes((uint)text.Length));
            SetItem(CmdlineData, text);
        }
    }

    /// <summary>Adds a named file (QEMU's -fw_cfg name=...). The directory stays sorted by name and each file's
    /// selector is 0x20 + its place, as QEMU orders files for machines without the legacy order.</summary>
    public void AddFile(string name, byte[] data)
    {
        lock (gate)
        {
            byte[] encoded = Encoding.UTF8.GetBytes(name);
            if (encoded.Length > MaxFileName - 1) throw new ArgumentException($"fw_cfg: name too long (max. {MaxFileName - 1} char): {name}");
            if (files.Any(f => f.Name == name)) throw new ArgumentException($"duplicate fw_cfg file name: {name}");
            if (files.Count == FileSlots) throw new ArgumentException($"fw_cfg: more than {FileSlots} files");
            int at = files.FindIndex(f => string.CompareOrdinal(name, f.Name) < 0);
            files.Insert(at < 0 ? files.Count : at, (name, data));
            for (int i = 0; i < files.Count; i++) items[FileFirst + i] = files[i].Data;
            items[FileDir] = Directory();
        }
    }

    // be32 count, then per slot {be32 size, be16 select, be16 reserved, char name[56]}; QEMU's item has room for all
    // the slots, the unused ones zero.
    private byte[] Directory()
    {
        var dir = new byte[4 + 64 * FileSlots];
        BinaryPrimitives.WriteUInt32BigEndian(dir, (uint)files.Count);
        for (int i = 0; i < files.Count; i++)
        {
            var entry = dir.AsSpan(4 + 64 * i, 64);
            BinaryPrimitives.WriteUInt32BigEndian(entry, (uint)files[i].Data.Length);
            BinaryPrimitives.WriteUInt16BigEndian(entry[4..], (ushort)(FileFirst + i));
            Encoding.UTF8.GetBytes(files[i].Name).CopyTo(entry[8..]);
        }
        return dir;
    }

    private byte[]? Current => selected == Invalid || (selected & ArchLocal) != 0 ? null : items[selected & EntryMask];

    private void Select(ushort key)
    {
        offset = 0;
        selected = (key & EntryMask) >= items.Length ? Invalid : key;
    }

    public bool Read(ulong at, int size, out ulong value)
    {
        value = 0;
        lock (gate)
        {
            switch (at)
            {
                case 0:
                    // The item's bytes in order at increasing addresses, zeros past its end.
                    if (Current is { } data)
                        for (int i = 0; i < size && offset < data.Length; i++) value |= (ulong)data[offset++] << (8 * i);
                    return true;
                case >= 16 and < 24 when at + (ulong)size <= 24:
                    for (int i = 0; i < size; i++) value |= (ulong)(byte)(DmaSignature >> (8 * (7 - (int)(at - 16) - i))) << (8 * i);
                    return true;
                default:
                    return false;
            }
        }
    }

    public bool Write(ulong at, int size, ulong value)
    {
        lock (gate)
        {
            switch (at, size)
            {
                case (0, _): return true; // writes to the data register are ignored (QEMU removed them in 2.4)
                case (8, 2): Select(BinaryPrimitives.ReverseEndianness((ushort)value)); return true;
                case (16, 4): dmaAddress = (ulong)BinaryPrimitives.ReverseEndianness((uint)value) << 32; return true;
                case (20, 4): dmaAddress |= BinaryPrimitives.ReverseEndianness((uint)value); Dma(); return true;
                case (16, 8): dmaAddress = BinaryPrimitives.ReverseEndianness(value); Dma(); return true;
                default: return false;
            }
        }
    }

    private bool InRam(ulong pa, ulong length) => pa - ramBase < ramSize && length <= ramSize - (pa - ramBase);

    /// <summary>The bytes of [pa, pa + length) that lie in RAM (QEMU writes those and reports the rest as an error).</summary>
    private ulong InRamPrefix(ulong pa, ulong length) => pa - ramBase < ramSize ? Math.Min(length, ramSize - (pa - ramBase)) : 0;

    // QEMU's fw_cfg_dma_transfer: the descriptor, an optional select, then read/skip/write chunk by chunk (an item's
    // rest, then zeros for reads past its end), stopping at the first error; the control word is written back.
    private void Dma()
    {
        ulong at = dmaAddress;
        dmaAddress = 0;
        if (!InRam(at, 16))
        {
            WriteControl(at, DmaError);
            return;
        }
        var descriptor = ram.Span(at, 16);
        uint control = BinaryPrimitives.ReadUInt32BigEndian(descriptor);
        ulong length = BinaryPrimitives.ReadUInt32BigEndian(descriptor[4..]);
        ulong address = BinaryPrimitives.ReadUInt64BigEndian(descriptor[8..]);
        if ((control & DmaSelect) != 0) Select((ushort)(control >> 16));
        bool read = (control & DmaRead) != 0, write = !read && (control & DmaWrite) != 0, skip = !read && !write && (control & DmaSkip) != 0;
        if (!read && !write && !skip) length = 0;
        uint result = 0;
        while (length > 0 && result == 0)
        {
            byte[]? data = Current;
            ulong chunk;
            if (data is null || offset >= data.Length)
            {
                chunk = length;
                if (read && !Fill(address, chunk)) result = DmaError;
                if (write) result = DmaError;
            }
            else
            {
                chunk = Math.Min(length, (ulong)(data.Length - offset));
                // Items are read-only (QEMU's writable ones serve devices rvjit lacks): a write is an error.
                if (read && !CopyOut(address, data.AsSpan(offset, (int)chunk))) result = DmaError;
                if (write) result = DmaError;
                offset += (int)chunk;
            }
            address += chunk;
            length -= chunk;
        }
        WriteControl(at, result);
    }

    private bool Fill(ulong pa, ulong length)
    {
        ulong inRam = InRamPrefix(pa, length);
        if (inRam > 0)
        {
            ram.NoteStore(pa, inRam);
            for (ulong done = 0; done < inRam;)
            {
                int n = (int)Math.Min(inRam - done, 1UL << 30);
                ram.Span(pa + done, n).Clear();
                done += (ulong)n;
            }
            ram.NoteStoreDone(pa, inRam);
        }
        return inRam == length;
    }

    private bool CopyOut(ulong pa, ReadOnlySpan<byte> bytes)
    {
        int inRam = (int)InRamPrefix(pa, (ulong)bytes.Length);
        if (inRam > 0)
        {
            ram.NoteStore(pa, (ulong)inRam);
            bytes[..inRam].CopyTo(ram.Span(pa, inRam));
            ram.NoteStoreDone(pa, (ulong)inRam);
        }
        return inRam == bytes.Length;
    }

    private void WriteControl(ulong at, uint control)
    {
        if (!InRam(at, 4)) return;
        ram.NoteStore(at, 4);
        BinaryPrimitives.WriteUInt32BigEndian(ram.Span(at, 4), control);
        ram.NoteStoreDone(at, 4);
    }
}
