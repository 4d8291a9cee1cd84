// Descriptors passed (SCM_RIGHTS) over host sockets: each as a host descriptor, so the host kernel carries them.
using RvJit.Kernel.Fs.Host;

namespace RvJit.Kernel.Fs;

/// <summary>
/// SCM_RIGHTS over a host AF_UNIX socket is the host's SCM_RIGHTS: the host kernel carries each descriptor with
/// the byte it was sent with, keeps it alive in flight and hands it to whoever receives it: another guest process
/// of this kernel, or a host process. What goes for a description: its own host descriptor if it has one (a host
/// file or socket: a host receiver gets the very file), else a token, a host memfd standing for a kernel-made
/// object (pipe, eventfd, socket pair, epoll...), which only this kernel can turn back into the object. A
/// receiver in this kernel gets the sender's description itself (one open file description: flags and offset
/// shared, as in Linux) when it is still open: found by kcmp(KCMP_FILE) of the host descriptors; otherwise, and for
/// descriptors from host processes, a new description around the host descriptor (a socket: a host socket, made
/// non-blocking on the host as rvjit's host sockets are; anything else: a host file).
/// A token holds a reference to its object until received; a message the host discards (never received) keeps
/// that object open until a later token takes the same memfd inode. Sent host descriptors are not held: if the
/// sender closes its description before the receiver receives, the receiver makes a new one.
/// </summary>
public sealed class PassedDescriptors
{
    private const int SoType = 3, SoDomain = 39;
    /// <summary>Kernel-made objects in flight, by their token's (device, inode).</summary>
    private readonly Dictionary<(ulong, ulong), FileDescription> tokens = [];
    /// <summary>Host-backed descriptions sent and perhaps in flight (no reference held), by (device, inode).</summary>
    private readonly Dictionary<(ulong, ulong), List<FileDescription>> sent = [];

    /// <summary>The host descriptor that stands for <paramref name="file"/> in a host SCM_RIGHTS message, and
    /// whether it is a new one (a token) that the caller closes once the message is sent.</summary>
    public Errno HostDescriptorFor(FileDescription file, out int hostFd, out bool temporary)
    {
        temporary = false;
        hostFd = file is HostFile or HostSocket ? file.HostFd : -1;
        if (hostFd >= 0)
        {
            if (HostFiles.StatFd(hostFd, out var st) == Errno.Success)
            {
                var key = (st.Device, st.Inode);
                if (!sent.TryGetValue(key, out var list)) sent[key] = list = [];
                list.RemoveAll(f => f.References == 0);
                if (!list.Contains(file)) list.Add(file);
            }
            return Errno.Success;
        }
        hostFd = LibC.MemfdCreate("rvjit-passed-descriptor", 1 /* MFD_CLOEXEC */);
        if (hostFd < 0) return LibC.LastError;
        Errno e = HostFiles.StatFd(hostFd, out var token);
        if (e != Errno.Success)
        {
            LibC.Close(hostFd);
            return e;
        }
        // An entry with the same inode is a token whose message was discarded: its memfd is gone.
        if (tokens.Remove((token.Device, token.Inode), out var stale)) stale.Release();
        file.AddRef();
        tokens[(token.Device, token.Inode)] = file;
        temporary = true;
        return Errno.Success;
    }

    /// <summary>The sending failed: the token made for it goes (the host never carried it).</summary>
    public void Unsent(int tokenFd)
    {
        if (HostFiles.StatFd(tokenFd, out var st) == Errno.Success && tokens.Remove((st.Device, st.Inode), out var file)) file.Release();
    }

    /// <summary>The description for a host descriptor received with SCM_RIGHTS (owned from now on), holding one
    /// reference for the caller.</summary>
    public FileDescription Adopt(int hostFd)
    {
        if (HostFiles.StatFd(hostFd, out var st) != Errno.Success) return Wrap(hostFd, default);
        var key = (st.Device, st.Inode);
        if (tokens.Remove(key, out var passed))
        {
            LibC.Close(hostFd);
            return passed; // the token's reference is the caller's
        }
        if (sent.TryGetValue(key, out var list))
        {
            list.RemoveAll(f => f.References == 0);
            if (list.Count == 0) sent.Remove(key);
            foreach (var f in list)
            {
                if (LibC.SameFileDescription(f.HostFd, hostFd) != 0) continue;
                LibC.Close(hostFd);
                f.AddRef();
                return f;
            }
        }
        return Wrap(hostFd, st);
    }

    private static unsafe FileDescription Wrap(int hostFd, StatxBuffer st)
    {
        int status = LibC.Fcntl(hostFd, 3 /* F_GETFL */, 0);
        if (st.FileType == StatMode.Socket)
        {
            int domain = 0, type = 0;
            uint length = 4;
            LibC.GetSockOpt(hostFd, LibC.SolSocket, SoDomain, (byte*)&domain, &length);
            length = 4;
            LibC.GetSockOpt(hostFd, LibC.SolSocket, SoType, (byte*)&type, &length);
            // rvjit's host sockets are non-blocking on the host; the guest's view starts from the host's flag.
            if (status >= 0) LibC.Fcntl(hostFd, 4 /* F_SETFL */, status | OpenFlags.NonBlock);
            var socket = new HostSocket(hostFd, domain, type, status >= 0 ? status & OpenFlags.NonBlock : 0);
            socket.AddRef();
            return socket;
        }
        int flags = status >= 0 ? status & ~OpenFlags.CloseOnExec : OpenFlags.ReadWrite;
        // It shows as the host's name of the file (a host path, "pipe:[N]"...): it has no place in the guest's tree.
        string name = new FileInfo($"/proc/self/fd/{hostFd}").LinkTarget ?? "anon_inode:[passed]";
        var file = new HostFile(hostFd, flags, null, name);
        file.AddRef();
        return file;
    }
}
