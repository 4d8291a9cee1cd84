// One TCP connection of the user network: the guest's side is a small TCP implementation (handshake, data in
// order with acknowledgments, the guest's window, FIN and RST, go-back-N retransmission on a timer), the
// other side a host socket.
using System.Net;
using System.Net.Sockets;

namespace RvJit.Runtime.Net;

/// <summary>
/// Opened by the guest (its SYN: the host socket connects first, then the guest gets SYN-ACK, or RST if the host
/// refused, as slirp does) or by a hostfwd listener (the guest gets a SYN). Data from the host waits in a buffer
/// until the guest acknowledges it; the guest's data goes to the host socket in order and the window the guest
/// sees is what the host has not taken yet. Out-of-order guest data is dropped with a duplicate ACK (the link is
/// lossless and in order: it only happens after a drop). Runs on the network's thread.
/// </summary>
internal sealed class TcpConnection
{
    public readonly record struct Key(uint GuestAddress, ushort GuestPort, uint RemoteAddress, ushort RemotePort);

    private enum State { Connecting, SynSent, SynReceived, Established, Closed }

    public const ushort OurMss = 1460;
    private const int ReceiveWindow = 65535;
    private const int HostReadAhead = 256 << 10; // bytes from the host held for the guest before reading stops
    private const long RetransmitMs = 500;
    private const int MaxRetries = 10;

    private readonly UserNetwork net;
    private readonly TcpNat nat;
    private readonly ByteQueue toGuest = new();
    private readonly Queue<ReadOnlyMemory<byte>> toHost = new();
    private Socket? host;
    private State state;
    private uint iss, sndUna, sndNxt, rcvNxt, finSequence;
    private int guestWindow, guestMss = 536, hostQueued, retries, lastAdvertised;
    private bool hostEof, finSent, finAcked, guestFin, reading, writing, hostShutDown;
    private long lastProgress = Environment.TickCount64;

    public TcpConnection(UserNetwork net, TcpNat nat, Key id)
    {
        this.net = net;
        this.nat = nat;
        Id = id;
        iss = (uint)Random.Shared.Next();
        sndUna = sndNxt = iss;
    }

    public Key Id { get; }

    private ushort Window => (ushort)Math.Clamp(ReceiveWindow - hostQueued, 0, ReceiveWindow);

    private void Send(byte flags, uint sequence, ReadOnlySpan<byte> payload = default, ushort? mss = null)
    {
        ushort window = Window;
        lastAdvertised = window;
        nat.SendToGuest(Id, sequence, (flags & TcpSegment.Ack) != 0 ? rcvNxt : 0, flags, window, mss, payload);
    }

    private void SendAck() => Send(TcpSegment.Ack, sndNxt);

    /// <summary>The guest's SYN: connect the host socket, then answer.</summary>
    public void Connect(TcpSegment syn, IPEndPoint to)
    {
        state = State.Connecting;
        rcvNxt = syn.Sequence + 1;
        guestMss = syn.Mss ?? 536;
        guestWindow = syn.Window;
        host = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        net.BeginPending();
        net.NoteHostSend();
        host.ConnectAsync(to).ContinueWith(t => net.Post(() =>
        {
            // Busy until the answer is with the device (see UserNetwork.Transmit).
            try { Connected(t); }
            finally { net.EndPending(); }
        }), TaskScheduler.Default);
    }

    private void Connected(Task t)
    {
        if (state != State.Connecting) return;
        if (t.IsFaulted || t.IsCanceled)
        {
            // Refused or unreachable: the guest's connect fails with a reset.
            Send(TcpSegment.Rst | TcpSegment.Ack, 0);
            Close();
            return;
        }
        state = State.SynReceived;
        sndNxt = iss + 1;
        Send(TcpSegment.Syn | TcpSegment.Ack, iss, mss: OurMss);
        lastProgress = Environment.TickCount64;
    }

    /// <summary>A host client of a hostfwd rule: the guest gets a SYN.</summary>
    public void OpenToGuest(Socket client)
    {
        host = client;
        host.NoDelay = true;
        state = State.SynSent;
        sndNxt = iss + 1;
        Send(TcpSegment.Syn, iss, mss: OurMss);
        lastProgress = Environment.TickCount64;
    }

    public void FromGuest(TcpSegment s)
    {
        if (s.Has(TcpSegment.Rst))
        {
            // Acceptable when in the window (the handshake's resets carry our ISN + 1).
            if (state == State.SynSent ? s.Acknowledgment == iss + 1 || !s.Has(TcpSegment.Ack) : s.Sequence - rcvNxt <= ReceiveWindow)
                Abort(sendReset: false);
            return;
        }
        switch (state)
        {
            case State.Connecting:
                return; // the guest repeats its SYN while the host connects
            case State.SynSent:
                if (s.Has(TcpSegment.Syn) && s.Has(TcpSegment.Ack) && s.Acknowledgment == iss + 1)
                {
                    rcvNxt = s.Sequence + 1;
                    sndUna = iss + 1;
                    guestMss = s.Mss ?? 536;
                    guestWindow = s.Window;
                    state = State.Established;
                    Progress();
                    SendAck();
                    ReadHost();
                }
                else if (s.Has(TcpSegment.Ack)) Send(TcpSegment.Rst, s.Acknowledgment);
                return;
            case State.SynReceived:
                if (s.Has(TcpSegment.Syn)) { Send(TcpSegment.Syn | TcpSegment.Ack, iss, mss: OurMss); return; }
                if (!s.Has(TcpSegment.Ack)) return;
                if (s.Acknowledgment != iss + 1) { Send(TcpSegment.Rst, s.Acknowledgment); return; }
                sndUna = iss + 1;
                state = State.Established;
                Progress();
                ReadHost();
                break;
            case State.Established:
                if (s.Has(TcpSegment.Syn)) { SendAck(); return; } // a repeated SYN-ACK: our ACK was lost
                break;
            default:
                return;
        }
        if (s.Has(TcpSegment.Ack)) Acknowledged(s);
        if (state == State.Closed) return;
        GuestData(s);
        Pump();
        Finish();
    }

    private void Progress()
    {
        lastProgress = Environment.TickCount64;
        retries = 0;
    }

    // The guest acknowledged up to s.Acknowledgment: drop what it has, take its window.
    private void Acknowledged(TcpSegment s)
    {
        uint acked = s.Acknowledgment - sndUna, inFlight = sndNxt - sndUna;
        if (acked > inFlight) return; // old or from the future: ignored
        if (acked > 0)
        {
            uint data = finSent && s.Acknowledgment == finSequence + 1 ? acked - 1 : acked;
            toGuest.Discard((int)data);
            sndUna = s.Acknowledgment;
            if (finSent && sndUna == finSequence + 1) finAcked = true;
            Progress();
        }
        guestWindow = s.Window;
        ReadHost();
    }

    private void GuestData(TcpSegment s)
    {
        var payload = s.Payload;
        if (payload.Length == 0 && !s.Has(TcpSegment.Fin)) return;
        if (guestFin) { SendAck(); return; }
        int offset = (int)(rcvNxt - s.Sequence);
        if (offset < 0 || offset > payload.Length)
        {
            // Out of order, or entirely old: say where we are.
            SendAck();
            return;
        }
        var fresh = payload[offset..];
        int take = Math.Min(fresh.Length, Window);
        if (take > 0)
        {
            rcvNxt += (uint)take;
            WriteHost(fresh[..take]);
        }
        if (s.Has(TcpSegment.Fin) && take == fresh.Length)
        {
            guestFin = true;
            rcvNxt++;
            ShutDownHostWhenWritten();
        }
        SendAck();
    }

    // Sends what the guest's window allows, then our FIN once the host has closed and everything went out.
    private void Pump()
    {
        if (state != State.Established) return;
        int mss = Math.Min(guestMss, OurMss);
        while (!finSent)
        {
            int sent = (int)(sndNxt - sndUna);
            int unsent = toGuest.Count - sent;
            int usable = guestWindow - sent;
            int n = Math.Min(Math.Min(unsent, usable), mss);
            if (n <= 0) break;
            if (sndNxt == sndUna) lastProgress = Environment.TickCount64;
            Send(TcpSegment.Ack | TcpSegment.Psh, sndNxt, toGuest.Peek(sent, n));
            sndNxt += (uint)n;
        }
        if (hostEof && !finSent && sndNxt - sndUna == toGuest.Count)
        {
            if (sndNxt == sndUna) lastProgress = Environment.TickCount64;
            finSequence = sndNxt;
            Send(TcpSegment.Fin | TcpSegment.Ack, sndNxt);
            sndNxt++;
            finSent = true;
        }
    }

    // Both directions closed and acknowledged, and the host took all the guest's data: the connection ends
    // (no TIME-WAIT: the virtual link delivers everything in order).
    private void Finish()
    {
        if (guestFin && finAcked && hostShutDown) Close();
    }

    private void ReadHost()
    {
        if (reading || hostEof || state != State.Established || toGuest.Count >= HostReadAhead || host is null) return;
        reading = true;
        var buffer = new byte[65536];
        host.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().ContinueWith(t => net.Post(() =>
        {
            reading = false;
            if (state == State.Closed) return;
            if (t.IsFaulted || t.IsCanceled) { Abort(sendReset: true); return; }
            if (t.Result == 0) hostEof = true;
            else toGuest.Append(buffer.AsSpan(0, t.Result));
            Pump();
            ReadHost();
        }), TaskScheduler.Default);
    }

    private void WriteHost(ReadOnlyMemory<byte> data)
    {
        toHost.Enqueue(data.ToArray());
        hostQueued += data.Length;
        if (!writing) WriteNext();
    }

    private void WriteNext()
    {
        if (toHost.Count == 0 || host is null)
        {
            writing = false;
            return;
        }
        writing = true;
        var chunk = toHost.Peek();
        net.NoteHostSend();
        host.SendAsync(chunk, SocketFlags.None, CancellationToken.None).AsTask().ContinueWith(t => net.Post(() =>
        {
            if (state == State.Closed) return;
            if (t.IsFaulted || t.IsCanceled) { Abort(sendReset: true); return; }
            int sent = t.Result;
            hostQueued -= sent;
            if (sent >= chunk.Length) toHost.Dequeue();
            else
            {
                toHost.Dequeue();
                var rest = new Queue<ReadOnlyMemory<byte>>([chunk[sent..], .. toHost]);
                toHost.Clear();
                foreach (var c in rest) toHost.Enqueue(c);
            }
            // The window had closed to less than a segment: tell the guest it opened.
            if (lastAdvertised < OurMss && Window >= OurMss && state == State.Established) SendAck();
            if (toHost.Count > 0) WriteNext();
            else
            {
                writing = false;
                ShutDownHostWhenWritten();
                Finish();
            }
        }), TaskScheduler.Default);
    }

    private void ShutDownHostWhenWritten()
    {
        if (!guestFin || writing || hostShutDown || host is null) return;
        hostShutDown = true;
        try { host.Shutdown(SocketShutdown.Send); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Retransmission: nothing acknowledged for a while sends again from the oldest unacknowledged byte.</summary>
    public void Tick()
    {
        long now = Environment.TickCount64;
        bool waiting = state is State.SynSent or State.SynReceived || (state == State.Established && sndNxt != sndUna);
        if (state == State.Established && !waiting && guestWindow == 0 && toGuest.Count > 0 && now - lastProgress >= RetransmitMs)
        {
            // A closed window: probe it with a byte beyond it, which the guest answers with its window.
            lastProgress = now;
            Send(TcpSegment.Ack, sndNxt, toGuest.Peek(0, 1));
            return;
        }
        if (!waiting || now - lastProgress < RetransmitMs) return;
        if (++retries > MaxRetries) { Abort(sendReset: true); return; }
        lastProgress = now;
        switch (state)
        {
            case State.SynSent: Send(TcpSegment.Syn, iss, mss: OurMss); break;
            case State.SynReceived: Send(TcpSegment.Syn | TcpSegment.Ack, iss, mss: OurMss); break;
            default:
                sndNxt = sndUna;
                finSent = false;
                Pump();
                break;
        }
    }

    /// <summary>Ends the connection at once (a reset to the guest when <paramref name="sendReset"/>).</summary>
    public void Abort(bool sendReset)
    {
        if (state == State.Closed) return;
        if (sendReset && state != State.Connecting) Send(TcpSegment.Rst | TcpSegment.Ack, sndNxt);
        if (host is not null)
        {
            // An abortive close: the host's peer sees a reset too.
            try { host.LingerState = new LingerOption(true, 0); }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }
        Close();
    }

    private void Close()
    {
        state = State.Closed;
        host?.Dispose();
        nat.Remove(this);
    }
}
