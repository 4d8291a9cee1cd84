using RvJit.Runtime.Elf;

namespace RvJit.Cli;

/// <summary>Top-level command dispatch, shared option parsing and the one-line error convention.</summary>
internal static class CommandLine
{
    public const int ExitUsage = 2;

    public const string Usage = """
        rvjit - a RISC-V RV64GC emulator and dynamic binary translator

        usage: rvjit <command> [options]
               rvjit --version

        commands:
          run PROGRAM [args...]    run a riscv64 Linux program (like qemu-riscv64), or a bare-metal
                                   image in system mode (HTIF exit)
          system [options]         QEMU's `virt` board: -bios, -kernel, -initrd, -append, -m, -smp
                                   as qemu-system-riscv64 spells them (OpenSBI, Linux)
          test DIR                 run every RISC-V program under DIR (Linux programs: exit 0 passes;
                                   bare-metal riscv-tests images) in parallel; a table, --junit FILE
          disasm FILE.elf          disassemble like `objdump -d`
          binfmt install|uninstall|status
                                   register rvjit with binfmt_misc so `./prog` runs riscv64 programs

        `rvjit <command> --help` describes a command's options.
        """;

    /// <summary>"rvjit VERSION": the CLI assembly's informational version (the project's Version, plus the commit
    /// when the build knows it).</summary>
    public static string VersionLine =>
        "rvjit " + (System.Reflection.CustomAttributeExtensions
            .GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(CommandLine).Assembly)?
            .InformationalVersion ?? "unknown"); // not LINQ's OfType: it loaded System.Linq for one attribute

    public static int Dispatch(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.Write(Usage);
            return args.Length == 0 ? ExitUsage : 0;
        }
        if (args[0] is "--version" or "-V")
        {
            // Straight to the descriptor: setting up Console.Out (its handle made by reflection, the charset read from the
            // environment) was about 5 ms, a quarter of the command's CPU.
            string line = VersionLine + "\n";
            if (!Runtime.HostFiles.TryWrite(1, System.Text.Encoding.UTF8.GetBytes(line))) Console.Out.Write(line);
            return 0;
        }
        string[] rest = args[1..];
        try
        {
            return args[0] switch
            {
                "run" => RunCommand.Run(rest),
                "system" => SystemCommand.Run(rest),
                "test" => TestCommand.Run(rest),
                "disasm" => DisasmCommand.Run(rest),
                "binfmt" => BinfmtCommand.Run(rest),
                "cache-native" => NativeCompile.Command(rest),
                _ => Fail($"unknown command '{args[0]}' (try rvjit --help)"),
            };
        }
        catch (UsageException e) { return Fail(e.Message); }
        catch (QemuStyleException e)
        {
            Console.Error.WriteLine($"rvjit: {e.Message}");
            return 1;
        }
        catch (ElfFormatException e) { return Fail(e.Message); }
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"rvjit: {message}");
        return ExitUsage;
    }
}

/// <summary>A command-line mistake; reported as one line with exit status 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A refusal that qemu-user reports with exit status 1 (a missing program, an unknown CPU model):
/// one line, and the same status, for scripts written against qemu-riscv64.</summary>
internal sealed class QemuStyleException(string message) : Exception(message);

/// <summary>An option given with a value. A class, not a value tuple: a list of tuples is a generic type over a struct,
/// which the runtime builds at start-up with each of its interfaces (about 20 type loads in every run); a list of a
/// class shares the code and types of every list of references.</summary>
internal sealed record OptionValue(string Name, string Value);

/// <summary>A minimal option reader: `--name value`, `--name=value` and flags, stopping at the first operand.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string?> values = new();
    public List<string> Operands { get; } = [];
    /// <summary>Every option with a value in command-line order (repeatable ones such as -E and -U).</summary>
    public List<OptionValue> InOrder { get; } = [];

    /// <param name="args">The command's arguments.</param>
    /// <param name="withValue">Options that take a value.</param>
    /// <param name="flags">Options that take none.</param>
    /// <param name="stopAtFirstOperand">Everything after the first operand is passed through (guest argv).</param>
    /// <param name="optionalValue">Options that take a value only as `--name=value` (alone they are flags: Get gives "").</param>
    public Options(string[] args, string[] withValue, string[] flags, bool stopAtFirstOperand, string[]? optionalValue = null)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "--") { Operands.AddRange(args[(i + 1)..]); break; }
            if (!a.StartsWith('-') || a == "-")
            {
                if (stopAtFirstOperand) { Operands.AddRange(args[i..]); break; }
                Operands.Add(a);
                continue;
            }
            string name = a;
            string? value = null;
            int eq = a.IndexOf('=');
            if (eq > 0) { name = a[..eq]; value = a[(eq + 1)..]; }
            // Array.IndexOf, not LINQ's Contains: a generic method the runtime instantiates at its first call (start-up).
            if (Array.IndexOf(withValue, name) >= 0)
            {
                if (value is null)
                {
                    if (i + 1 >= args.Length) throw new UsageException($"option {name} needs a value");
                    value = args[++i];
                }
                values[name] = value;
                InOrder.Add(new OptionValue(name, value));
            }
            else if (Array.IndexOf(flags, name) >= 0 && value is null) values[name] = "";
            else if (optionalValue is not null && Array.IndexOf(optionalValue, name) >= 0) values[name] = value ?? "";
            else throw new UsageException($"unknown option '{a}'");
        }
    }

    public bool Has(string name) => values.ContainsKey(name);
    public string? Get(string name) => values.GetValueOrDefault(name);

    public long GetLong(string name, long fallback)
    {
        string? v = Get(name);
        if (v is null) return fallback;
        if (!TryParseNumber(v, out long n) || n < 0) throw new UsageException($"option {name}: '{v}' is not a non-negative number");
        return n;
    }

    public double GetSeconds(string name, double fallback)
    {
        string? v = Get(name);
        if (v is null) return fallback;
        if (!double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out double s) || s <= 0)
            throw new UsageException($"option {name}: '{v}' is not a positive number of seconds");
        return s;
    }

    /// <summary>Decimal, 0x hex, or with a K/M/G suffix (binary units).</summary>
    public static bool TryParseNumber(string text, out long value)
    {
        long scale = 1;
        string t = text.Trim();
        if (t.Length > 1 && char.ToUpperInvariant(t[^1]) is 'K' or 'M' or 'G')
        {
            scale = char.ToUpperInvariant(t[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            t = t[..^1];
        }
        bool ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(t[2..], System.Globalization.NumberStyles.HexNumber, null, out value)
            : long.TryParse(t, out value);
        value *= scale;
        return ok;
    }
}
