using System.Xml;

namespace RvJit.Cli;

/// <summary>
/// `rvjit test --junit FILE`: the results in the JUnit XML that CI systems read (Jenkins, GitLab, GitHub
/// reporters): a testsuite per group, a testcase per program with classname = group, a failure element
/// for a test that ran and failed, an error element for one that timed out or could not run.
/// </summary>
internal static class JUnitReport
{
    public static void Write(string path, IReadOnlyList<TestResult> results, TimeSpan total)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var w = XmlWriter.Create(path, settings);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", "rvjit test");
        WriteCounts(w, results);
        w.WriteAttributeString("time", Seconds(total));
        foreach (var group in results.GroupBy(r => r.Group))
        {
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", group.Key);
            WriteCounts(w, [.. group]);
            w.WriteAttributeString("skipped", "0");
            w.WriteAttributeString("time", Seconds(TimeSpan.FromTicks(group.Sum(r => r.Time.Ticks))));
            foreach (var r in group)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("name", r.Name);
                w.WriteAttributeString("classname", r.Group);
                w.WriteAttributeString("time", Seconds(r.Time));
                if (r.Outcome != TestOutcome.Passed)
                {
                    w.WriteStartElement(r.Outcome == TestOutcome.Failed ? "failure" : "error");
                    w.WriteAttributeString("message", r.Detail);
                    w.WriteAttributeString("type", r.Outcome switch { TestOutcome.Failed => "failure", TestOutcome.TimedOut => "timeout", _ => "error" });
                    w.WriteEndElement();
                }
                if (r.Output.Length > 0) w.WriteElementString("system-out", Clean(r.Output));
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteCounts(XmlWriter w, IReadOnlyList<TestResult> results)
    {
        w.WriteAttributeString("tests", results.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", results.Count(r => r.Outcome == TestOutcome.Failed).ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", results.Count(r => r.Outcome is TestOutcome.TimedOut or TestOutcome.Error).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A guest's output may hold bytes XML 1.0 cannot carry (control characters): they become U+FFFD.</summary>
    private static string Clean(string text) => string.Create(text.Length, text, (span, t) =>
    {
        for (int i = 0; i < t.Length; i++)
        {
            char c = t[i];
            span[i] = XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD';
        }
    });
}
