using Snapshooter.Exceptions;

namespace Oracles.Snapshots.Infrastructure;

/// <summary>
/// Tests that set <c>SNAPSHOOTER_STRICT_MODE</c>: the variable is process-wide, so they run in a collection with
/// parallelization disabled (xunit runs such collections after all parallel ones) and restore it afterwards.
/// </summary>
[CollectionDefinition(nameof(StrictModeEnvironment), DisableParallelization = true)]
public sealed class StrictModeEnvironment;

[Collection(nameof(StrictModeEnvironment))]
public sealed class StrictModeTests : IDisposable
{
    private const string Variable = "SNAPSHOOTER_STRICT_MODE";

    private readonly string? saved = Environment.GetEnvironmentVariable(Variable);
    private readonly string root = Path.Combine(Path.GetTempPath(), "oracles-strict-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Variable, saved);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("on")]
    [InlineData("true")]
    public void Missing_snapshot_fails_in_strict_mode_and_is_not_created(string value)
    {
        Environment.SetEnvironmentVariable(Variable, value);

        var e = Should.Throw<SnapshotNotFoundException>(() =>
            ToleranceSnapshot.Match(new { X = 1.0 }, root, "Area", "Missing", ToleranceMap.Exact));

        e.Message.ShouldContain("Strict mode");
        e.Message.ShouldContain(Path.Combine("Area", "__snapshots__", "Missing.snap"));
        File.Exists(Path.Combine(root, "Area", "__snapshots__", "Missing.snap")).ShouldBeFalse();
    }

    [Fact]
    public void Missing_snapshot_is_created_outside_strict_mode_and_then_matches()
    {
        Environment.SetEnvironmentVariable(Variable, null);
        var file = Path.Combine(root, "Area", "__snapshots__", "Created.snap");

        ToleranceSnapshot.Match(new { X = 1.5 }, root, "Area", "Created", ToleranceMap.Exact);

        File.ReadAllText(file).ShouldBe(ToleranceSnapshot.Serialize(new { X = 1.5 }));
        Environment.SetEnvironmentVariable(Variable, "on");
        Should.NotThrow(() => ToleranceSnapshot.Match(new { X = 1.5 }, root, "Area", "Created", ToleranceMap.Exact));
        Should.Throw<SnapshotCompareException>(() => ToleranceSnapshot.Match(new { X = 2.5 }, root, "Area", "Created", ToleranceMap.Exact));
    }
}
