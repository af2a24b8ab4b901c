using System.CommandLine;
using Oracles.Catalog.Model;
using Oracles.Cli.Reporting;
using Spectre.Console;

namespace Oracles.Cli.Commands;

/// <summary><c>oracles list</c>: every registered oracle, one per line: id, kind, citation, title.</summary>
internal static class ListCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("list", "List every oracle: id, kind, citation and one-line statement.");
        command.SetAction(_ =>
        {
            var console = Terminal.For(stdout);
            console.Profile.Width = Math.Max(console.Profile.Width, Terminal.RedirectedWidth);
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("id").AddColumn("kind").AddColumn("citation").AddColumn("statement");
            foreach (var oracle in OracleRegistry.All)
            {
                var title = oracle.Erratum is null ? oracle.Title : $"{oracle.Title} [erratum {oracle.Erratum.Finding}: literal statement]";
                table.AddRow(Markup.Escape(oracle.Id), oracle.Kind.ToString(), Markup.Escape(oracle.Citation), Markup.Escape(title));
            }

            console.Write(table);
            console.WriteLine($"{OracleRegistry.All.Count} oracles.");
            return ExitCodes.Success;
        });
        return command;
    }
}
