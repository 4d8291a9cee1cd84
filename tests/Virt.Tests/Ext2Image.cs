// Disk images for the virtio-blk boot tests: an ext2 file system made at test time by e2fsprogs' mke2fs -d from
// files given here (nothing binary is kept in the repository).
using System.Diagnostics;

namespace RvJit.Virt.Tests;

internal static class Ext2Image
{
    /// <summary>A fresh raw ext2 image of <paramref name="megabytes"/> MiB in a temporary directory holding
    /// <paramref name="files"/> (name -> content) at its root; the caller deletes it.</summary>
    /// <summary><paramref name="copies"/> (name -> host file) are copied in as well.</summary>
    /// <summary><paramref name="type"/>: mke2fs -t (ext2, ext4).</summary>
    public static string Make(IReadOnlyDictionary<string, string> files, int megabytes = 4, IReadOnlyDictionary<string, string>? copies = null,
        string type = "ext2")
    {
        string dir = Path.Combine(Path.GetTempPath(), $"rvjit-ext2-{Environment.ProcessId}-{Guid.NewGuid():N}");
        string root = Path.Combine(dir, "root");
        Directory.CreateDirectory(root);
        foreach (var (name, content) in files) File.WriteAllText(Path.Combine(root, name), content);
        foreach (var (name, source) in copies ?? new Dictionary<string, string>()) File.Copy(source, Path.Combine(root, name));
        string image = Path.Combine(dir, "disk.img");
        // -E root_owner: the root directory owned by root (not by the test's user), as Linux's tests expect.
        var psi = new ProcessStartInfo(File.Exists("/usr/sbin/mke2fs") ? "/usr/sbin/mke2fs" : "mke2fs")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in new[] { "-q", "-F", "-t", type, "-E", "root_owner=0:0", "-d", root, image, $"{megabytes}M" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"mke2fs failed ({p.ExitCode}): {err}");
        return image;
    }

    public static void Delete(string image)
    {
        try { Directory.Delete(Path.GetDirectoryName(image)!, recursive: true); }
        catch (IOException) { }
    }
}
