using Spectre.Console;

namespace Oracles.Cli.Reporting;

/// <summary>Creates Spectre.Console consoles bound to a <see cref="TextWriter"/>: ANSI colour on an interactive terminal, plain text when redirected.</summary>
internal static class Terminal
{
    public static IAnsiConsole For(TextWriter writer)
    {
        var interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    /// <summary>Width for tables when the output is not a terminal (files, CI logs): wide enough to avoid wrapping ids.</summary>
    public const int RedirectedWidth = 200;
}
