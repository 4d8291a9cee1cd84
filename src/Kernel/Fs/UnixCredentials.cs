// The struct ucred an AF_UNIX message carries (SCM_CREDENTIALS), as the guest sees it.
namespace RvJit.Kernel.Fs;

/// <summary>A sender's pid (the guest's), uid and gid: its own, or what it gave with an explicit SCM_CREDENTIALS.</summary>
public readonly record struct UnixCredentials(int Pid, uint Uid, uint Gid)
{
    public const int Size = 12;

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), Pid);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), Uid);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), Gid);
        return bytes;
    }

    public static UnixCredentials FromBytes(ReadOnlySpan<byte> bytes) =>
        new(BitConverter.ToInt32(bytes), BitConverter.ToUInt32(bytes[4..]), BitConverter.ToUInt32(bytes[8..]));
}
