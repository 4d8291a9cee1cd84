namespace RvJit.Cli;

/// <summary>
/// `rvjit binfmt install|uninstall|status`: registers rvjit with the Linux kernel's binfmt_misc as the
/// interpreter of RISC-V 64-bit ELF executables, so `./prog` runs a riscv64 program directly (also from host
/// programs' execve). The entry matches what qemu-user-static registers for riscv64 and uses its flags.
/// </summary>
internal static class BinfmtCommand
{
    public const string Help = """
        usage: rvjit binfmt install|uninstall|status [options]

        Registers rvjit with binfmt_misc as the interpreter of RISC-V 64-bit ELF executables (static and
        dynamic), so that `./prog` runs a riscv64 program through rvjit. Needs root (or a user namespace
        with its own binfmt_misc mount, Linux 6.7 and later).

        options:
          --mount DIR        the binfmt_misc file system (default /proc/sys/fs/binfmt_misc; mounted there
                             when it is not and the caller may)
          --name NAME        the entry's name (default rvjit-riscv64)
          --interpreter PATH the rvjit executable the kernel starts (default: this rvjit's own executable;
                             it must be rvjit's native launcher, as scripts/install.sh installs it)

        The entry uses the flags P (argv[0] preserved), O (the program is opened by the kernel), C (set-user-ID
        programs get their credentials) and F (the interpreter is opened now, so it works in containers and
        chroots). qemu-user-static registers the same magic; when both are registered, the newer entry wins.
        """;

    public const string DefaultName = "rvjit-riscv64";
    public const string DefaultMount = "/proc/sys/fs/binfmt_misc";
    public const string Flags = "POCF";

    /// <summary>e_ident (ELFCLASS64, little-endian, version 1) and e_machine EM_RISCV (243); the mask lets the
    /// OS ABI byte vary and e_type be ET_EXEC or ET_DYN, like qemu-user-static's entry.</summary>
    private static readonly byte[] Magic =
        [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0xf3, 0];
    private static readonly byte[] Mask =
        [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff];

    public static int Run(string[] args)
    {
        if (!OperatingSystem.IsLinux()) throw new UsageException("binfmt: binfmt_misc is a Linux facility");
        var o = new Options(args, ["--mount", "--name", "--interpreter"], ["--help", "-h"], stopAtFirstOperand: false);
        if (o.Has("--help") || o.Has("-h")) { Console.Out.Write(Help); return 0; }
        if (o.Operands.Count != 1) throw new UsageException("binfmt: say install, uninstall or status (try rvjit binfmt --help)");
        string mount = o.Get("--mount") ?? DefaultMount;
        string name = o.Get("--name") ?? DefaultName;
        if (name.Length == 0 || name.IndexOfAny(['/', ':']) >= 0 || name is "." or ".." or "register" or "status")
            throw new UsageException($"binfmt: '{name}' cannot name a binfmt_misc entry");
        return o.Operands[0] switch
        {
            "install" => Install(mount, name, Interpreter(o.Get("--interpreter"))),
            "uninstall" => Uninstall(mount, name),
            "status" => Status(mount, name),
            var verb => throw new UsageException($"binfmt: unknown action '{verb}' (install, uninstall or status)"),
        };
    }

    /// <summary>The registration line written to binfmt_misc's register file.</summary>
    public static string RegistrationLine(string name, string interpreter) =>
        $":{name}:M::{Escape(Magic)}:{Escape(Mask)}:{interpreter}:{Flags}";

    private static string Escape(byte[] bytes) => string.Concat(bytes.Select(b => $"\\x{b:x2}"));

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static string Interpreter(string? given)
    {
        string path = Path.GetFullPath(given ?? Environment.ProcessPath ?? "");
        string file = Path.GetFileName(path);
        // `dotnet rvjit.dll` has no executable of its own the kernel could start with the program's path.
        if (given is null && file is "dotnet")
            throw new UsageException("binfmt: this rvjit runs under `dotnet`; install rvjit (scripts/install.sh) and run its `rvjit binfmt install`, or give --interpreter PATH");
        if (!File.Exists(path)) throw new UsageException($"binfmt: interpreter '{path}' does not exist");
        if ((File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
            throw new UsageException($"binfmt: interpreter '{path}' is not executable");
        return path;
    }

    private static int Install(string mount, string name, string interpreter)
    {
        if (!EnsureMounted(mount)) return 1;
        string entry = Path.Combine(mount, name);
        if (File.Exists(entry))
        {
            // Re-installing replaces the entry (the interpreter may have moved).
            if (!WriteControl(entry, "-1", $"remove the existing entry {entry}")) return 1;
        }
        if (!WriteControl(Path.Combine(mount, "register"), RegistrationLine(name, interpreter), "register rvjit")) return 1;
        Console.Out.WriteLine($"rvjit: registered {entry}: riscv64 ELF programs now run with {interpreter}");
        if (OtherRiscvEntries(mount, name).ToList() is { Count: > 0 } others)
            Console.Out.WriteLine($"rvjit: also registered for riscv64: {string.Join(", ", others)} (the newest entry wins)");
        return 0;
    }

    private static int Uninstall(string mount, string name)
    {
        string entry = Path.Combine(mount, name);
        if (!File.Exists(Path.Combine(mount, "register")))
        {
            Console.Error.WriteLine($"rvjit: binfmt_misc is not mounted at {mount}: nothing to uninstall");
            return 1;
        }
        if (!File.Exists(entry))
        {
            Console.Out.WriteLine($"rvjit: {entry} is not registered");
            return 0;
        }
        if (!WriteControl(entry, "-1", $"remove {entry}")) return 1;
        Console.Out.WriteLine($"rvjit: removed {entry}");
        return 0;
    }

    private static int Status(string mount, string name)
    {
        if (!File.Exists(Path.Combine(mount, "register")))
        {
            Console.Out.WriteLine($"rvjit: binfmt_misc is not mounted at {mount}");
            return 1;
        }
        string entry = Path.Combine(mount, name);
        if (!File.Exists(entry))
        {
            Console.Out.WriteLine($"rvjit: {name} is not registered in {mount}");
            return 1;
        }
        var lines = File.ReadAllLines(entry);
        string state = lines.FirstOrDefault() ?? "unknown";
        string interpreter = Field(lines, "interpreter") ?? "?";
        string flags = Field(lines, "flags") ?? "";
        Console.Out.WriteLine($"rvjit: {name}: {state}, interpreter {interpreter}, flags {flags}");
        foreach (string other in OtherRiscvEntries(mount, name))
            Console.Out.WriteLine($"rvjit: also registered for riscv64: {other}");
        return state == "enabled" ? 0 : 1;
    }

    /// <summary>A line "key value" or "key: value" of an entry file (the kernel writes "flags:" with a colon).</summary>
    private static string? Field(string[] lines, string key)
    {
        foreach (string line in lines)
            if (line.StartsWith(key, StringComparison.Ordinal) && line.Length > key.Length && line[key.Length] is ' ' or ':')
                return line[(key.Length + 1)..].Trim();
        return null;
    }

    /// <summary>Other entries whose magic is a RISC-V 64 ELF's (qemu-riscv64's, typically).</summary>
    private static IEnumerable<string> OtherRiscvEntries(string mount, string name)
    {
        string riscvMagic = "7f454c460201010000000000000000000200f300";
        foreach (string file in Directory.EnumerateFiles(mount).Order(StringComparer.Ordinal))
        {
            string entry = Path.GetFileName(file);
            if (entry is "register" or "status" || entry == name) continue;
            string[] lines;
            try { lines = File.ReadAllLines(file); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (Field(lines, "magic") is { } magic && magic.StartsWith(riscvMagic[..36], StringComparison.OrdinalIgnoreCase))
                yield return $"{entry} ({Field(lines, "interpreter")})";
        }
    }

    /// <summary>Mounts binfmt_misc at <paramref name="mount"/> when its register file is missing (as
    /// systemd's proc-sys-fs-binfmt_misc.mount would); says why when that is not possible.</summary>
    private static bool EnsureMounted(string mount)
    {
        if (File.Exists(Path.Combine(mount, "register"))) return true;
        var mountTool = new System.Diagnostics.ProcessStartInfo("mount", ["-t", "binfmt_misc", "binfmt_misc", mount])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        try
        {
            using var p = System.Diagnostics.Process.Start(mountTool)!;
            string error = p.StandardError.ReadToEnd().Trim();
            p.WaitForExit();
            if (p.ExitCode == 0 && File.Exists(Path.Combine(mount, "register"))) return true;
            Console.Error.WriteLine($"rvjit: binfmt_misc is not mounted at {mount} and mounting it failed: {error} (run as root, or mount it first)");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"rvjit: binfmt_misc is not mounted at {mount} and `mount` could not run: {e.Message}");
        }
        return false;
    }

    /// <summary>One write of <paramref name="text"/> to a binfmt_misc control file (the kernel parses each write whole).</summary>
    private static bool WriteControl(string file, string text, string what)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            byte[] bytes = System.Text.Encoding.ASCII.GetBytes(text);
            stream.Write(bytes);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"rvjit: cannot {what}: {e.Message}{(e is UnauthorizedAccessException ? " (run as root)" : "")}");
            return false;
        }
    }
}
