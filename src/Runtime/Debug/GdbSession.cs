// A GDB remote-protocol server for one debugger connection: the commands gdb sends, answered from a target.
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace RvJit.Runtime.Debug;

/// <summary>
/// Serves one gdb (or gdb-multiarch) connection in all-stop mode: registers, memory, breakpoints, watchpoints,
/// threads, continue with or without a signal, Ctrl-C, kill and detach. gdb steps RISC-V programs itself, with
/// temporary breakpoints at the possible next instructions (they cost nothing in translated code: inserting one
/// rewrites the page and drops its translations); a target that can step (system mode) also offers `s` and
/// `vCont;s` to other clients. A watchpoint stop names the watchpoint (`watch:ADDR;`) as QEMU does.
/// </summary>
public sealed class GdbSession(IGdbTarget target, GdbPacketChannel channel, Stream? connection = null)
{
    private StopEvent lastStop;
    private long selected;      // Hg: the thread whose registers g/G/p/P name
    private long resumeThread;  // Hc / the last stop: the thread c's address and C's signal apply to
    private bool ended;

    /// <summary>Runs the session until gdb detaches, kills the program or closes the connection; the target is
    /// stopped (or stops soon) when it starts. Returns true when gdb killed the program.</summary>
    public bool Run()
    {
        while (!target.WaitForStop(TimeSpan.FromSeconds(1), out lastStop)) { }
        OnStop(lastStop);
        bool killed = false;
        while (!ended && channel.Receive() is { } packet)
        {
            if (packet == GdbPacketChannel.InterruptRequest) continue; // already stopped
            if (packet is "k" or ['v', 'K', 'i', 'l', 'l', ..])
            {
                if (packet != "k") channel.Send("OK");
                target.Kill();
                killed = true;
                break;
            }
            string? reply = Handle(packet);
            if (reply is not null) channel.Send(reply);
        }
        if (!ended && !killed && lastStop.Kind == StopKind.Signal) target.Detach(); // the connection closed: the program goes on
        return killed;
    }

    private void OnStop(StopEvent stop)
    {
        lastStop = stop;
        if (stop.Kind == StopKind.Signal) selected = resumeThread = stop.Thread;
    }

    private string StopReply(StopEvent stop) => stop.Kind switch
    {
        StopKind.Exited => $"W{stop.Code & 0xff:x2}",
        StopKind.Killed => $"X{stop.Code & 0xff:x2}",
        _ => $"T{stop.Code & 0xff:x2}thread:{stop.Thread:x};{stop.Watch?.StopField}",
    };

    /// <summary>The reply to one packet, or null when it was sent already (resumes reply when the target stops).</summary>
    private string? Handle(string p)
    {
        if (lastStop.Kind != StopKind.Signal && p is not ("?" or ['q', ..] or ['Q', ..] or "D" or ['D', ';', ..]))
            return "E01"; // the program has ended
        switch (p[0])
        {
            case '?': return StopReply(lastStop);
            case 'q': return Query(p);
            case 'Q':
                if (p == "QStartNoAckMode") { channel.Send("OK"); channel.NoAck = true; return null; }
                return "";
            case 'H':
            {
                if (p.Length < 2 || !TryThreadId(p[2..], out long t)) return "E01";
                if (t > 0 && !target.Threads().Contains(t)) return "E01";
                long chosen = t > 0 ? t : target.Threads().FirstOrDefault();
                if (p[1] == 'g') selected = chosen; else resumeThread = chosen;
                return "OK";
            }
            case 'T': return TryThreadId(p[1..], out long alive) && target.Threads().Contains(alive) ? "OK" : "E01";
            case 'g': return ReadGeneralRegisters();
            case 'G': return WriteGeneralRegisters(p[1..]);
            case 'p':
                return TryHex(p[1..], out ulong n) && n <= int.MaxValue && ReadRegisterHex((int)n) is { } value ? value : "E01";
            case 'P':
            {
                int eq = p.IndexOf('=');
                if (eq < 0 || !TryHex(p[1..eq], out ulong number) || number > int.MaxValue) return "E01";
                int size = RiscvRegisters.Size((int)number);
                byte[] bytes;
                try { bytes = Convert.FromHexString(p[(eq + 1)..]); }
                catch (FormatException) { return "E01"; }
                if (size == 0 || bytes.Length < size) return "E01";
                ulong v = size == 8 ? BitConverter.ToUInt64(bytes) : BitConverter.ToUInt32(bytes);
                return target.TryWriteRegister(selected, (int)number, v) ? "OK" : "E01";
            }
            case 'm': return ReadMemory(p[1..]);
            case 'M': return WriteMemory(p[1..], binary: false);
            case 'X': return WriteMemory(p[1..], binary: true);
            case 'Z' or 'z': return Breakpoint(p);
            case 'c': return Continue(p.Length > 1 ? p[1..] : null, signal: 0, withSignal: false);
            case 's' when target.CanStep:
                if (p.Length > 1 && (!TryHex(p[1..], out ulong at) || !target.TryWriteRegister(resumeThread, RiscvRegisters.Pc, at))) return "E01";
                return Step(resumeThread, 0);
            case 'C':
            {
                string rest = p[1..];
                int semi = rest.IndexOf(';');
                if (!TryHex(semi < 0 ? rest : rest[..semi], out ulong sig)) return "E01";
                return Continue(semi < 0 ? null : rest[(semi + 1)..], (int)sig, withSignal: true);
            }
            case 'v': return VerbosePacket(p);
            case 'D':
                target.Detach();
                ended = true;
                return "OK";
            default: return "";
        }
    }

    private string Query(string p)
    {
        if (p.StartsWith("qSupported", StringComparison.Ordinal))
            return "PacketSize=4000;qXfer:features:read+;qXfer:auxv:read+;QStartNoAckMode+;vContSupported+";
        if (p.StartsWith("qXfer:features:read:target.xml:", StringComparison.Ordinal))
            return Transfer(Encoding.ASCII.GetBytes(target.TargetDescription), p["qXfer:features:read:target.xml:".Length..]);
        if (p.StartsWith("qThreadExtraInfo,", StringComparison.Ordinal))
            return TryThreadId(p["qThreadExtraInfo,".Length..], out long t) && target.ThreadExtraInfo(t) is { } info
                ? Convert.ToHexStringLower(Encoding.ASCII.GetBytes(info)) : "";
        if (p.StartsWith("qXfer:auxv:read::", StringComparison.Ordinal))
            return target.AuxiliaryVector is { } auxv ? Transfer(auxv, p["qXfer:auxv:read::".Length..]) : "E01";
        if (p.StartsWith("qXfer:", StringComparison.Ordinal)) return "";
        return p switch
        {
            "qAttached" => "0",
            "qC" => $"QC{(selected > 0 ? selected : target.Threads().FirstOrDefault()):x}",
            "qfThreadInfo" => "m" + string.Join(',', target.Threads().Select(t => t.ToString("x"))),
            "qsThreadInfo" => "l",
            "qSymbol::" => "OK",
            _ => "",
        };
    }

    /// <summary>A qXfer read of "OFFSET,LENGTH" from <paramref name="data"/>: 'm' and a part, or 'l' and the last part.</summary>
    private static string Transfer(byte[] data, string range)
    {
        int comma = range.IndexOf(',');
        if (comma < 0 || !TryHex(range[..comma], out ulong offset) || !TryHex(range[(comma + 1)..], out ulong length)) return "E01";
        if (offset >= (ulong)data.Length) return "l";
        int take = (int)Math.Min(length, (ulong)data.Length - offset);
        string part = Encoding.Latin1.GetString(data, (int)offset, take);
        return ((ulong)take + offset < (ulong)data.Length ? "m" : "l") + part;
    }

    private string? ReadRegisterHex(int number)
    {
        int size = RiscvRegisters.Size(number);
        if (size == 0 || !target.TryReadRegister(selected, number, out ulong value)) return null;
        return Convert.ToHexStringLower(BitConverter.GetBytes(value), 0, size);
    }

    private string ReadGeneralRegisters()
    {
        var text = new StringBuilder(RiscvRegisters.GeneralCount * 16);
        for (int i = 0; i < RiscvRegisters.GeneralCount; i++)
            text.Append(ReadRegisterHex(i) ?? "xxxxxxxxxxxxxxxx");
        return text.ToString();
    }

    private string WriteGeneralRegisters(string hex)
    {
        byte[] bytes;
        try { bytes = Convert.FromHexString(hex); }
        catch (FormatException) { return "E01"; }
        for (int i = 0; i < RiscvRegisters.GeneralCount && (i + 1) * 8 <= bytes.Length; i++)
            if (!target.TryWriteRegister(selected, i, BitConverter.ToUInt64(bytes, i * 8))) return "E01";
        return "OK";
    }

    private string ReadMemory(string args)
    {
        if (!TryAddressLength(args, out ulong address, out ulong length)) return "E01";
        var buffer = new byte[(int)Math.Min(length, 0x1000)];
        int read = target.ReadMemory(address, buffer);
        return read == 0 && buffer.Length > 0 ? "E14" : Convert.ToHexStringLower(buffer, 0, read);
    }

    private string WriteMemory(string args, bool binary)
    {
        int colon = args.IndexOf(':');
        if (colon < 0 || !TryAddressLength(args[..colon], out ulong address, out ulong length)) return "E01";
        byte[] data;
        if (binary) data = Encoding.Latin1.GetBytes(args[(colon + 1)..]);
        else
        {
            try { data = Convert.FromHexString(args[(colon + 1)..]); }
            catch (FormatException) { return "E01"; }
        }
        if ((ulong)data.Length != length) return "E01";
        return data.Length == 0 || target.WriteMemory(address, data) ? "OK" : "E14";
    }

    private string Breakpoint(string p)
    {
        // Z0 (software) and Z1 (hardware) breakpoints; Z2-Z4 watchpoints, which a target may refuse (gdb then watches
        // by stepping).
        var parts = p[1..].Split(',');
        if (parts.Length < 3 || parts[0] is not ("0" or "1" or "2" or "3" or "4") || !TryHex(parts[1], out ulong address) || !TryHex(parts[2].Split(';')[0], out ulong kind))
            return "";
        bool insert = p[0] == 'Z';
        if (parts[0] is "2" or "3" or "4")
        {
            // A watchpoint: the kind field is its length. An empty reply says "not supported" (gdb then steps).
            var watch = (WatchKind)(parts[0][0] - '0');
            if (insert) return target.InsertWatchpoint(watch, address, kind) ? "OK" : "";
            return target.RemoveWatchpoint(watch, address, kind) ? "OK" : "E01";
        }
        if (kind is not (2 or 4)) return "E01";
        bool ok = parts[0] == "1"
            ? insert ? target.InsertHardwareBreakpoint(address, (int)kind) : target.RemoveHardwareBreakpoint(address, (int)kind)
            : insert ? target.InsertBreakpoint(address, (int)kind) : target.RemoveBreakpoint(address, (int)kind);
        return ok ? "OK" : "E01";
    }

    private string? VerbosePacket(string p)
    {
        if (p == "vCont?") return target.CanStep ? "vCont;c;C;s;S" : "vCont;c;C";
        if (p == "vMustReplyEmpty") return "";
        if (!p.StartsWith("vCont;", StringComparison.Ordinal)) return "";
        var signals = new Dictionary<long, int>();
        long? stepThread = null;
        int stepSignal = 0;
        foreach (string action in p["vCont;".Length..].Split(';'))
        {
            int colon = action.IndexOf(':');
            string verb = colon < 0 ? action : action[..colon];
            long thread = 0;
            if (colon >= 0 && !TryThreadId(action[(colon + 1)..], out thread)) return "E01";
            if (verb == "c") continue;
            if (target.CanStep && stepThread is null && (verb == "s" || (verb.Length == 3 && verb[0] == 'S' && TryHex(verb[1..], out _))))
            {
                // The stepped thread runs one instruction; the others, which gdb lets continue meanwhile, stay
                // stopped (the step is over before they would have run).
                stepThread = thread > 0 ? thread : resumeThread;
                stepSignal = verb == "s" ? 0 : (int)Convert.ToUInt64(verb[1..], 16);
                continue;
            }
            if (verb.Length == 3 && verb[0] == 'C' && TryHex(verb[1..], out ulong sig))
            {
                long to = thread > 0 ? thread : resumeThread;
                signals.TryAdd(to, (int)sig);
                continue;
            }
            return "E01"; // s, S (user mode), t, r: not offered by vCont?
        }
        return stepThread is { } st ? Step(st, stepSignal) : Resume(signals);
    }

    private string? Continue(string? address, int signal, bool withSignal)
    {
        if (address is not null)
        {
            if (!TryHex(address, out ulong pc) || !target.TryWriteRegister(resumeThread, RiscvRegisters.Pc, pc)) return "E01";
        }
        var signals = new Dictionary<long, int>();
        if (withSignal) signals[resumeThread] = signal;
        return Resume(signals);
    }

    private string? Step(long thread, int signal)
    {
        target.Step(thread, signal);
        return AwaitStop();
    }

    /// <summary>Resumes the target, then waits for its next stop, passing a Ctrl-C from gdb on; replies with the stop.</summary>
    private string? Resume(Dictionary<long, int> signals)
    {
        target.Resume(signals);
        return AwaitStop();
    }

    private string AwaitStop()
    {
        StopEvent stop;
        while (!target.WaitForStop(TimeSpan.FromMilliseconds(20), out stop))
            if (InterruptPending()) target.Interrupt();
        OnStop(stop);
        return StopReply(stop);
    }

    /// <summary>Whether gdb sent Ctrl-C while the program runs (the only byte it sends then, in all-stop mode).</summary>
    private bool InterruptPending()
    {
        if (connection is not NetworkStream ns || !ns.DataAvailable) return false;
        return ns.ReadByte() == 0x03;
    }

    private static bool TryAddressLength(string text, out ulong address, out ulong length)
    {
        length = 0;
        int comma = text.IndexOf(',');
        address = 0;
        return comma > 0 && TryHex(text[..comma], out address) && TryHex(text[(comma + 1)..], out length);
    }

    /// <summary>A thread id: hex, -1 (all) or 0 (any); both of the latter as 0.</summary>
    private static bool TryThreadId(string text, out long id)
    {
        id = 0;
        if (text is "-1" or "0") return true;
        if (!TryHex(text, out ulong v) || v > long.MaxValue) return false;
        id = (long)v;
        return true;
    }

    private static bool TryHex(string text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
