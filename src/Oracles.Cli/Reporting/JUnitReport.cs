using System.Globalization;
using System.Text;
using System.Xml;

namespace Oracles.Cli.Reporting;

/// <summary>
/// The check report as JUnit XML (<c>--junit OUT</c>): one <c>testsuite</c> per check, one <c>testcase</c> per oracle,
/// so CI systems list every oracle. Pass → a plain testcase; Fail → <c>&lt;failure&gt;</c>; an oracle that threw →
/// <c>&lt;error&gt;</c>; Inconclusive → <c>&lt;skipped&gt;</c> (a <c>&lt;failure type="Inconclusive"&gt;</c> with
/// <c>--strict</c>); NotApplicable and unrun literal erratum oracles → <c>&lt;skipped&gt;</c> with the reason.
/// </summary>
/// <remarks>The <c>time</c> attributes are wall times of each evaluation, so this file (unlike the JSON) differs
/// between runs.</remarks>
internal static class JUnitReport
{
    /// <summary>Writes the report to <paramref name="path"/>.</summary>
    /// <param name="report">The report.</param>
    /// <param name="path">The destination file.</param>
    public static void Write(CheckReport report, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(report, stream);
    }

    /// <summary>Writes the report to a stream (UTF-8, no BOM).</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">The destination.</param>
    public static void Write(CheckReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        var settings = new XmlWriterSettings
        {
            Indent = true,
            NewLineChars = "\n",
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        var main = report.Inputs.Files[0].Path;
        var entries = report.Entries;
        var failures = entries.Count(e => e.Status == "fail" || (report.Strict && e.Status == "inconclusive"));
        var errors = report.Count("error");
        var skipped = entries.Count - failures - errors - report.Count("pass");
        var time = Seconds(entries.Sum(e => e.Seconds));

        using var x = XmlWriter.Create(stream, settings);
        x.WriteStartDocument();
        x.WriteStartElement("testsuites");
        x.WriteAttributeString("name", "oracles check");
        Counts(x, entries.Count, failures, errors, skipped, time);
        x.WriteStartElement("testsuite");
        x.WriteAttributeString("name", $"oracles check {main}");
        Counts(x, entries.Count, failures, errors, skipped, time);
        x.WriteStartElement("properties");
        Property(x, "verdict", report.Verdict);
        Property(x, "exit_code", report.ExitCode.ToString(CultureInfo.InvariantCulture));
        Property(x, "fft_backend", report.FftBackend);
        foreach (var file in report.Inputs.Files)
        {
            Property(x, file.Role, file.Path);
        }

        x.WriteEndElement();

        foreach (var entry in entries)
        {
            x.WriteStartElement("testcase");
            x.WriteAttributeString("classname", $"oracles.{Prefix(entry.Oracle.Id)}");
            x.WriteAttributeString("name", entry.Oracle.Id);
            x.WriteAttributeString("time", Seconds(entry.Seconds));
            var text = Describe(entry);
            switch (entry.Status)
            {
                case "pass":
                    break;
                case "fail":
                    Element(x, "failure", entry.Result!.Message, "Fail", text);
                    break;
                case "error":
                    Element(x, "error", entry.Note!, "InternalError", text);
                    break;
                case "inconclusive" when report.Strict:
                    Element(x, "failure", entry.Result!.Message, "Inconclusive", text);
                    break;
                default:
                    x.WriteStartElement("skipped");
                    x.WriteAttributeString("message", $"{entry.Status}: {entry.Result?.Message ?? entry.Note}");
                    x.WriteEndElement();
                    break;
            }

            x.WriteElementString("system-out", text);
            x.WriteEndElement();
        }

        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndDocument();
    }

    private static void Counts(XmlWriter x, int tests, int failures, int errors, int skipped, string time)
    {
        x.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("time", time);
    }

    private static void Property(XmlWriter x, string name, string value)
    {
        x.WriteStartElement("property");
        x.WriteAttributeString("name", name);
        x.WriteAttributeString("value", value);
        x.WriteEndElement();
    }

    private static void Element(XmlWriter x, string name, string message, string type, string text)
    {
        x.WriteStartElement(name);
        x.WriteAttributeString("message", message);
        x.WriteAttributeString("type", type);
        x.WriteString(text);
        x.WriteEndElement();
    }

    /// <summary>Status, numbers, budget, citation and message, one per line.</summary>
    private static string Describe(CheckEntry entry)
    {
        var o = entry.Oracle;
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"{o.Id}: {entry.Status}\n{o.Title}\ncitation: {o.Citation}\n");
        if (entry.Result is { } r)
        {
            b.Append(CultureInfo.InvariantCulture, $"observed: {Num(r.Observed)}\nbound: {Num(r.Bound)}\nmargin: {Num(r.Margin)}\nbudget: {r.Tolerance}\n");
            foreach (var item in r.Tolerance.Items)
            {
                b.Append(CultureInfo.InvariantCulture, $"  {item.Source} {Num(item.Value)}: {item.Reason}\n");
            }

            if (r.Where is not null)
            {
                b.Append(CultureInfo.InvariantCulture, $"where: {r.Where}\n");
            }

            b.Append(r.Message);
        }
        else
        {
            b.Append(entry.Note);
        }

        return b.ToString();
    }

    private static string Prefix(string id)
    {
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? id : id[..dot];
    }

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Seconds(double s) => s.ToString("0.000", CultureInfo.InvariantCulture);
}
