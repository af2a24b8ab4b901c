using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Oracles.Catalog.Model;
using Oracles.Cli.Plots;
using Oracles.Cli.Reporting;
using Oracles.Core.Spectral;
using Spectre.Console;

namespace Oracles.Cli.Commands;

/// <summary>
/// <c>oracles check FILE [--fluid FILE] [--oracle ID …] [--refine FILE2 FILE3 …] [--json OUT] [--junit OUT]
/// [--markdown OUT] [--plots DIR] [--strict] [--quiet]</c>: judges a trajectory file with every applicable oracle and
/// prints a table; the exit code says the verdict (README "Exit codes").
/// </summary>
/// <remarks>
/// <para>Literal erratum oracles (<see cref="IOracle.Erratum"/> set) encode printed statements known to be false, so a
/// correct solver fails them by design: they run only when named with <c>--oracle</c>, and are otherwise listed as
/// skipped with the reason. An oracle whose <see cref="IOracle.Systems"/> excludes the input's systems is
/// NotApplicable without being evaluated.</para>
/// <para>Progress: a progress bar on an interactive terminal, one plain line per oracle on standard error when
/// redirected, nothing with <c>--quiet</c> (which also drops the table and keeps only the verdict line).</para>
/// </remarks>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, IReadOnlyList<IOracle> catalogue)
    {
        var file = new Argument<string>("file") { Description = "The trajectory file (HDF5 or .npz; README \"Trajectory files\")." };
        var fluid = new Option<string>("--fluid") { Description = "A fluid (isothermal Euler) trajectory on the same grid and times, judged with the quantum one.", HelpName = "FILE" };
        var oracle = new Option<string[]>("--oracle")
        {
            Description = "Run only these oracles (ids from 'oracles list'); literal erratum oracles run only when named here.",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "ID",
        };
        var refine = new Option<string[]>("--refine")
        {
            Description = "The same problem at finer resolutions, coarse to fine: observed orders, and tolerances measured by refinement.",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "FILE",
        };
        var json = new Option<string>("--json") { Description = "Write the machine-readable report (byte-identical for identical inputs).", HelpName = "OUT" };
        var junit = new Option<string>("--junit") { Description = "Write JUnit XML, one testcase per oracle.", HelpName = "OUT" };
        var markdown = new Option<string>("--markdown") { Description = "Write a Markdown report (for pull-request comments).", HelpName = "OUT" };
        var plots = new Option<string>("--plots") { Description = "Write PNG figures: energy/mass drift, modulated energy vs its Gronwall bound, observed orders.", HelpName = "DIR" };
        var strict = new Option<bool>("--strict") { Description = "Treat Inconclusive as a failure (exit code 1 instead of 2)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress and no table: only the verdict line (and errors)." };

        var command = new Command("check", "Judge a trajectory file with every applicable oracle; exit 0 pass, 1 fail, 2 inconclusive, 3 invalid input, 4 internal error.")
        {
            file, fluid, oracle, refine, json, junit, markdown, plots, strict, quiet,
        };
        command.SetAction(parse =>
        {
            var options = new CheckOptions(
                parse.GetValue(file)!,
                parse.GetValue(fluid),
                parse.GetValue(oracle) ?? [],
                parse.GetValue(refine) ?? [],
                parse.GetValue(json),
                parse.GetValue(junit),
                parse.GetValue(markdown),
                parse.GetValue(plots),
                parse.GetValue(strict),
                parse.GetValue(quiet));
            return Run(options, catalogue, stdout, stderr);
        });
        return command;
    }

    private static int Run(CheckOptions o, IReadOnlyList<IOracle> catalogue, TextWriter stdout, TextWriter stderr)
    {
        // Validate everything that needs no file first: unknown ids fail fast (exit 3).
        var named = o.Oracles.Length > 0;
        var selected = named
            ? o.Oracles.Distinct(StringComparer.Ordinal).Select(id => Find(catalogue, id)).ToArray()
            : catalogue.ToArray();
        foreach (var output in new[] { o.Json, o.JUnit, o.Markdown })
        {
            if (output is not null && Directory.Exists(output))
            {
                throw new ArgumentException($"Report path '{output}' is a directory; give a file name.");
            }
        }

        var console = Terminal.For(stdout);
        console.Profile.Width = Math.Max(console.Profile.Width, Terminal.RedirectedWidth);
        var bar = !o.Quiet && console.Profile.Capabilities.Interactive;
        var lines = !o.Quiet && !bar;
        var clock = Stopwatch.StartNew();

        CheckInputs inputs;
        CheckReport report;
        if (bar)
        {
            CheckInputs? loaded = null;
            CheckReport? judged = null;
            console.Progress().AutoClear(true).Columns(
                    new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var reading = ctx.AddTask("reading", maxValue: 1 + o.Refinements.Length);
                    loaded = CheckInputs.Load(o.File, o.Fluid, o.Refinements, name =>
                    {
                        reading.Description = $"reading {Markup.Escape(name)}";
                        reading.Increment(1);
                    });
                    reading.Value = reading.MaxValue;
                    var task = ctx.AddTask("oracles", maxValue: selected.Length);
                    judged = CheckReport.Evaluate(
                        selected,
                        named,
                        loaded,
                        o.Strict,
                        Fft.Backend.Name,
                        (_, oracle) => task.Description = Markup.Escape(oracle.Id),
                        (_, _) => task.Increment(1));
                });
            inputs = loaded!;
            report = judged!;
        }
        else
        {
            inputs = CheckInputs.Load(o.File, o.Fluid, o.Refinements, name =>
            {
                if (lines)
                {
                    stderr.WriteLine($"oracles: reading {name}");
                }
            });
            var readSeconds = clock.Elapsed.TotalSeconds;
            if (lines)
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"oracles: read in {readSeconds:0.00} s; judging {selected.Length} oracles"));
            }

            report = CheckReport.Evaluate(
                selected,
                named,
                inputs,
                o.Strict,
                Fft.Backend.Name,
                done: (i, entry) =>
                {
                    if (lines)
                    {
                        stderr.WriteLine(string.Create(
                            CultureInfo.InvariantCulture,
                            $"oracles: [{i + 1}/{selected.Length}] {entry.Oracle.Id}: {entry.Status} ({entry.Seconds:0.000} s)"));
                    }
                });
        }

        var seconds = clock.Elapsed.TotalSeconds;
        if (o.Json is not null)
        {
            JsonReport.Write(report, o.Json);
        }

        if (o.JUnit is not null)
        {
            JUnitReport.Write(report, o.JUnit);
        }

        if (o.Markdown is not null)
        {
            MarkdownReport.Write(report, o.Markdown);
        }

        IReadOnlyList<string> figures = [];
        IReadOnlyList<string> figureNotes = [];
        if (o.Plots is not null)
        {
            (figures, figureNotes) = CheckPlots.Write(report, o.Plots);
        }

        if (!o.Quiet)
        {
            PrintSummary(console, stdout, report, seconds);
            foreach (var note in figureNotes)
            {
                console.WriteLine($"  plots: {note}");
            }

            foreach (var figure in figures)
            {
                console.WriteLine($"  wrote {figure}");
            }
        }

        foreach (var error in report.Entries.Where(e => e.State == EntryState.Error))
        {
            stderr.WriteLine($"oracles: internal error in oracle {error.Oracle.Id} ({error.Note}).");
            stderr.WriteLine("This is a bug in Oracles; please report it with the trajectory file that caused it.");
        }

        console.WriteLine(VerdictLine(report));
        return report.ExitCode;
    }

    private static void PrintSummary(IAnsiConsole console, TextWriter stdout, CheckReport report, double seconds)
    {
        foreach (var file in report.Inputs.Files)
        {
            foreach (var t in new[] { file.Quantum, file.Fluid }.OfType<Oracles.Core.Trajectory>())
            {
                console.WriteLine($"{file.Path} ({file.Role}, {(t.HasPsi ? "quantum" : "fluid")}): {MarkdownReport.Describe(t)}");
            }
        }

        var shown = report.Entries.Where(e => e.Applicable || e.State == EntryState.Error).ToArray();
        if (shown.Length > 0)
        {
            console.Write(CheckTable.Build(shown));
        }

        foreach (var e in report.Entries.Where(e => e.Status is "fail" or "inconclusive" or "error"))
        {
            // Messages go to the writer directly: one line each, never wrapped (CI logs are grepped).
            stdout.WriteLine($"  {e.Oracle.Id} ({e.Status}): {e.Result?.Message ?? e.Note}");
        }

        var notApplicable = report.Count("not_applicable");
        if (notApplicable > 0)
        {
            console.WriteLine($"  {notApplicable} oracles do not apply to this input (see the JSON or Markdown report for why).");
        }

        foreach (var e in report.Entries.Where(e => e.State == EntryState.Skipped))
        {
            stdout.WriteLine($"  skipped {e.Oracle.Id}: {e.Note}");
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  checked in {seconds:0.00} s (FFT backend {report.FftBackend})"));
    }

    private static string VerdictLine(CheckReport report)
    {
        var counts = string.Join(", ", JsonReport.StatusWords.Where(s => report.Count(s) > 0).Select(s => $"{report.Count(s)} {s.Replace('_', ' ')}"));
        var verdict = report.Verdict switch
        {
            "pass" => "PASS",
            "fail" => "FAIL",
            "inconclusive" when !report.Entries.Any(e => e.Applicable) => "INCONCLUSIVE (no oracle applies to this input)",
            "inconclusive" => report.Strict ? "INCONCLUSIVE (--strict: treated as a failure)" : "INCONCLUSIVE",
            _ => "INTERNAL ERROR",
        };
        return $"{verdict}: {(counts.Length == 0 ? "no oracle selected" : counts)} (exit code {report.ExitCode})";
    }

    private static IOracle Find(IReadOnlyList<IOracle> catalogue, string id)
    {
        var found = catalogue.FirstOrDefault(o => string.Equals(o.Id, id, StringComparison.Ordinal));
        if (found is not null)
        {
            return found;
        }

        var near = catalogue.Where(o => o.Id.Contains(id, StringComparison.OrdinalIgnoreCase)).Select(o => o.Id).Take(5).ToArray();
        throw new KeyNotFoundException(near.Length == 0
            ? $"--oracle: no oracle has id '{id}'. Run 'oracles list' for the catalogue."
            : $"--oracle: no oracle has id '{id}'. Did you mean: {string.Join(", ", near)}?");
    }

    private sealed record CheckOptions(
        string File,
        string? Fluid,
        string[] Oracles,
        string[] Refinements,
        string? Json,
        string? JUnit,
        string? Markdown,
        string? Plots,
        bool Strict,
        bool Quiet);
}
