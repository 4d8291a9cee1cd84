// execve's loading half: resolves the program (and #! interpreters), builds a complete new address space.
using System.Text;
using RvJit.Kernel.Fs;
using RvJit.Kernel.Fs.Host;
using RvJit.Kernel.Memory;
using RvJit.Kernel.Tasks;
using RvJit.Runtime.Elf;

namespace RvJit.Kernel.Loader;

/// <summary>A fully built program image, ready to replace a process's old one.</summary>
public sealed class ExecImage
{
    public required AddressSpace Space { get; init; }
    public required ulong Entry { get; init; }
    public required ulong StackPointer { get; init; }
    public required string GuestPath { get; init; }
    public required string HostPath { get; init; }
    public required IReadOnlyList<byte[]> Arguments { get; init; }
    public required IReadOnlyList<byte[]> Environment { get; init; }
    public required IReadOnlyList<(ulong Key, ulong Value)> AuxVector { get; init; }
    /// <summary>The page holding the signal return trampoline (li a7, 139; ecall).</summary>
    public required ulong SignalTrampoline { get; init; }
}

/// <summary>
/// Loads programs for execve and for the first process. Nothing of the calling process changes here: the
/// new image is built in a fresh address space, so any failure still returns an errno to the old image.
/// </summary>
public static class ExecLoader
{
    private const int MaxInterpreterDepth = 4;

    /// <summary>riscv64 code of the signal return trampoline: addi a7, zero, 139 (rt_sigreturn); ecall.</summary>
    private static readonly uint[] TrampolineCode = [0x08b00893, 0x00000073];

    /// <summary>e_machine of RISC-V.</summary>
    private const ushort MachineRiscv = 243;

    /// <summary>
    /// Loads <paramref name="path"/> (following #! lines) into a new image. When the program is an ELF for
    /// the host's own architecture (a host tool found on PATH, /bin/sh...) and host programs are allowed,
    /// <paramref name="host"/> is set instead: the caller runs it as a host process, as qemu-user does.
    /// </summary>
    public static Errno Prepare(LinuxKernel kernel, Process caller, string path, List<byte[]> argv, List<byte[]> envp,
        out ExecImage image, out HostCommand? host)
    {
        image = null!;
        host = null;
        string guestPath = path;
        for (int depth = 0; ; depth++)
        {
            Errno e = OpenProgram(kernel, caller, guestPath, out var program);
            if (e != Errno.Success) return e;
            using (program)
            {
                e = program!.ReadHead(out byte[] bytes);
                if (e != Errno.Success) return e;
                var location = program.Location;

                if (bytes.Length >= 2 && bytes[0] == '#' && bytes[1] == '!')
                {
                    if (depth >= MaxInterpreterDepth) return Errno.ELOOP;
                    if (!ParseShebang(bytes, out string interpreter, out string? argument)) return Errno.ENOEXEC;
                    // argv becomes: interpreter [argument] script args[1..]
                    var rewritten = new List<byte[]> { Encoding.UTF8.GetBytes(interpreter) };
                    if (argument is not null) rewritten.Add(Encoding.UTF8.GetBytes(argument));
                    rewritten.Add(Encoding.UTF8.GetBytes(guestPath));
                    // GetRange, not LINQ's Skip: a generic method this method would load (with System.Linq) as every exec starts.
                    if (argv.Count > 1) rewritten.AddRange(argv.GetRange(1, argv.Count - 1));
                    argv = rewritten;
                    guestPath = interpreter;
                    continue;
                }
                if (bytes.Length < 20 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') return Errno.ENOEXEC;
                ushort machine = BitConverter.ToUInt16(bytes, 18);
                if (machine != MachineRiscv)
                {
                    if (machine != HostCommand.HostMachine || !kernel.AllowsHostPrograms) return Errno.ENOEXEC;
                    host = new HostCommand(location.HostPath!, location.GuestPath, argv, envp);
                    return Errno.Success;
                }

                // Only the ELF header and program headers are read here, as Linux's loader reads them.
                ElfImage elf;
                try { elf = ElfImage.Parse(program.AsElfSource(), location.GuestPath); }
                catch (ElfFormatException) { return Errno.ENOEXEC; }
                return Build(kernel, caller, elf, program, path, argv, envp, out image);
            }
        }
    }

    private static Errno OpenProgram(LinuxKernel kernel, Process caller, string path, out ProgramFile? program)
    {
        program = null;
        Errno e = kernel.Vfs.Resolve(caller, caller.WorkingDirectory, path, ResolveOptions.FollowFinal, out var location);
        if (e != Errno.Success) return e;
        if (!location.Exists) return Errno.ENOENT;
        if (location.HostPath is null || location.Stat.IsDirectory || !location.Stat.IsRegular) return Errno.EACCES;
        if (kernel.Vfs.Access(location, 1) != Errno.Success) return Errno.EACCES;
        return ProgramFile.Open(kernel, caller, location, out program);
    }

    /// <summary>"#!interpreter [one argument]" on the first line (at most 255 bytes are looked at).</summary>
    public static bool ParseShebang(byte[] bytes, out string interpreter, out string? argument)
    {
        int end = Math.Min(bytes.Length, 256);
        int newline = Array.IndexOf(bytes, (byte)'\n', 0, end);
        string line = Encoding.UTF8.GetString(bytes, 2, (newline < 0 ? end : newline) - 2).Trim(' ', '\t', '\r');
        int split = line.IndexOfAny([' ', '\t']);
        interpreter = split < 0 ? line : line[..split];
        string rest = split < 0 ? "" : line[split..].Trim(' ', '\t');
        argument = rest.Length > 0 ? rest : null;
        return interpreter.Length > 0;
    }

    private static Errno Build(LinuxKernel kernel, Process caller, ElfImage elf, ProgramFile program, string execPath,
        List<byte[]> argv, List<byte[]> envp, out ExecImage image)
    {
        image = null!;
        var location = program.Location;
        AddressSpace space;
        try { space = kernel.CreateAddressSpace(); }
        catch (OutOfGuestMemoryException) { return Errno.ENOMEM; } // no frame for the new page table's root
        space.StackLimit = Math.Min(caller.Limits[Resource.Stack].Soft, 1UL << 32);
        space.SizeLimit = caller.Limits[Resource.AddressSpace].Soft;
        try
        {
            ulong? pieBase = elf.Type == ElfType.Dyn ? MemoryLayout.PieBase : null;
            Errno e = MapFile(space, elf, program, pieBase, out var main);
            if (e != Errno.Success) { space.Dispose(); return e; }
            space.InitializeBrk(Page.AlignUp(main.End));

            ulong entry = main.Entry, interpreterBase = 0;
            if (elf.Interpreter is { } interpreterPath)
            {
                e = LoadInterpreter(kernel, caller, space, interpreterPath, out var interp);
                if (e != Errno.Success) { space.Dispose(); return e; }
                entry = interp.Entry;
                interpreterBase = interp.Bias;
            }

            ulong trampoline = MapTrampoline(space);
            var auxv = new List<(ulong, ulong)>
            {
                (AuxKey.Hwcap, AuxKey.HwcapRv64Gc),
                (AuxKey.Pagesz, Page.Size),
                (AuxKey.Clktck, AuxKey.ClockTicks),
                (AuxKey.Phdr, main.ProgramHeaders),
                (AuxKey.Phent, (ulong)elf.ProgramHeaderEntrySize),
                (AuxKey.Phnum, (ulong)elf.ProgramHeaderCount),
                (AuxKey.Base, interpreterBase),
                (AuxKey.Flags, 0),
                (AuxKey.Entry, main.Entry),
                (AuxKey.Uid, kernel.Credentials.Uid),
                (AuxKey.Euid, kernel.Credentials.Uid),
                (AuxKey.Gid, kernel.Credentials.Gid),
                (AuxKey.Egid, kernel.Credentials.Gid),
                (AuxKey.Secure, 0),
            };
            byte[] execFn = Encoding.UTF8.GetBytes(execPath);
            e = InitialStack.Build(space, argv, envp, execFn, auxv, out ulong sp);
            if (e != Errno.Success) { space.Dispose(); return e; }

            image = new ExecImage
            {
                Space = space,
                Entry = entry,
                StackPointer = sp,
                GuestPath = location.GuestPath,
                HostPath = location.HostPath!,
                Arguments = argv,
                Environment = envp,
                AuxVector = auxv,
                SignalTrampoline = trampoline,
            };
            return Errno.Success;
        }
        catch (OutOfGuestMemoryException)
        {
            space.Dispose();
            return Errno.ENOMEM;
        }
    }

    private static Errno LoadInterpreter(LinuxKernel kernel, Process caller, AddressSpace space, string path, out LoadedImage loaded)
    {
        loaded = default;
        Errno e = kernel.Vfs.Resolve(caller, "/", path, ResolveOptions.FollowFinal, out var location);
        if (e != Errno.Success || !location.Exists || location.HostPath is null)
        {
            kernel.Warn($"cannot find the dynamic linker {path} (give the guest's libraries with --sysroot DIR or RVJIT_SYSROOT)");
            return Errno.ENOENT;
        }
        if (location.Stat.IsDirectory) return Errno.EISDIR;
        e = ProgramFile.Open(kernel, caller, location, out var program);
        if (e != Errno.Success) return e;
        using (program)
        {
            ElfImage elf;
            try { elf = ElfImage.Parse(program!.AsElfSource(), location.GuestPath); }
            catch (ElfFormatException) { return Errno.ELIBBAD; }
            if (elf.Type != ElfType.Dyn && elf.Type != ElfType.Exec) return Errno.ELIBBAD;
            return MapFile(space, elf, program, null, out loaded);
        }
    }

    // The segments are private mappings of the file itself: pages are read when first touched.
    private static Errno MapFile(AddressSpace space, ElfImage elf, ProgramFile program, ulong? preferredBase, out LoadedImage loaded)
    {
        loaded = default;
        if (program.PageSource() is not { } source) return Errno.ENOEXEC;
        try { return ElfLoader.Load(space, elf, source, program.Location.GuestPath, preferredBase, out loaded); }
        finally { source.RemoveMapping(); }
    }

    private static ulong MapTrampoline(AddressSpace space)
    {
        var code = new byte[TrampolineCode.Length * 4];
        for (int i = 0; i < TrampolineCode.Length; i++) BitConverter.TryWriteBytes(code.AsSpan(i * 4), TrampolineCode[i]);
        long at = space.Map(0, Page.Size, Protection.Read | Protection.Execute, MapOptions.None,
            new MapBacking(new MemoryPageSource(code), 0, (ulong)code.Length, Name: "[vdso]"));
        if (ErrnoExtensions.IsError(at)) throw new OutOfGuestMemoryException();
        return (ulong)at;
    }
}
