using System.Globalization;
using System.Text;
using Oracles.Core;

namespace Oracles.Cli.Reporting;

/// <summary>
/// The check report as GitHub-flavoured Markdown (<c>--markdown OUT</c>), for pull-request comments: a verdict line,
/// the inputs, the table of applicable oracles (status, observed, bound, margin, budget), then the messages of every
/// failed or inconclusive oracle and the lists of oracles that did not apply or were not run.
/// </summary>
internal static class MarkdownReport
{
    /// <summary>Writes the report to <paramref name="path"/>.</summary>
    /// <param name="report">The report.</param>
    /// <param name="path">The destination file.</param>
    public static void Write(CheckReport report, string path) =>
        File.WriteAllText(path, Render(report), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    /// <summary>Renders the report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The Markdown text (lines end in <c>\n</c>).</returns>
    public static string Render(CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var b = new StringBuilder();
        var main = report.Inputs.Files[0].Path;
        b.Append(CultureInfo.InvariantCulture, $"## Oracles check of `{Code(main)}`: {Badge(report.Verdict)} (exit code {report.ExitCode})\n\n");
        foreach (var file in report.Inputs.Files)
        {
            foreach (var t in new[] { file.Quantum, file.Fluid }.OfType<Trajectory>())
            {
                var declares = file.Declarations.Count == 0 || !t.HasPsi ? string.Empty : $"; declares {string.Join(", ", file.Declarations.Select(d => $"`{d}`"))}";
                b.Append(CultureInfo.InvariantCulture, $"- `{Code(file.Path)}` ({file.Role}, {(t.HasPsi ? "quantum" : "fluid")}): {Describe(t)}{declares}\n");
            }
        }

        var counts = string.Join(", ", JsonReport.StatusWords.Where(s => report.Count(s) > 0).Select(s => $"{report.Count(s)} {s.Replace('_', ' ')}"));
        b.Append(CultureInfo.InvariantCulture, $"\n{(counts.Length == 0 ? "No oracle selected" : counts)}.\n\n");

        var applicable = report.Entries.Where(e => e.Applicable || e.Status == "error").ToArray();
        if (applicable.Length > 0)
        {
            b.Append("| | oracle | kind | status | observed | bound | margin | budget |\n");
            b.Append("|---|---|---|---|--:|--:|--:|---|\n");
            foreach (var e in applicable)
            {
                var r = e.Result;
                b.Append(CultureInfo.InvariantCulture, $"| {Icon(e.Status)} | `{e.Oracle.Id}` | {JsonReport.KindWord(e.Oracle.Kind)} | {e.Status} | ");
                b.Append(r is null
                    ? "— | — | — | — |\n"
                    : $"{Num(r.Observed)} | {Num(r.Bound)} | {Num(r.Margin)} | {Cell(r.Tolerance.ToString())} |\n");
            }

            b.Append('\n');
        }

        var attention = report.Entries.Where(e => e.Status is "fail" or "inconclusive" or "error").ToArray();
        if (attention.Length > 0)
        {
            b.Append("### Needs attention\n\n");
            foreach (var e in attention)
            {
                var message = e.Result?.Message ?? e.Note ?? string.Empty;
                var where = e.Result?.Where is { } w ? $" (at {w})" : string.Empty;
                b.Append(CultureInfo.InvariantCulture, $"- **`{e.Oracle.Id}`** ({e.Status}, {Cell(e.Oracle.Citation)}){Cell(where)}: {Cell(message)}\n");
            }

            b.Append('\n');
        }

        var notApplicable = report.Entries.Where(e => e.Status == "not_applicable").ToArray();
        if (notApplicable.Length > 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<details><summary>{notApplicable.Length} not applicable to this input</summary>\n\n");
            foreach (var e in notApplicable)
            {
                b.Append(CultureInfo.InvariantCulture, $"- `{e.Oracle.Id}`: {Cell(e.Result!.Message)}\n");
            }

            b.Append("\n</details>\n\n");
        }

        var skipped = report.Entries.Where(e => e.Status == "skipped").ToArray();
        if (skipped.Length > 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<details><summary>{skipped.Length} not run (literal erratum oracles)</summary>\n\n");
            foreach (var e in skipped)
            {
                b.Append(CultureInfo.InvariantCulture, $"- `{e.Oracle.Id}`: {Cell(e.Note ?? string.Empty)}\n");
            }

            b.Append("\n</details>\n\n");
        }

        b.Append(CultureInfo.InvariantCulture, $"<sub>oracles {Cell(JsonReport.ToolVersion)}, FFT backend {report.FftBackend}. Budget items: disc = discretization, round = round-off, mc = sampling.</sub>\n");
        return b.ToString();
    }

    /// <summary>One-line description of a trajectory: system, grid, ħ, ε, samples, time span.</summary>
    /// <param name="t">The trajectory.</param>
    /// <returns>The text.</returns>
    public static string Describe(Trajectory t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{t.System}, {t.Grid}, ħ = {t.Parameters.Hbar:R}, ε = {t.Parameters.Epsilon:R}, {t.Count} samples, t ∈ [{t.Times[0]:R}, {t.Times[^1]:R}], Δt = {CheckInputs.TimeStep(t):R}");
    }

    private static string Badge(string verdict) => verdict switch
    {
        "pass" => "✅ pass",
        "fail" => "❌ fail",
        "inconclusive" => "⚠️ inconclusive",
        _ => "💥 internal error",
    };

    private static string Icon(string status) => status switch
    {
        "pass" => "✅",
        "fail" => "❌",
        "inconclusive" => "⚠️",
        "error" => "💥",
        _ => "·",
    };

    private static string Num(double x) => OracleTable.Number(x);

    /// <summary>Escapes a table cell: pipes and line breaks.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Code(string text) => text.Replace("`", "'", StringComparison.Ordinal);
}
