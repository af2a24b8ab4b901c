using System.CommandLine;
using Oracles.Catalog.Model;
using Oracles.Cli.Reporting;
using Oracles.Core;
using Spectre.Console;

namespace Oracles.Cli.Commands;

/// <summary>
/// <c>oracles list [--system S]</c>: every registered oracle, one per line: id, kind, citation, title; with
/// <c>--system</c>, only the oracles that judge trajectories of that system (<see cref="IOracle.Systems"/>).
/// </summary>
internal static class ListCommand
{
    public static Command Create(TextWriter stdout, IReadOnlyList<IOracle> catalogue)
    {
        var system = new Option<string>("--system")
        {
            Description = $"Only the oracles that judge this system: {string.Join(", ", SystemIds.All)}.",
            HelpName = "S",
        };
        system.AcceptOnlyFromAmong([.. SystemIds.All]);
        var command = new Command("list", "List every oracle: id, kind, citation and one-line statement.") { system };
        command.SetAction(parse =>
        {
            var only = parse.GetValue(system);
            var oracles = catalogue
                .Where(o => only is null || o.Systems.Contains(only, StringComparer.Ordinal))
                .OrderBy(o => o.Id, StringComparer.Ordinal)
                .ToArray();
            var console = Terminal.For(stdout);
            console.Profile.Width = Math.Max(console.Profile.Width, Terminal.RedirectedWidth);
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("id").AddColumn("kind").AddColumn("citation").AddColumn("statement");
            foreach (var oracle in oracles)
            {
                var title = oracle.Erratum is null ? oracle.Title : $"{oracle.Title} [erratum {oracle.Erratum.Finding}: literal statement]";
                table.AddRow(Markup.Escape(oracle.Id), oracle.Kind.ToString(), Markup.Escape(oracle.Citation), Markup.Escape(title));
            }

            console.Write(table);
            console.WriteLine(only is null ? $"{oracles.Length} oracles." : $"{oracles.Length} oracles judge {only} trajectories.");
            return ExitCodes.Success;
        });
        return command;
    }
}
