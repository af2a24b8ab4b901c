using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Oracles.Catalog.Model;
using Oracles.Core;

namespace Oracles.Cli.Reporting;

/// <summary>
/// The machine-readable check report (<c>--json OUT</c>), schema <c>oracles-check-report</c> version 1 (README
/// "Report formats"). Field names are snake_case and stable; the same inputs give a byte-identical file.
/// </summary>
/// <remarks>
/// <para>Determinism: oracles are ordered by id (ordinal), <c>details</c> keys are sorted (ordinal), numbers are written
/// with the shortest round-trip form (<c>"R"</c>, invariant culture), non-finite numbers as the strings <c>"NaN"</c>,
/// <c>"Infinity"</c>, <c>"-Infinity"</c>, lines end in <c>\n</c>, and nothing that varies between runs (wall times,
/// dates, absolute paths) is written.</para>
/// </remarks>
internal static class JsonReport
{
    /// <summary>The value of the <c>schema</c> field.</summary>
    public const string Schema = "oracles-check-report";

    /// <summary>The value of the <c>schema_version</c> field.</summary>
    public const int SchemaVersion = 1;

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
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        w.WriteStartObject();
        w.WriteString("schema", Schema);
        w.WriteNumber("schema_version", SchemaVersion);
        w.WriteString("tool_version", ToolVersion);
        w.WriteString("fft_backend", report.FftBackend);
        w.WriteString("verdict", report.Verdict);
        w.WriteNumber("exit_code", report.ExitCode);
        w.WriteBoolean("strict", report.Strict);

        w.WriteStartObject("counts");
        foreach (var status in StatusWords)
        {
            w.WriteNumber(status, report.Count(status));
        }

        w.WriteEndObject();

        w.WriteStartArray("inputs");
        foreach (var file in report.Inputs.Files)
        {
            w.WriteStartObject();
            w.WriteString("role", file.Role);
            w.WriteString("path", file.Path);
            w.WriteStartArray("declarations");
            foreach (var id in file.Declarations)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            WriteTrajectory(w, "quantum", file.Quantum);
            WriteTrajectory(w, "fluid", file.Fluid);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("oracles");
        foreach (var entry in report.Entries)
        {
            WriteEntry(w, entry);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>The status words, in report order.</summary>
    public static IReadOnlyList<string> StatusWords { get; } = ["pass", "fail", "inconclusive", "not_applicable", "skipped", "error"];

    /// <summary>The tool's version without the source-revision suffix (<c>1.0.0</c>, not <c>1.0.0+sha</c>), so reports of
    /// the same release compare equal across commits.</summary>
    public static string ToolVersion { get; } =
        (typeof(JsonReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

    /// <summary>snake_case of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The word.</returns>
    public static string KindWord(OracleKind kind) => kind switch
    {
        OracleKind.Identity => "identity",
        OracleKind.ExplicitInequality => "explicit_inequality",
        OracleKind.FittedConstant => "fitted_constant",
        OracleKind.Convergence => "convergence",
        OracleKind.ObservedOrder => "observed_order",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string SourceWord(ToleranceSource source) => source switch
    {
        ToleranceSource.Discretization => "discretization",
        ToleranceSource.RoundOff => "round_off",
        ToleranceSource.Sampling => "sampling",
        _ => source.ToString().ToLowerInvariant(),
    };

    private static void WriteTrajectory(Utf8JsonWriter w, string name, Trajectory? t)
    {
        if (t is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("system", t.System);
        w.WriteNumber("dim", t.Grid.Dimension);
        w.WriteStartArray("shape");
        foreach (var n in t.Grid.Shape)
        {
            w.WriteNumberValue(n);
        }

        w.WriteEndArray();
        Number(w, "box_length", t.Grid.Length);
        Number(w, "hbar", t.Parameters.Hbar);
        Number(w, "epsilon", t.Parameters.Epsilon);
        w.WriteNumber("samples", t.Count);
        Number(w, "t_first", t.Times[0]);
        Number(w, "t_last", t.Times[^1]);
        Number(w, "time_step", CheckInputs.TimeStep(t));
        w.WriteString("producer", t.Provenance.Producer);
        w.WriteString("scheme", t.Provenance.Scheme);
        if (t.Provenance.SolverTimeStep is { } dt)
        {
            Number(w, "solver_time_step", dt);
        }
        else
        {
            w.WriteNull("solver_time_step");
        }

        if (t.Provenance.SchemeOrder is { } order)
        {
            w.WriteNumber("scheme_order", order);
        }
        else
        {
            w.WriteNull("scheme_order");
        }

        w.WriteEndObject();
    }

    private static void WriteEntry(Utf8JsonWriter w, CheckEntry entry)
    {
        var oracle = entry.Oracle;
        w.WriteStartObject();
        w.WriteString("id", oracle.Id);
        w.WriteString("status", entry.Status);
        w.WriteString("kind", KindWord(oracle.Kind));
        w.WriteString("title", oracle.Title);
        w.WriteString("citation", oracle.Citation);
        if (oracle.Erratum is { } erratum)
        {
            w.WriteStartObject("erratum");
            w.WriteString("finding", erratum.Finding);
            w.WriteString("corrected_oracle_id", erratum.CorrectedOracleId);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("erratum");
        }

        if (entry.Result is { } r)
        {
            Number(w, "observed", r.Observed);
            Number(w, "bound", r.Bound);
            Number(w, "margin", r.Margin);
            Number(w, "ratio", r.Ratio);
            w.WriteStartObject("tolerance");
            Number(w, "total", r.Tolerance.Total);
            w.WriteStartArray("items");
            foreach (var item in r.Tolerance.Items)
            {
                w.WriteStartObject();
                w.WriteString("source", SourceWord(item.Source));
                Number(w, "value", item.Value);
                w.WriteString("reason", item.Reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("where", r.Where);
            w.WriteString("message", r.Message);
            w.WriteStartObject("details");
            foreach (var (key, value) in r.Details.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                Number(w, key, value);
            }

            w.WriteEndObject();
        }
        else
        {
            foreach (var name in new[] { "observed", "bound", "margin", "ratio", "tolerance", "where" })
            {
                w.WriteNull(name);
            }

            w.WriteString("message", entry.Note);
            w.WriteStartObject("details");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>Writes a number in the shortest round-trip form, or "NaN"/"Infinity"/"-Infinity" as a string.</summary>
    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        if (double.IsFinite(value))
        {
            w.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
        }
        else
        {
            w.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
