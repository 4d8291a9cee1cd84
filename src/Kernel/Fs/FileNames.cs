// File names are bytes to Linux; the VFS holds them as strings. This is the one conversion both ways.
using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using System.Text;

namespace RvJit.Kernel.Fs;

/// <summary>
/// Names and paths as strings without losing bytes: UTF-8, where each byte that is not part of valid UTF-8 becomes
/// the lone surrogate U+DC80..U+DCFF and turns back into that byte (Python's "surrogateescape"). Plain UTF-8 made
/// the name "\xff" "\uFFFD" and created or listed "\xef\xbf\xbd" instead (Python's test_os Pep383Tests).
/// </summary>
public static class FileNames
{
    private const char EscapeBase = '\uDC00';

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out Rune rune, out int used) == System.Buffers.OperationStatus.Done)
                text.Append(rune.ToString());
            else
                for (int i = 0; i < used; i++) text.Append((char)(EscapeBase + bytes[i]));
            bytes = bytes[used..];
        }
        return text.ToString();
    }

    public static byte[] Encode(string text)
    {
        if (!HasEscapes(text)) return Encoding.UTF8.GetBytes(text);
        var bytes = new List<byte>(text.Length + 8);
        Span<byte> scratch = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (IsEscape(c)) { bytes.Add((byte)(c - EscapeBase)); continue; }
            Rune rune = Rune.ReplacementChar;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) rune = new Rune(c, text[++i]);
            else if (!char.IsSurrogate(c)) rune = new Rune(c);
            int n = rune.EncodeToUtf8(scratch);
            for (int k = 0; k < n; k++) bytes.Add(scratch[k]);
        }
        return [.. bytes];
    }

    /// <summary>The length in bytes of <paramref name="text"/> as the host and the guest see it.</summary>
    public static int ByteCount(string text) => HasEscapes(text) ? Encode(text).Length : Encoding.UTF8.GetByteCount(text);

    private static bool IsEscape(char c) => c >= '\uDC80' && c <= '\uDCFF';

    private static bool HasEscapes(string text)
    {
        foreach (char c in text) if (IsEscape(c)) return true;
        return false;
    }
}

/// <summary>Passes a name to the host's libc as <see cref="FileNames.Encode"/>'s NUL-terminated bytes.</summary>
[CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedIn, typeof(FileNameMarshaller))]
internal static unsafe class FileNameMarshaller
{
    public static byte* ConvertToUnmanaged(string? managed)
    {
        if (managed is null) return null;
        byte[] bytes = FileNames.Encode(managed);
        byte* native = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        bytes.CopyTo(new Span<byte>(native, bytes.Length));
        native[bytes.Length] = 0;
        return native;
    }

    public static void Free(byte* unmanaged) => NativeMemory.Free(unmanaged);
}
