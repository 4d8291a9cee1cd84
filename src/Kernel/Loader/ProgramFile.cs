// A program or dynamic linker opened for execve: the loader reads what it needs from it, never the whole file.
using RvJit.Kernel.Fs;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Tasks;
using RvJit.Runtime.Elf;

namespace RvJit.Kernel.Loader;

/// <summary>
/// An executable file opened through the VFS (so the jail's rules apply to it as to open()). Like
/// Linux's loader, execve reads the first bytes (#! or ELF header), then the ELF headers, and maps the
/// segments from the file: pages are read on first touch, so a file of any length costs only the pages
/// the program uses.
/// </summary>
internal sealed class ProgramFile : IDisposable
{
    /// <summary>How much of the file's start is looked at for "#!" (Linux's BINPRM_BUF_SIZE).</summary>
    public const int HeadSize = 256;

    private readonly FileDescription file;

    private ProgramFile(FileDescription file, Location location, ulong length)
    {
        this.file = file;
        Location = location;
        Length = length;
    }

    /// <summary>Where the file is, as resolved.</summary>
    public Location Location { get; }

    /// <summary>The file's length when it was opened.</summary>
    public ulong Length { get; }

    /// <summary>Opens an already resolved regular file for reading; errno as execve reports it.</summary>
    public static Errno Open(LinuxKernel kernel, Process caller, Location location, out ProgramFile? program)
    {
        program = null;
        Errno e = kernel.Vfs.Open(caller, location, OpenFlags.ReadOnly, 0, out var file);
        if (e != Errno.Success) return e;
        file!.AddRef();
        if (file.Stat(out var st) != Errno.Success || !st.IsRegular)
        {
            file.Release();
            return Errno.EACCES;
        }
        program = new ProgramFile(file, location, st.Size);
        return Errno.Success;
    }

    /// <summary>Up to <see cref="HeadSize"/> bytes from the start of the file.</summary>
    public Errno ReadHead(out byte[] head)
    {
        head = new byte[(int)Math.Min(Length, HeadSize)];
        return TryRead(0, head) ? Errno.Success : Errno.EIO;
    }

    /// <summary>The file as an ELF source; the image made from it reads headers and tables on demand.</summary>
    public ElfSource AsElfSource() => ElfSource.FromReader(Length, TryRead);

    /// <summary>A page source for the segments (counted as one mapping, which the caller releases), or null when the file cannot be mapped.</summary>
    public IPageSource? PageSource() => file.PageSource;

    private bool TryRead(ulong offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (offset > long.MaxValue) return false;
            long n = file.ReadAt(destination, (long)offset);
            if (n <= 0) return false;
            destination = destination[(int)n..];
            offset += (ulong)n;
        }
        return true;
    }

    public void Dispose() => file.Release();
}
