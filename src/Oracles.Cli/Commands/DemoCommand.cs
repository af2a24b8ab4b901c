using System.CommandLine;
using System.Globalization;
using Oracles.Catalog.Model;
using Oracles.Cli.Demo;
using Oracles.Cli.Reporting;
using Spectre.Console;

namespace Oracles.Cli.Commands;

/// <summary><c>oracles demo</c>: solves the reference problems and prints the oracle report (see <see cref="DemoRunner"/>).</summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter stdout)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Also print each verdict's message, worst-case location and details." };
        var command = new Command("demo", "Solve SPB from Lemma 4.1 data (with the isothermal Euler reference) and judge every oracle.");
        command.Options.Add(verbose);
        command.SetAction(parse =>
        {
            var console = Terminal.For(stdout);
            console.Profile.Width = Math.Max(console.Profile.Width, Terminal.RedirectedWidth);
            console.WriteLine($"Oracles demo — FFT backend: {Oracles.Core.Spectral.Fft.Backend.Name}");
            var report = DemoRunner.Run();
            foreach (var (key, description) in report.Scenarios)
            {
                console.WriteLine($"  scenario {key}: {description}");
            }

            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  solves took {report.SolveSeconds:F1} s"));
            console.Write(OracleTable.Build(report.Rows));
            if (parse.GetValue(verbose))
            {
                foreach (var row in report.Rows)
                {
                    var r = row.Result;
                    stdout.WriteLine($"[{row.Scenario}] {r.OracleId}: {r.Status}. {r.Message}");
                    if (r.Where is not null)
                    {
                        stdout.WriteLine($"    where: {r.Where}");
                    }

                    foreach (var (name, value) in r.Details)
                    {
                        stdout.WriteLine($"    {name} = {value.ToString("R", CultureInfo.InvariantCulture)}");
                    }
                }
            }

            var unexpected = report.Rows.Count(r => !r.AsExpected);
            if (report.Rows.Count == 0)
            {
                console.WriteLine("No oracle is registered: nothing was judged.");
                return ExitCodes.Failed;
            }

            var oracles = report.Rows.Select(r => r.Result.OracleId).Distinct(StringComparer.Ordinal).Count();
            console.WriteLine(unexpected == 0
                ? $"All {report.Rows.Count} verdicts ({oracles} oracles) are the expected ones (literal erratum oracles are expected to Fail on their counterexample)."
                : $"{unexpected} of {report.Rows.Count} verdicts ({oracles} oracles) are NOT the expected ones.");
            return unexpected == 0 ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
