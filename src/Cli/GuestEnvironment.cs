namespace RvJit.Cli;

/// <summary>
/// The environment a Linux guest starts with: the host's, in its order (as qemu-user passes it), edited by
/// qemu-user's `-E VAR=VALUE` and `-U VAR` (and QEMU_SET_ENV / QEMU_UNSET_ENV). Like qemu, each option may
/// carry several comma-separated items, and the last change to a variable wins.
/// </summary>
internal static class GuestEnvironment
{
    /// <summary>One edit: set (text is VAR=VALUE) or unset (text is VAR). A class: lists of it share the runtime's
    /// code for lists of references, where a list of a struct is a type of its own to load at start-up.</summary>
    public sealed record Edit(bool Set, string Text);

    /// <summary>QEMU_SET_ENV, then QEMU_UNSET_ENV, then the command line's -E and -U in their order: the order
    /// qemu-user applies them in.</summary>
    public static List<Edit> Edits(IReadOnlyList<OptionValue> options)
    {
        var edits = new List<Edit>();
        void Add(bool set, string? list)
        {
            if (list is null) return;
            foreach (string item in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (set && item.IndexOf('=') <= 0) throw new QemuStyleException($"-E: '{item}' is not VAR=VALUE");
                if (!set && item.Contains('=')) throw new QemuStyleException($"-U: '{item}' is not a variable name");
                edits.Add(new Edit(set, item));
            }
        }
        Add(true, Environment.GetEnvironmentVariable("QEMU_SET_ENV"));
        Add(false, Environment.GetEnvironmentVariable("QEMU_UNSET_ENV"));
        // By index: enumerating an empty list through IEnumerable JIT-compiled the enumerator's static constructor.
        for (int i = 0; i < options.Count; i++)
        {
            var (name, value) = options[i];
            if (name == "-E") Add(true, value);
            else if (name == "-U") Add(false, value);
        }
        return edits;
    }

    /// <summary><paramref name="host"/> (VAR=VALUE strings) with <paramref name="edits"/> applied: a variable set
    /// again keeps its place, a new one goes at the end.</summary>
    public static List<string> Apply(IReadOnlyList<string> host, IReadOnlyList<Edit> edits)
    {
        var env = new List<string>(host);
        // By index, as in Edits (no enumerator of a list of structs at start-up).
        for (int i = 0; i < edits.Count; i++)
        {
            var edit = edits[i];
            string name = edit.Set ? edit.Text[..edit.Text.IndexOf('=')] : edit.Text;
            int at = env.FindIndex(e => e.StartsWith(name + "=", StringComparison.Ordinal) || e == name);
            if (!edit.Set)
            {
                if (at >= 0) env.RemoveAt(at);
            }
            else if (at >= 0) env[at] = edit.Text;
            else env.Add(edit.Text);
        }
        return env;
    }
}
