// Builds the test programs in programs/ with the bare-metal cross compiler, once per test run.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace RvJit.Virt.Tests;

internal static class GuestBuild
{
    public static string Compiler { get; } =
        Environment.GetEnvironmentVariable("RVJIT_RISCV_GCC") is { Length: > 0 } gcc ? gcc : "riscv64-unknown-elf-gcc";

    public static string ProgramsDir => Path.Combine(AppContext.BaseDirectory, "programs");

    private static readonly ConcurrentDictionary<string, Lazy<string>> built = new();

    /// <summary>An M-mode device program (mstart.S + NAME.c, linked at 0x8000_0000).</summary>
    public static string DeviceProgram(string name) =>
        Build(name, ["mstart.S", name + ".c"], "mlink.ld", []);

    /// <summary>The S-mode SBI payload (linked at 0x8020_0000) for a machine of <paramref name="harts"/> harts.</summary>
    public static string SbiPayload(int harts) =>
        Build($"sbi_payload{harts}", ["sbi_payload_start.S", "sbi_payload.c"], "sbi_payload.ld", [$"-DHARTS={harts}"]);

    /// <summary>A 32 MiB raw flash image (QEMU's virt bank size) holding the code and constants of a program linked by
    /// <paramref name="linkScript"/> (at 0x2000_0000 or 0x2200_0000), zeros after them. Tests copy it: runs write to
    /// their images.</summary>
    public static string FlashImage(string name, string[] sources, string linkScript) =>
        builtImages.GetOrAdd(name, _ => new Lazy<string>(() =>
        {
            string elf = Build(name, sources, linkScript, []);
            string image = Path.ChangeExtension(elf, ".flash");
            if (File.Exists(image)) return image;
            string tmp = image + $".{Environment.ProcessId}.tmp";
            string objcopy = Compiler.EndsWith("gcc", StringComparison.Ordinal) ? Compiler[..^3] + "objcopy" : "riscv64-unknown-elf-objcopy";
            var psi = new ProcessStartInfo(objcopy) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-O", "binary", "-j", ".text", "-j", ".rodata", elf, tmp }) psi.ArgumentList.Add(a);
            using (var p = Process.Start(psi)!)
            {
                string err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0) throw new InvalidOperationException($"{objcopy} failed on {name}:\n{err}");
            }
            using (var f = File.OpenWrite(tmp)) f.SetLength(32L << 20);
            File.Move(tmp, image, overwrite: true);
            return image;
        })).Value;

    private static readonly ConcurrentDictionary<string, Lazy<string>> builtImages = new();

    private static string Build(string name, string[] sources, string linkScript, string[] defines)
    {
        var key = name + string.Join(",", defines);
        return built.GetOrAdd(key, _ => new Lazy<string>(() =>
        {
            string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
                string.Concat(sources.Append(linkScript).Append("mlib.h").Append("virtio.h").Select(s => File.ReadAllText(Path.Combine(ProgramsDir, s)))) + key)))[..16];
            string dir = Path.Combine(Path.GetTempPath(), "rvjit-virt-tests");
            Directory.CreateDirectory(dir);
            string elf = Path.Combine(dir, $"{name}-{hash}.elf");
            if (File.Exists(elf)) return elf;
            string tmp = elf + $".{Environment.ProcessId}.tmp";
            var args = new List<string> { "-march=rv64gc_zicsr", "-mabi=lp64d", "-mcmodel=medany", "-O2", "-nostdlib", "-ffreestanding",
                "-Wl,--no-warn-rwx-segments", "-T", Path.Combine(ProgramsDir, linkScript) };
            args.AddRange(defines);
            args.AddRange(sources.Select(s => Path.Combine(ProgramsDir, s)));
            args.AddRange(["-o", tmp]);
            var psi = new ProcessStartInfo(Compiler) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{Compiler} failed on {name}:\n{err}");
            File.Move(tmp, elf, overwrite: true);
            return elf;
        })).Value;
    }
}
