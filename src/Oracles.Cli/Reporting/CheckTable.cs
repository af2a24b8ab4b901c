using Spectre.Console;

namespace Oracles.Cli.Reporting;

/// <summary>The terminal table of <c>oracles check</c>: one row per applicable oracle (status, observed, bound, margin, budget).</summary>
internal static class CheckTable
{
    public static Table Build(IEnumerable<CheckEntry> entries)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("oracle").AddColumn("status")
            .AddColumn(new TableColumn("observed").RightAligned()).AddColumn(new TableColumn("bound").RightAligned())
            .AddColumn(new TableColumn("margin").RightAligned()).AddColumn("budget");
        foreach (var e in entries)
        {
            var r = e.Result;
            table.AddRow(
                Markup.Escape(e.Oracle.Id),
                Colour(e.Status),
                r is null ? "—" : OracleTable.Number(r.Observed),
                r is null ? "—" : OracleTable.Number(r.Bound),
                r is null ? "—" : OracleTable.Number(r.Margin),
                r is null ? "—" : Markup.Escape(r.Tolerance.ToString()));
        }

        return table;
    }

    public static string Colour(string status) => status switch
    {
        "pass" => "[green]pass[/]",
        "fail" => "[red]FAIL[/]",
        "inconclusive" => "[yellow]inconclusive[/]",
        "error" => "[red]ERROR[/]",
        _ => Markup.Escape(status.Replace('_', ' ')),
    };
}
