// Which guest process sent the bytes in flight from one end of a connected pair of AF_UNIX sockets (a socketpair, or a
// connection between guest sockets made by path), or the datagrams in flight to a bound guest datagram socket: the
// host credits them all to rvjit.
namespace RvJit.Kernel.Fs;

/// <summary>
/// The guest senders of what one end of a socket pair has sent and its peer has not yet received, oldest first:
/// runs of bytes (a stream) or whole messages (datagram, seqpacket), each with the credentials it was sent with (the
/// process's, or those it gave itself with SCM_CREDENTIALS). Every guest process of this kernel is one host process
/// (rvjit), so the host's SCM_CREDENTIALS name rvjit for all of them; Linux names the process that sent the message
/// (its tgid at send time), which this record gives back to the receiver. Consecutive sends with the same credentials
/// share a run, so the record stays as short as the number of changes of sender in flight.
/// </summary>
public sealed class PairSenders(bool stream)
{
    private readonly Queue<Run> runs = new();
    private readonly Lock gate = new();
    private Run? newest;

    private sealed class Run(UnixCredentials sender, long amount)
    {
        public UnixCredentials Sender { get; } = sender;
        /// <summary>Bytes (stream) or messages (datagram, seqpacket) of this run still in flight.</summary>
        public long Amount { get; set; } = amount;
    }

    /// <summary>A send of <paramref name="bytes"/> by <paramref name="sender"/> that the host accepted.</summary>
    public void Sent(UnixCredentials sender, long bytes)
    {
        long amount = stream ? bytes : 1;
        if (amount <= 0) return;
        lock (gate)
        {
            // Only the newest run can grow: a run in the middle is followed by another sender's.
            if (runs.Count > 0 && newest is { } last && last.Sender == sender) last.Amount += amount;
            else runs.Enqueue(newest = new Run(sender, amount));
        }
    }

    /// <summary>The sender of the oldest byte or message in flight, or null when nothing recorded is.</summary>
    public UnixCredentials? Oldest
    {
        get { lock (gate) return runs.TryPeek(out var run) ? run.Sender : null; }
    }

    /// <summary>How many bytes of a stream may be read before the sender changes (Linux's stream read stops there when
    /// credentials are passed); null when one sender wrote all that is in flight, or for messages.</summary>
    public long? BytesBeforeNextSender
    {
        get
        {
            lock (gate) return stream && runs.Count > 1 ? runs.Peek().Amount : null;
        }
    }

    /// <summary>A receive took <paramref name="bytes"/> (stream) or one message (otherwise, whatever its length).</summary>
    public void Received(long bytes)
    {
        long amount = stream ? bytes : 1;
        lock (gate)
        {
            while (amount > 0 && runs.TryPeek(out var run))
            {
                long taken = Math.Min(amount, run.Amount);
                run.Amount -= taken;
                amount -= taken;
                if (run.Amount == 0) runs.Dequeue();
            }
        }
    }
}
