using System.CommandLine;
using Oracles.Catalog.Model;

namespace Oracles.Cli.Commands;

/// <summary><c>oracles explain ID</c>: statement, citation, kind, requirements, tolerance policy and erratum of one oracle.</summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter stdout)
    {
        var id = new Argument<string>("id") { Description = "The oracle id (see 'oracles list')." };
        var command = new Command("explain", "Explain one oracle: statement, citation, what it needs, how its tolerance is budgeted.");
        command.Arguments.Add(id);
        command.SetAction(parse =>
        {
            var oracle = OracleRegistry.Get(parse.GetValue(id)!);
            var citations = OracleRegistry.CitationsOf(oracle);
            stdout.WriteLine($"{oracle.Id} — {oracle.Title}");
            stdout.WriteLine($"  kind:        {oracle.Kind}");
            stdout.WriteLine($"  citation:    {oracle.Citation}");
            foreach (var c in citations)
            {
                stdout.WriteLine($"               [{c.Key}, {c.Location}] — seed file {References.SeedFile(c.Key)}");
            }

            stdout.WriteLine($"  statement:   {oracle.Statement}");
            stdout.WriteLine($"  needs:       {oracle.Requirements}");
            stdout.WriteLine($"  tolerance:   {oracle.TolerancePolicy}");
            if (oracle.Erratum is { } erratum)
            {
                stdout.WriteLine($"  erratum:     {erratum.Finding}: {erratum.Summary}");
                if (erratum.CorrectedOracleId is not null)
                {
                    stdout.WriteLine($"  corrected:   {erratum.CorrectedOracleId}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
