namespace Oracles.IO;

/// <summary>The trajectory file schema constants (README "Trajectory files"), version 1.</summary>
public static class TrajectoryFormat
{
    /// <summary>The value of the <c>oracles_format</c> root attribute.</summary>
    public const string FormatName = "trajectory";

    /// <summary>The schema version written and accepted.</summary>
    public const int Version = 1;
}
