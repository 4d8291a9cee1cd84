// --strace: every system call printed as `name(args) = result`, in strace's format.
using System.Globalization;
using System.Text;
using RvJit.Kernel.Fs;

namespace RvJit.Kernel.Syscalls;

/// <summary>
/// Formats system calls like strace. A table row's signature lists its arguments' kinds, comma-separated:
/// d signed, i int, u unsigned, x hex, p pointer, s string, f descriptor (AT_FDCWD), o octal mode,
/// O open flags, P mmap protection, M mmap flags, w write buffer (length in the next argument),
/// r read buffer (shown after the call), S signal, a argv-style array. A leading '#' prints the result in hex.
/// </summary>
public sealed class Strace(TextWriter output)
{
    private const int StringLimit = 32;

    public string FormatArguments(SyscallContext c, SyscallEntry entry, bool before)
    {
        string sig = entry.Signature.TrimStart('#');
        if (sig.Length == 0) return "";
        var kinds = sig.Split(',');
        var parts = new List<string>(kinds.Length);
        for (int i = 0; i < kinds.Length && i < 6; i++)
        {
            ulong v = c[i];
            string k = kinds[i];
            parts.Add(k switch
            {
                "d" => ((long)v).ToString(CultureInfo.InvariantCulture),
                "i" => ((int)v).ToString(CultureInfo.InvariantCulture),
                "u" => v.ToString(CultureInfo.InvariantCulture),
                "x" => $"0x{v:x}",
                "p" => v == 0 ? "NULL" : $"0x{v:x}",
                "s" => QuotedString(c, v, 4096, limit: 4096),
                "f" => (int)v == OpenFlags.AtFdCwd ? "AT_FDCWD" : ((int)v).ToString(CultureInfo.InvariantCulture),
                "o" => "0" + Convert.ToString((long)(v & 0xffff), 8),
                "O" => OpenFlagNames((int)v),
                "P" => ProtNames(v),
                "M" => MapNames(v),
                "w" => QuotedString(c, v, (int)Math.Min(c[i + 1], 4096), limit: StringLimit),
                "r" => before ? "<r>" : "",
                "S" => (int)v is > 0 and <= Signals.Signals.Count ? Signals.Signals.Name((int)v) : ((int)v).ToString(CultureInfo.InvariantCulture), // kill(pid, 0) as strace shows it
                "a" => StringArray(c, v),
                _ => $"0x{v:x}",
            });
        }
        return string.Join(", ", parts);
    }

    public void Report(SyscallContext c, SyscallEntry? entry, string? arguments, long result)
    {
        string name = entry?.Name ?? SyscallNames.Of(c.Number);
        arguments ??= $"0x{c.A0:x}, 0x{c.A1:x}, 0x{c.A2:x}";
        if (arguments.Contains("<r>"))
        {
            var kinds = entry!.Signature.TrimStart('#').Split(',');
            int i = Array.IndexOf(kinds, "r");
            string shown = ErrnoExtensions.IsError(result) ? $"0x{c[i]:x}" : QuotedString(c, c[i], (int)Math.Min(result, 4096), StringLimit);
            arguments = arguments.Replace("<r>", shown);
        }
        string prefix = c.Process.Pid == c.Thread.Tid && c.Process.Parent is null ? "" : $"[pid {c.Thread.Tid}] ";
        string value;
        if (name is "exit" or "exit_group") value = "?";
        else if (ErrnoExtensions.IsError(result))
        {
            var e = (Errno)(-result);
            value = $"-1 {e} ({e.Describe()})";
        }
        else value = entry?.Signature.StartsWith('#') == true ? $"0x{result:x}" : result.ToString(CultureInfo.InvariantCulture);
        output.WriteLine($"{prefix}{name}({arguments}) = {value}");
        output.Flush();
    }

    private static string QuotedString(SyscallContext c, ulong address, int length, int limit)
    {
        if (address == 0) return "NULL";
        byte[] bytes;
        bool truncated;
        if (length >= 4096 && limit == 4096)
        {
            if (c.Memory.ReadStringBytes(address, 4096, out bytes) != Errno.Success) return $"0x{address:x}";
            truncated = false;
        }
        else
        {
            int take = Math.Min(Math.Max(length, 0), limit);
            bytes = new byte[take];
            if (c.Memory.Read(address, bytes) != Errno.Success) return $"0x{address:x}";
            truncated = length > limit;
        }
        var sb = new StringBuilder("\"");
        foreach (byte b in bytes)
        {
            sb.Append(b switch
            {
                (byte)'\n' => "\\n",
                (byte)'\t' => "\\t",
                (byte)'\r' => "\\r",
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                >= 32 and < 127 => ((char)b).ToString(),
                _ => "\\" + Convert.ToString(b, 8),
            });
        }
        sb.Append('"');
        if (truncated) sb.Append("...");
        return sb.ToString();
    }

    private static string StringArray(SyscallContext c, ulong address)
    {
        if (address == 0) return "NULL";
        if (c.Memory.ReadStringArray(address, 1024, out var items) != Errno.Success) return $"0x{address:x}";
        return "[" + string.Join(", ", items.Select(s => "\"" + Encoding.UTF8.GetString(s) + "\"")) + "]";
    }

    private static string OpenFlagNames(int f)
    {
        var names = new List<string> { (f & OpenFlags.AccessMode) switch { OpenFlags.WriteOnly => "O_WRONLY", OpenFlags.ReadWrite => "O_RDWR", _ => "O_RDONLY" } };
        (int, string)[] bits =
        [
            (OpenFlags.Create, "O_CREAT"), (OpenFlags.Exclusive, "O_EXCL"), (OpenFlags.NoCtty, "O_NOCTTY"),
            (OpenFlags.Truncate, "O_TRUNC"), (OpenFlags.Append, "O_APPEND"), (OpenFlags.NonBlock, "O_NONBLOCK"),
            (OpenFlags.Directory, "O_DIRECTORY"), (OpenFlags.NoFollow, "O_NOFOLLOW"), (OpenFlags.CloseOnExec, "O_CLOEXEC"),
            (OpenFlags.Path, "O_PATH"), (OpenFlags.LargeFile, "O_LARGEFILE"), (OpenFlags.Direct, "O_DIRECT"),
        ];
        foreach (var (bit, n) in bits) if ((f & bit) == bit) names.Add(n);
        return string.Join('|', names);
    }

    private static string ProtNames(ulong p)
    {
        if (p == 0) return "PROT_NONE";
        var names = new List<string>();
        if ((p & 1) != 0) names.Add("PROT_READ");
        if ((p & 2) != 0) names.Add("PROT_WRITE");
        if ((p & 4) != 0) names.Add("PROT_EXEC");
        return string.Join('|', names);
    }

    private static string MapNames(ulong m)
    {
        var names = new List<string> { (m & 3) switch { 1 => "MAP_SHARED", 2 => "MAP_PRIVATE", _ => $"0x{m & 3:x}" } };
        (ulong, string)[] bits = [(0x10, "MAP_FIXED"), (0x20, "MAP_ANONYMOUS"), (0x100, "MAP_GROWSDOWN"), (0x4000, "MAP_NORESERVE"),
            (0x8000, "MAP_POPULATE"), (0x20000, "MAP_STACK"), (0x100000, "MAP_FIXED_NOREPLACE")];
        foreach (var (bit, n) in bits) if ((m & bit) != 0) names.Add(n);
        return string.Join('|', names);
    }
}
