// open(2) flag bits and related constants as the riscv64 (asm-generic) ABI defines them.
namespace RvJit.Kernel.Fs;

/// <summary>O_* flags (asm-generic/fcntl.h). x86-64 hosts use the same values.</summary>
public static class OpenFlags
{
    public const int AccessMode = 3, ReadOnly = 0, WriteOnly = 1, ReadWrite = 2;
    public const int Create = 0x40, Exclusive = 0x80, NoCtty = 0x100, Truncate = 0x200, Append = 0x400,
        NonBlock = 0x800, DSync = 0x1000, Async = 0x2000, Direct = 0x4000, LargeFile = 0x8000,
        Directory = 0x10000, NoFollow = 0x20000, NoAtime = 0x40000, CloseOnExec = 0x80000,
        Sync = 0x101000, Path = 0x200000, TmpFile = 0x410000;

    /// <summary>The flags F_SETFL may change.</summary>
    public const int Settable = Append | NonBlock | Async | Direct | NoAtime;

    /// <summary>AT_* flags of the *at calls.</summary>
    public const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, AtRemoveDir = 0x200, AtEaccess = 0x200,
        AtSymlinkFollow = 0x400, AtNoAutomount = 0x800, AtEmptyPath = 0x1000;
}

/// <summary>poll(2) event bits.</summary>
[Flags]
public enum PollEvents : short
{
    None = 0,
    In = 1,
    Priority = 2,
    Out = 4,
    Error = 8,
    HangUp = 16,
    Invalid = 32,
    ReadNormal = 0x40,
    WriteNormal = 0x100,
    RdHangUp = 0x2000,
}
