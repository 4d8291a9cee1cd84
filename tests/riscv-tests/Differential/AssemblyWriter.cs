// Accumulates the generated assembly text while counting lines, so body instructions can be traced back to
// their line in the .S file when a mismatch is reported.
using System.Text;

namespace RvJit.RiscvTests.Differential;

/// <summary>Builds assembly text line by line and records where each body instruction ends up.</summary>
internal sealed class AssemblyWriter
{
    private readonly StringBuilder text = new();
    private readonly List<BodyInstruction> body = [];
    private int lines;

    /// <summary>The text written so far.</summary>
    public string Text => text.ToString();

    /// <summary>The body instructions recorded so far, in order.</summary>
    public IReadOnlyList<BodyInstruction> Body => body;

    /// <summary>Appends one line verbatim (a label, a directive, a comment, or an indented instruction).</summary>
    public void Line(string line)
    {
        if (line.Contains('\n')) throw new ArgumentException("one line at a time", nameof(line));
        text.Append(line).Append('\n');
        lines++;
    }

    /// <summary>Appends several lines given as one block separated by newlines (a trailing newline is ignored).</summary>
    public void Block(string block)
    {
        foreach (string line in block.TrimEnd('\n').Split('\n'))
            Line(line);
    }

    /// <summary>Appends an indented instruction and notes it as one of the random body's instructions.</summary>
    public void BodyInstruction(string instruction, IReadOnlyList<string> writes)
    {
        Line("        " + instruction);
        body.Add(new BodyInstruction(lines, instruction, writes));
    }
}
