// The gdb stub's protocol layer against a scripted target: framing, checksums, escapes, qXfer, registers,
// memory and breakpoint packets, as gdb sends them (the whole stub is tested with gdb-multiarch in Kernel.Tests).
using System.Net;
using System.Net.Sockets;
using System.Text;
using RvJit.Runtime.Debug;

namespace RvJit.Runtime.Tests;

public class GdbSessionTests
{
    private sealed class FakeTarget : IGdbTarget
    {
        public readonly ulong[] Registers = new ulong[69];
        public readonly byte[] Memory = new byte[0x100];
        public readonly List<(ulong, int)> Breakpoints = [];
        public bool Killed, Detached;
        public IReadOnlyList<long> Threads() => [7, 9];
        public bool TryReadRegister(long thread, int number, out ulong value)
        {
            value = number < Registers.Length ? Registers[number] + (ulong)thread * 0x1000 : 0;
            return number < Registers.Length;
        }
        public bool TryWriteRegister(long thread, int number, ulong value) { Registers[number] = value; return true; }
        public int ReadMemory(ulong address, Span<byte> destination)
        {
            if (address >= (ulong)Memory.Length) return 0;
            int n = Math.Min(destination.Length, Memory.Length - (int)address);
            Memory.AsSpan((int)address, n).CopyTo(destination);
            return n;
        }
        public bool WriteMemory(ulong address, ReadOnlySpan<byte> source)
        {
            if (address + (ulong)source.Length > (ulong)Memory.Length) return false;
            source.CopyTo(Memory.AsSpan((int)address));
            return true;
        }
        public bool InsertBreakpoint(ulong address, int length) { Breakpoints.Add((address, length)); return true; }
        public bool RemoveBreakpoint(ulong address, int length) => Breakpoints.Remove((address, length));
        private int stops = 1;
        public void Resume(IReadOnlyDictionary<long, int> signals) => stops++;
        public bool WaitForStop(TimeSpan timeout, out StopEvent stop)
        {
            stop = stops == 1 ? new StopEvent(StopKind.Signal, 7, 5) : new StopEvent(StopKind.Exited, 7, 3);
            return true;
        }
        public void Interrupt() { }
        public void Kill() => Killed = true;
        public void Detach() => Detached = true;
        public byte[]? AuxiliaryVector => [6, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0];
    }

    /// <summary>gdb's side: raw bytes over a loopback connection to a session served on another thread.</summary>
    private sealed class Client : IDisposable
    {
        private readonly TcpClient tcp;
        private readonly NetworkStream stream;
        private readonly Thread server;
        public bool Killed;

        public Client(FakeTarget target)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            tcp = new TcpClient();
            tcp.Connect((IPEndPoint)listener.LocalEndpoint);
            var accepted = listener.AcceptTcpClient();
            listener.Stop();
            server = new Thread(() =>
            {
                using (accepted)
                {
                    var s = accepted.GetStream();
                    try { Killed = new GdbSession(target, new GdbPacketChannel(s), s).Run(); }
                    catch (IOException) { }
                }
            }) { IsBackground = true };
            server.Start();
            stream = tcp.GetStream();
            stream.ReadTimeout = 10_000;
        }

        public void SendRaw(string bytes) => stream.Write(Encoding.Latin1.GetBytes(bytes));

        public static string Frame(string payload) => $"${payload}#{payload.Sum(c => c) & 0xff:x2}";

        /// <summary>Sends a packet, expects '+', returns the reply's payload (acknowledged).</summary>
        public string Ask(string payload)
        {
            SendRaw(Frame(payload));
            Assert.Equal('+', (char)stream.ReadByte());
            return ReadReply();
        }

        public string ReadReply()
        {
            Assert.Equal('$', (char)stream.ReadByte());
            var text = new StringBuilder();
            int sum = 0, c;
            while ((c = stream.ReadByte()) != '#') { sum += c; text.Append((char)c); }
            string checksum = $"{(char)stream.ReadByte()}{(char)stream.ReadByte()}";
            Assert.Equal($"{sum & 0xff:x2}", checksum);
            stream.WriteByte((byte)'+');
            return Unescape(text.ToString());
        }

        public int ReadByte() => stream.ReadByte();

        private static string Unescape(string s)
        {
            var o = new StringBuilder();
            for (int i = 0; i < s.Length; i++) o.Append(s[i] == '}' ? (char)(s[++i] ^ 0x20) : s[i]);
            return o.ToString();
        }

        public void Dispose()
        {
            tcp.Dispose();
            server.Join(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public void A_packet_with_a_bad_checksum_is_refused_and_the_next_one_answered()
    {
        using var c = new Client(new FakeTarget());
        c.SendRaw("$?#00");
        Assert.Equal('-', (char)c.ReadByte());
        Assert.Equal("T05thread:7;", c.Ask("?"));
    }

    [Fact]
    public void Registers_memory_and_breakpoints_follow_the_protocol()
    {
        var target = new FakeTarget();
        target.Registers[1] = 0x1122334455667788;
        target.Registers[RiscvRegisters.Fcsr] = 0xe1;
        using var c = new Client(target);
        Assert.Contains("qXfer:features:read+", c.Ask("qSupported:multiprocess+;swbreak+"));
        Assert.Equal("OK", c.Ask("Hg9"));
        string g = c.Ask("g");
        Assert.Equal(33 * 16, g.Length);
        Assert.Equal(Convert.ToHexStringLower(BitConverter.GetBytes(0x1122334455667788UL + 9 * 0x1000)), g.Substring(16, 16));
        Assert.Equal(Convert.ToHexStringLower(BitConverter.GetBytes(0xe1u + 9 * 0x1000)), c.Ask("p44")); // fcsr: 4 bytes
        Assert.Equal("OK", c.Ask("P20=0010000000000000"));
        Assert.Equal(0x1000UL, target.Registers[RiscvRegisters.Pc]);

        Assert.Equal("OK", c.Ask("M10,3:aabbcc"));
        Assert.Equal("aabbcc00", c.Ask("m10,4"));
        Assert.Equal("E14", c.Ask("m1000,4"));
        // X carries binary: '#', '$' and '}' arrive escaped as '}' followed by the byte xor 0x20.
        Assert.Equal("OK", c.Ask("X20,3:}\x03}\x04}]"));
        Assert.Equal(new byte[] { (byte)'#', (byte)'$', (byte)'}' }, target.Memory[0x20..0x23]);

        Assert.Equal("OK", c.Ask("Z0,1000,2"));
        Assert.Equal("OK", c.Ask("Z1,1004,4"));
        Assert.Equal("E01", c.Ask("Z0,1008,3"));
        Assert.Equal("", c.Ask("Z2,1000,8"));       // watchpoints: left to gdb
        Assert.Equal([(0x1000UL, 2), (0x1004UL, 4)], target.Breakpoints);
        Assert.Equal("OK", c.Ask("z0,1000,2"));
        Assert.Equal("m7,9", c.Ask("qfThreadInfo"));
        Assert.Equal("l", c.Ask("qsThreadInfo"));
        Assert.Equal("vCont;c;C", c.Ask("vCont?"));
        Assert.Equal("W03", c.Ask("vCont;c"));
    }

    [Fact]
    public void The_target_description_arrives_whole_in_parts()
    {
        using var c = new Client(new FakeTarget());
        var xml = new StringBuilder();
        while (true)
        {
            string part = c.Ask($"qXfer:features:read:target.xml:{xml.Length:x},100");
            xml.Append(part[1..]);
            if (part[0] == 'l') break;
            Assert.Equal('m', part[0]);
        }
        Assert.Equal(RiscvRegisters.TargetXml, xml.ToString());
        Assert.Contains("<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"68\"/>", xml.ToString());
        Assert.Equal("l\x06\0\0\0\0\0\0\0\0\x10\0\0\0\0\0\0", c.Ask("qXfer:auxv:read::0,100"));
    }

    [Fact]
    public void Kill_and_detach_reach_the_target()
    {
        var killed = new FakeTarget();
        using (var c = new Client(killed)) c.SendRaw(Client.Frame("k"));
        Assert.True(killed.Killed);

        var detached = new FakeTarget();
        using (var c = new Client(detached)) Assert.Equal("OK", c.Ask("D"));
        Assert.True(detached.Detached);
    }
}
