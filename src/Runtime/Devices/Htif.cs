// The Berkeley host-target interface (HTIF) as QEMU 7.2's riscv_htif emulates it: the tohost/fromhost
// words, program exit, and the console's putchar/getchar commands.
using System.Text;
using RvJit.Runtime.Memory;

namespace RvJit.Runtime.Devices;

/// <summary>
/// HTIF over the guest's `tohost` and `fromhost` words. One device spans from the lower of the two
/// addresses to 8 bytes past the higher (as QEMU maps it): when they are not adjacent, the bytes between
/// read as zero and ignore writes. Like QEMU, no alignment is required; if the words overlap, tohost's
/// halves take precedence.
///
/// Behaviour of QEMU 7.2 (hw/char/riscv_htif.c), reproduced exactly:
/// <list type="bullet">
/// <item>Registers are accessed as 32-bit halves; an 8-byte access is two 4-byte accesses, low half first.
/// Accesses that do not start at a half are ignored (reads give 0); narrower accesses act on the half.</item>
/// <item>A write to tohost's low half is accepted only while tohost is 0 (else it and the following
/// high-half writes are dropped). A write to the high half completes the command.</item>
/// <item>Device 0, command 0, odd payload: exit with code payload &gt;&gt; 1. Even payload (a syscall
/// proxy pointer) is unsupported: it only completes (fromhost = 0, tohost = 0).</item>
/// <item>Device 1, command 1: putchar of the low byte; fromhost = device/command | 0x100 | char, tohost = 0.</item>
/// <item>Device 1, command 0: getchar is queued; tohost = 0 and fromhost is left alone (no input ever arrives).</item>
/// <item>Anything else completes like an unsupported syscall: fromhost = device/command bits, tohost = 0.</item>
/// </list>
/// </summary>
public sealed class Htif : IMmioDevice
{
    private readonly ulong tohostOffset, fromhostOffset;
    private readonly TextWriter console;
    private readonly Lock gate = new();
    // Console bytes are UTF-8: multi-byte characters reach the writer whole.
    private readonly Decoder utf8 = Encoding.UTF8.GetDecoder();
    private readonly char[] decoded = new char[2];
    private bool allowTohost;

    /// <param name="tohostAddress">Physical address of the 8-byte `tohost` word.</param>
    /// <param name="fromhostAddress">Physical address of the 8-byte `fromhost` word.</param>
    /// <param name="console">Receives the console's characters.</param>
    public Htif(ulong tohostAddress, ulong fromhostAddress, TextWriter console)
    {
        Base = Math.Min(tohostAddress, fromhostAddress);
        Size = Math.Max(tohostAddress, fromhostAddress) + 8 - Base;
        tohostOffset = tohostAddress - Base;
        fromhostOffset = fromhostAddress - Base;
        this.console = console;
    }

    public string Name => "htif";
    public ulong Base { get; }
    public ulong Size { get; }

    /// <summary>The tohost word as the device holds it.</summary>
    public ulong Tohost { get; private set; }

    /// <summary>The fromhost word as the device holds it.</summary>
    public ulong Fromhost { get; private set; }

    /// <summary>The last getchar request (QEMU answers it only when input arrives, which never happens here).</summary>
    public ulong PendingRead { get; private set; }

    /// <summary>The guest asked to exit (device 0, odd payload).</summary>
    public bool ExitRequested { get; private set; }

    /// <summary>The exit code: the tohost payload shifted right by one (riscv-tests: 0 = pass, else failing test number).</summary>
    public long ExitCode { get; private set; }

    /// <summary>Called once when the guest requests exit (the machine uses it to stop the hart).</summary>
    public Action? ExitRequestedCallback { get; set; }

    public bool Read(ulong offset, int size, out ulong value)
    {
        lock (gate)
        {
            value = 0;
            for (int i = 0; i < size; i += 4)
                value |= (ReadHalf(offset + (ulong)i) & SizeMask(size)) << (8 * i);
        }
        return true;
    }

    public bool Write(ulong offset, int size, ulong value)
    {
        lock (gate)
        {
            for (int i = 0; i < size; i += 4)
                WriteHalf(offset + (ulong)i, (value >> (8 * i)) & SizeMask(size));
        }
        return true;
    }

    private static ulong SizeMask(int size) => size >= 4 ? 0xFFFF_FFFF : (1UL << (8 * size)) - 1;

    private ulong ReadHalf(ulong offset)
    {
        if (offset == tohostOffset) return Tohost & 0xFFFF_FFFF;
        if (offset == tohostOffset + 4) return Tohost >> 32;
        if (offset == fromhostOffset) return Fromhost & 0xFFFF_FFFF;
        if (offset == fromhostOffset + 4) return Fromhost >> 32;
        return 0;
    }

    private void WriteHalf(ulong offset, ulong value)
    {
        if (offset == tohostOffset)
        {
            allowTohost = Tohost == 0;
            if (allowTohost) Tohost = value;
        }
        else if (offset == tohostOffset + 4)
        {
            if (!allowTohost) return;
            Tohost |= value << 32;
            HandleCommand(Tohost);
        }
        else if (offset == fromhostOffset) Fromhost = value;
        else if (offset == fromhostOffset + 4) Fromhost |= value << 32;
    }

    private void HandleCommand(ulong command)
    {
        ulong device = command >> 56, cmd = (command >> 48) & 0xFF, payload = command & 0xFFFF_FFFF_FFFF;
        ulong response = 0;
        if (device == 0 && cmd == 0 && (payload & 1) != 0)
        {
            // QEMU exits here; tohost keeps the value.
            if (!ExitRequested)
            {
                ExitCode = (long)(payload >> 1);
                ExitRequested = true;
                ExitRequestedCallback?.Invoke();
            }
            return;
        }
        if (device == 1 && cmd == 0)
        {
            PendingRead = command;
            Tohost = 0;
            return;
        }
        if (device == 1 && cmd == 1)
        {
            PutChar((byte)payload);
            response = 0x100 | (payload & 0xFF);
        }
        Fromhost = (command & ~0xFFFF_FFFF_FFFFUL) | response;
        Tohost = 0;
    }

    private void PutChar(byte b)
    {
        ReadOnlySpan<byte> one = [b];
        int count = utf8.GetChars(one, decoded, flush: false);
        if (count > 0) console.Write(decoded, 0, count);
    }
}
