using System.Globalization;
using Oracles.Catalog.Model;
using Oracles.Cli.Demo;
using Spectre.Console;

namespace Oracles.Cli.Reporting;

/// <summary>The oracle report as a table: id, scenario, status (and the expected one), observed, bound, margin, budget.</summary>
internal static class OracleTable
{
    public static Table Build(IEnumerable<DemoRow> rows)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("oracle").AddColumn("scn").AddColumn("status").AddColumn("expected")
            .AddColumn(new TableColumn("observed").RightAligned()).AddColumn(new TableColumn("bound").RightAligned())
            .AddColumn(new TableColumn("margin").RightAligned()).AddColumn("budget");
        foreach (var row in rows)
        {
            var r = row.Result;
            var status = row.AsExpected ? $"[green]{r.Status}[/]" : $"[red]{r.Status}[/]";
            table.AddRow(
                Markup.Escape(r.OracleId),
                row.Scenario,
                status,
                row.Expected.ToString(),
                Number(r.Observed),
                Number(r.Bound),
                Number(r.Margin),
                Markup.Escape(r.Tolerance.ToString()));
        }

        return table;
    }

    public static string Number(double x) => double.IsNaN(x) ? "—" : x.ToString("0.###e+00", CultureInfo.InvariantCulture);
}
