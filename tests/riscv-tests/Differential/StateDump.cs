// Reading a program's console output back into named values, and finding where two runs disagree.
using System.Globalization;
using System.Text.RegularExpressions;

namespace RvJit.RiscvTests.Differential;

/// <summary>Where two dumps first disagree.</summary>
/// <param name="Name">The dump entry (x5, f3, fcsr, m07), or "TRAP" when only one run trapped or they trapped differently.</param>
/// <param name="Expected">The reference's value (16 hex digits), TRAP line, or "(missing)"/"(none)".</param>
/// <param name="Actual">The other run's value, in the same form.</param>
public sealed record DumpDifference(string Name, string Expected, string Actual);

/// <summary>A parsed state dump (see <see cref="DumpLayout"/>).</summary>
public sealed partial class StateDump
{
    private readonly Dictionary<string, ulong> values = [];

    private StateDump(List<KeyValuePair<string, ulong>> entries, string? trap, List<string> otherLines)
    {
        Entries = entries;
        Trap = trap;
        OtherLines = otherLines;
        foreach (var (name, value) in entries) values.TryAdd(name, value);
    }

    /// <summary>The `name value` lines, in the order printed.</summary>
    public IReadOnlyList<KeyValuePair<string, ulong>> Entries { get; }

    /// <summary>The `TRAP mcause mepc mtval` line, if the program trapped.</summary>
    public string? Trap { get; }

    /// <summary>Non-empty lines that are neither entries nor a trap report (terminal noise, emulator messages).</summary>
    public IReadOnlyList<string> OtherLines { get; }

    /// <summary>Whether every entry of <see cref="DumpLayout.Names"/> is present, in order, once, with no trap.</summary>
    public bool IsComplete => Trap is null && Entries.Select(e => e.Key).SequenceEqual(DumpLayout.Names);

    /// <summary>The value printed for <paramref name="name"/>, or null.</summary>
    public ulong? ValueOf(string name) => values.TryGetValue(name, out ulong v) ? v : null;

    /// <summary>Parses console output: strips carriage returns and terminal escape sequences, then reads
    /// `name 0123456789abcdef` lines and the TRAP line.</summary>
    public static StateDump Parse(string text)
    {
        var entries = new List<KeyValuePair<string, ulong>>();
        string? trap = null;
        var other = new List<string>();
        foreach (string raw in TerminalEscape().Replace(text, "").Replace("\r", "").Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0) continue;
            Match m = EntryLine().Match(line);
            if (m.Success)
                entries.Add(new(m.Groups[1].Value, ulong.Parse(m.Groups[2].Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)));
            else if (TrapLine().IsMatch(line))
                trap ??= line;
            else
                other.Add(line);
        }
        return new StateDump(entries, trap, other);
    }

    /// <summary>The first difference between a reference dump and another, in dump order; null if they agree.
    /// A trap difference comes first, since a trap cuts the dump short.</summary>
    public static DumpDifference? FirstDifference(StateDump expected, StateDump actual)
    {
        if (expected.Trap != actual.Trap)
            return new DumpDifference("TRAP", expected.Trap ?? "(none)", actual.Trap ?? "(none)");
        foreach (string name in DumpLayout.Names)
        {
            ulong? e = expected.ValueOf(name), a = actual.ValueOf(name);
            if (e != a) return new DumpDifference(name, Show(e), Show(a));
        }
        return null;
    }

    private static string Show(ulong? value) => value is { } v ? v.ToString("x16", CultureInfo.InvariantCulture) : "(missing)";

    [GeneratedRegex(@"\x1B(\[[0-9;?]*[A-Za-z]|[()][0-9A-Za-z]|[=>])")]
    private static partial Regex TerminalEscape();

    [GeneratedRegex(@"^([a-z][a-z0-9]*) ([0-9a-f]{16})$")]
    private static partial Regex EntryLine();

    [GeneratedRegex(@"^TRAP [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16}$")]
    private static partial Regex TrapLine();
}
