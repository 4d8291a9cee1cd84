// Test helper: runs the GNU cross tools (objdump as the disassembler's oracle, as and gcc to make inputs).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace RvJit.Runtime.Tests;

/// <summary>One instruction line of objdump output: "   addr:\tBYTES   \ttext".</summary>
internal readonly record struct ObjdumpLine(ulong Address, string Bytes, string Text);

/// <summary>
/// Runs riscv64-linux-gnu-{objdump,as,gcc} in a temporary directory. A missing tool fails the calling test
/// with a message naming the install script: these tests are the disassembler's specification.
/// </summary>
internal static partial class DisassemblerOracle
{
    public const string Objdump = "riscv64-linux-gnu-objdump";
    public const string Assembler = "riscv64-linux-gnu-as";
    public const string Compiler = "riscv64-linux-gnu-gcc";

    /// <summary>Directory of this source file's Data/disasm inputs.</summary>
    public static string DataDirectory([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Data", "disasm");

    /// <summary>A fresh temporary directory for build artifacts.</summary>
    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "rvjit-disasm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs a cross tool; fails the test when it is missing or exits non-zero.</summary>
    public static string Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"{tool} is not installed; run scripts/install-deps.sh (Debian packages " +
                        "binutils-riscv64-linux-gnu and gcc-riscv64-linux-gnu) to get the disassembler's oracle.");
            throw;
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} failed: {stderr}");
        return stdout.Result;
    }

    /// <summary>objdump -D of raw bytes at address 0 (no symbols, no ELF attributes: RV64GC, newest priv spec).</summary>
    public static List<ObjdumpLine> DisassembleRaw(byte[] code, params string[] extraArgs)
    {
        string dir = TempDirectory();
        try
        {
            string bin = Path.Combine(dir, "code.bin");
            File.WriteAllBytes(bin, code);
            return ParseLines(Run(Objdump, ["-b", "binary", "-m", "riscv:rv64", "-D", "-z", .. extraArgs, bin]));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Assembles 32-bit words as instructions (.insn) for <paramref name="march"/> and returns
    /// objdump -d of the object: its arch attribute decides which extensions objdump decodes.</summary>
    public static List<ObjdumpLine> DisassembleWords(IReadOnlyList<uint> words, string march)
    {
        string dir = TempDirectory();
        try
        {
            var source = new StringBuilder(".text\n");
            foreach (uint w in words) source.Append(".insn 4, 0x").Append(w.ToString("x8")).Append('\n');
            string s = Path.Combine(dir, "words.s"), o = Path.Combine(dir, "words.o");
            File.WriteAllText(s, source.ToString());
            Run(Assembler, $"-march={march}", s, "-o", o);
            return ParseLines(Run(Objdump, "-d", "-z", o));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>The instruction lines of objdump output.</summary>
    public static List<ObjdumpLine> ParseLines(string output)
    {
        var lines = new List<ObjdumpLine>();
        foreach (string line in output.Split('\n'))
        {
            var m = InstructionLine().Match(line);
            if (m.Success)
                lines.Add(new ObjdumpLine(Convert.ToUInt64(m.Groups[1].Value, 16), m.Groups[2].Value, m.Groups[3].Value));
        }
        return lines;
    }

    [GeneratedRegex(@"^ *([0-9a-f]+):\t([0-9a-f ]*)\t(.*)$")]
    private static partial Regex InstructionLine();

    /// <summary>Fails with the mismatch count and the first 20 mismatches, one per line.</summary>
    public static void AssertNoMismatches(string what, int compared, IReadOnlyList<string> mismatches)
    {
        Assert.True(compared > 0, $"{what}: nothing compared");
        if (mismatches.Count == 0) return;
        Assert.Fail($"{what}: {mismatches.Count} of {compared} instructions differ from objdump; first 20:\n" +
                    string.Join("\n", mismatches.Take(20)));
    }
}
