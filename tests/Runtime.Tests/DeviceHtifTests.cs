// HTIF as QEMU 7.2 behaves: exit requests (8-byte and two 4-byte stores), console putchar with its
// fromhost response, getchar without input, unsupported syscalls, dropped writes while tohost is busy.
using System.Text;
using RvJit.Runtime.Devices;

namespace RvJit.Runtime.Tests;

public class DeviceHtifTests
{
    private const ulong Tohost = HartHarness.RamBase + 0x1000, Fromhost = Tohost + 8;
    private const ulong Console = 1UL << 56, PutChar = 1UL << 48;

    private sealed class Machine : IDisposable
    {
        public readonly HartHarness H = new();
        public readonly StringWriter Output = new();
        public readonly Htif Htif;
        public int Callbacks;

        public Machine(ulong tohost = Tohost, ulong fromhost = Fromhost)
        {
            Htif = new Htif(tohost, fromhost, Output);
            Htif.ExitRequestedCallback = () => Callbacks++;
            H.Bus.Attach(Htif);
        }

        public void Store(ulong pa, int size, ulong value) => Assert.True(H.Bus.Write(pa, size, value));

        public ulong Load(ulong pa, int size)
        {
            Assert.True(H.Bus.Read(pa, size, out ulong value));
            return value;
        }

        public void Dispose() => H.Dispose();
    }

    [Fact]
    public void OddValueFromDeviceZeroRequestsExit()
    {
        using var m = new Machine();
        Assert.False(m.Htif.ExitRequested);
        m.Store(Tohost, 8, (42UL << 1) | 1);
        Assert.True(m.Htif.ExitRequested);
        Assert.Equal(42L, m.Htif.ExitCode);
        Assert.Equal(1, m.Callbacks);
    }

    [Fact]
    public void ExitWrittenAsTwoWordStoresLikeRiscvTests()
    {
        using var m = new Machine();
        m.Store(Tohost, 4, 1); // sw TESTNUM (pass), tohost
        Assert.False(m.Htif.ExitRequested); // the command completes with the high half
        m.Store(Tohost + 4, 4, 0);
        Assert.True(m.Htif.ExitRequested);
        Assert.Equal(0L, m.Htif.ExitCode);
    }

    [Fact]
    public void FailingTestNumberIsTheExitCode()
    {
        using var m = new Machine();
        m.Store(Tohost, 4, (7 << 1) | 1);
        m.Store(Tohost + 4, 4, 0);
        Assert.Equal(7L, m.Htif.ExitCode);
    }

    [Fact]
    public void PutCharWritesTheConsoleAndAnswersInFromhost()
    {
        using var m = new Machine();
        m.Store(Tohost, 8, Console | PutChar | 'h');
        m.Store(Tohost, 8, Console | PutChar | 'i');
        Assert.Equal("hi", m.Output.ToString());
        Assert.Equal(0UL, m.Load(Tohost, 8)); // tohost cleared: ready for the next command
        Assert.Equal(Console | PutChar | 0x100 | 'i', m.Load(Fromhost, 8));
        Assert.False(m.Htif.ExitRequested);
    }

    [Fact]
    public void PutCharBytesAreDecodedAsUtf8()
    {
        using var m = new Machine();
        foreach (byte b in Encoding.UTF8.GetBytes("é€"))
            m.Store(Tohost, 8, Console | PutChar | b);
        Assert.Equal("é€", m.Output.ToString());
    }

    [Fact]
    public void GetCharWithoutInputClearsTohostAndLeavesFromhost()
    {
        using var m = new Machine();
        m.Store(Fromhost, 8, 0x55);
        m.Store(Tohost, 8, Console); // device 1, command 0
        Assert.Equal(0UL, m.Load(Tohost, 8));
        Assert.Equal(0x55UL, m.Load(Fromhost, 8));
        Assert.Equal(Console, m.Htif.PendingRead);
    }

    [Fact]
    public void SyscallProxyPointerIsNotSupportedButCompletes()
    {
        using var m = new Machine();
        m.Store(Fromhost, 8, 0x77);
        m.Store(Tohost, 8, HartHarness.RamBase + 0x2000); // even: a pointer to a syscall block
        Assert.False(m.Htif.ExitRequested);
        Assert.Equal(0UL, m.Load(Tohost, 8));
        Assert.Equal(0UL, m.Load(Fromhost, 8));
        Assert.Equal("", m.Output.ToString());
    }

    [Fact]
    public void WritesWhileTohostIsBusyAreDropped()
    {
        using var m = new Machine();
        m.Store(Tohost, 4, 'x'); // low half only: command not complete, tohost busy
        m.Store(Tohost, 4, 'y'); // dropped, and so is the high half that follows
        m.Store(Tohost + 4, 4, (uint)((Console | PutChar) >> 32));
        Assert.Equal("", m.Output.ToString());
        Assert.Equal((ulong)'x', m.Load(Tohost, 8));
    }

    [Fact]
    public void RegistersReadAsHalvesAndNarrowAccesses()
    {
        using var m = new Machine();
        m.Store(Fromhost, 8, 0x1122_3344_5566_7788);
        Assert.Equal(0x5566_7788UL, m.Load(Fromhost, 4));
        Assert.Equal(0x1122_3344UL, m.Load(Fromhost + 4, 4));
        Assert.Equal(0x88UL, m.Load(Fromhost, 1));
        Assert.Equal(0x7788UL, m.Load(Fromhost, 2));
        Assert.Equal(0UL, m.Load(Fromhost + 1, 1)); // not at a half: QEMU reads 0
        m.Store(Fromhost + 2, 2, 0xFFFF);           // and ignores writes
        Assert.Equal(0x1122_3344_5566_7788UL, m.Load(Fromhost, 8));
    }

    [Fact]
    public void DeviceOverlaysRamAndSpansBothWords()
    {
        using var m = new Machine(tohost: Tohost + 0x40, fromhost: Tohost);
        Assert.Equal(Tohost, m.Htif.Base);
        Assert.Equal(0x48UL, m.Htif.Size);
        m.H.Store64(Tohost + 0x40, 0xAAAA); // RAM underneath is not what the guest sees
        Assert.Equal(0UL, m.Load(Tohost + 0x40, 8));
        Assert.Equal(0UL, m.Load(Tohost + 0x20, 8)); // between the words
        m.Store(Tohost + 0x40, 8, Console | PutChar | 'z');
        Assert.Equal("z", m.Output.ToString());
        Assert.Equal(Console | PutChar | 0x100 | 'z', m.Load(Tohost, 8));
    }

    [Fact]
    public void ExitIsReportedOnce()
    {
        using var m = new Machine();
        m.Store(Tohost, 8, (3UL << 1) | 1);
        m.Store(Tohost, 8, (9UL << 1) | 1);
        Assert.Equal(3L, m.Htif.ExitCode);
        Assert.Equal(1, m.Callbacks);
    }
}
