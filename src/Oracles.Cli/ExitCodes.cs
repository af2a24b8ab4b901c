namespace Oracles.Cli;

/// <summary>Process exit codes of the <c>oracles</c> tool (README "Exit codes"; STYLE.md §4).</summary>
public static class ExitCodes
{
    /// <summary>Every applicable oracle passed (or, for <c>demo</c>, gave its expected verdict).</summary>
    public const int Success = 0;

    /// <summary>At least one oracle failed (or gave an unexpected verdict).</summary>
    public const int Failed = 1;

    /// <summary>None failed but at least one was inconclusive (<c>--strict</c> turns this into 1).</summary>
    public const int Inconclusive = 2;

    /// <summary>Invalid input or usage: the message names the file and field.</summary>
    public const int InvalidInput = 3;

    /// <summary>An internal error (a bug in Oracles: please report it).</summary>
    public const int InternalError = 4;
}
