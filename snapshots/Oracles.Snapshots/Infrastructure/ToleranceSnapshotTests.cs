using Snapshooter.Exceptions;

namespace Oracles.Snapshots.Infrastructure;

/// <summary>
/// Self-tests of <see cref="ToleranceSnapshot"/>: each test works in its own temporary snapshot root and writes the
/// expected file itself (so it also runs under <c>SNAPSHOOTER_STRICT_MODE=on</c>, as in CI).
/// </summary>
public sealed class ToleranceSnapshotTests : IDisposable
{
    private static readonly ToleranceMap Tolerances = ToleranceMap.Default(abs: 1e-12, rel: 1e-10);

    private readonly string root = Path.Combine(Path.GetTempPath(), "oracles-snapshot-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Identical_summary_passes()
    {
        var summary = new { Name = "fft", Count = 3, Energy = new[] { 1.0, 0.5, 1e-20 } };
        Store("Identical", summary);
        Should.NotThrow(() => ToleranceSnapshot.Match(summary, root, "Area", "Identical", Tolerances));
    }

    [Fact]
    public void Change_within_tolerance_passes()
    {
        Store("Within", new { Energy = new[] { 1.0, 2.0, 0.0 } });

        // abs 1e-12 + rel 1e-10·|e|: 2.0 allows 2.0000000002, 0.0 allows 1e-12.
        var changed = new { Energy = new[] { 1.0 + 1e-11, 2.0 + 1.5e-10, 9e-13 } };
        Should.NotThrow(() => ToleranceSnapshot.Match(changed, root, "Area", "Within", Tolerances));
    }

    [Fact]
    public void Change_beyond_tolerance_fails_with_a_report_naming_the_path_and_writes_the_mismatch()
    {
        Store("Beyond", new { Series = new[] { new { T = 0.0, Mass = 1.0 }, new { T = 0.5, Mass = 1.0 } } });
        var changed = new { Series = new[] { new { T = 0.0, Mass = 1.0 }, new { T = 0.5, Mass = 1.001 } } };

        var e = Should.Throw<SnapshotCompareException>(() => ToleranceSnapshot.Match(changed, root, "Area", "Beyond", Tolerances));

        e.Message.ShouldContain("$.Series[1].Mass: expected 1.0, actual 1.001, |Δ| = 0.001 > allowed 1.01E-10");
        e.Message.ShouldContain("1 difference (");
        e.Message.ShouldNotContain("$.Series[0]");
        File.Exists(Path.Combine(root, "Area", "__snapshots__", "__mismatch__", "Beyond.snap")).ShouldBeTrue();
    }

    [Fact]
    public void A_path_rule_overrides_the_default_for_its_subtree_only()
    {
        var map = Tolerances.With("$.Wasserstein", abs: 1e-3);
        Store("Rule", new { Wasserstein = new[] { 0.25 }, WassersteinDrift = 0.25 });

        Should.NotThrow(() => ToleranceSnapshot.Match(new { Wasserstein = new[] { 0.2505 }, WassersteinDrift = 0.25 }, root, "Area", "Rule", map));
        var e = Should.Throw<SnapshotCompareException>(() =>
            ToleranceSnapshot.Match(new { Wasserstein = new[] { 0.25 }, WassersteinDrift = 0.2505 }, root, "Area", "Rule", map));
        e.Message.ShouldContain("$.WassersteinDrift:");
    }

    [Fact]
    public void Every_difference_is_counted_and_the_report_is_capped_at_20_lines()
    {
        Store("Many", new { X = Enumerable.Range(0, 30).Select(i => (double)i).ToArray() });
        var changed = new { X = Enumerable.Range(0, 30).Select(i => i + 0.5).ToArray() };

        var e = Should.Throw<SnapshotCompareException>(() => ToleranceSnapshot.Match(changed, root, "Area", "Many", Tolerances));

        e.Message.ShouldContain("$.X[19]:");
        e.Message.ShouldNotContain("$.X[20]:");
        e.Message.ShouldContain("… 10 more not shown");
        e.Message.ShouldContain("30 differences");
    }

    [Fact]
    public void Structure_strings_and_integers_compare_exactly_whatever_the_tolerance()
    {
        var loose = ToleranceMap.Default(abs: 10, rel: 10);
        Store("Structure", new { Id = 1, Name = "a", Items = new[] { 1.0, 2.0 }, Gone = true });
        var changed = new { Id = 2, Name = "b", Items = new[] { 1.0 }, Extra = "x" };

        var e = Should.Throw<SnapshotCompareException>(() => ToleranceSnapshot.Match(changed, root, "Area", "Structure", loose));

        e.Message.ShouldContain("$.Id: expected 1, actual 2");
        e.Message.ShouldContain("$.Name: expected \"a\", actual \"b\"");
        e.Message.ShouldContain("$.Items: expected 2 elements, actual 1 elements");
        e.Message.ShouldContain("$.Gone: expected true, actual (missing)");
        e.Message.ShouldContain("$.Extra: expected (missing), actual \"x\"");
        e.Message.ShouldContain("5 differences");
    }

    [Fact]
    public void NaN_matches_only_NaN_and_infinities_match_only_themselves()
    {
        Store("Special", new { A = double.NaN, B = double.PositiveInfinity, C = double.NegativeInfinity, D = 1.0 });

        Should.NotThrow(() => ToleranceSnapshot.Match(
            new { A = double.NaN, B = double.PositiveInfinity, C = double.NegativeInfinity, D = 1.0 }, root, "Area", "Special", Tolerances));
        var e = Should.Throw<SnapshotCompareException>(() => ToleranceSnapshot.Match(
            new { A = 1.0, B = double.NegativeInfinity, C = -double.MaxValue, D = double.NaN }, root, "Area", "Special", ToleranceMap.Default(1e300, 1)));

        e.Message.ShouldContain("$.A: expected \"NaN\", actual 1.0");
        e.Message.ShouldContain("$.B: expected \"Infinity\", actual \"-Infinity\"");
        e.Message.ShouldContain("$.C: expected \"-Infinity\", actual -1.7976931348623157E+308");
        e.Message.ShouldContain("$.D: expected 1.0, actual \"NaN\"");
    }

    [Theory]
    [InlineData(double.NaN, double.NaN, false)]
    [InlineData(1.0, double.NaN, false)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, true)]
    [InlineData(double.NegativeInfinity, double.NegativeInfinity, true)]
    [InlineData(double.PositiveInfinity, double.NegativeInfinity, false)]
    [InlineData(double.PositiveInfinity, double.MaxValue, false)]
    [InlineData(1.0, 1.0 + 1.5e-10, true)]
    [InlineData(1.0, 1.0 + 2.5e-10, false)]
    [InlineData(-4.0, -4.0 - 4.5e-10, true)]
    [InlineData(0.0, 1e-10, true)]
    [InlineData(0.0, 1.5e-10, false)]
    public void Numeric_tolerance_has_MathNet_Accepts_semantics(double expected, double actual, bool accepted) =>
        new NumericTolerance(Absolute: 1e-10, Relative: 1e-10).Accepts(expected, actual).ShouldBe(accepted);

    [Fact]
    public void Tolerance_rules_match_by_path_prefix_with_wildcards_and_the_longest_rule_wins()
    {
        var map = ToleranceMap.Default(1, 0).With("$.a", abs: 2).With("$.a.b", abs: 3).With("$.s[*].m", abs: 4).With("$.o.*.v", abs: 5);

        map.For("$.a").Absolute.ShouldBe(2);
        map.For("$.a[3]").Absolute.ShouldBe(2);
        map.For("$.a.c").Absolute.ShouldBe(2);
        map.For("$.a.b[0]").Absolute.ShouldBe(3);
        map.For("$.ab").Absolute.ShouldBe(1);
        map.For("$.s[12].m").Absolute.ShouldBe(4);
        map.For("$.s[12].n").Absolute.ShouldBe(1);
        map.For("$.o.x.v").Absolute.ShouldBe(5);
        Should.Throw<ArgumentException>(() => map.With("a", abs: 1));
        Should.Throw<ArgumentOutOfRangeException>(() => ToleranceMap.Default(double.NaN, 0));
    }

    [Fact]
    public void Bad_names_and_areas_are_rejected_at_the_boundary()
    {
        Should.Throw<ArgumentException>(() => ToleranceSnapshot.Match(new { }, root, "Area", "x/y", Tolerances)).Message.ShouldContain("plain file name");
        Should.Throw<ArgumentException>(() => ToleranceSnapshot.Match(new { }, root, "../Area", "x", Tolerances)).Message.ShouldContain("relative folder");
    }

    [Fact]
    public void Repository_root_is_the_folder_holding_Oracles_sln()
    {
        var rootFolder = ToleranceSnapshot.RepositoryRoot();
        File.Exists(Path.Combine(rootFolder, "Oracles.sln")).ShouldBeTrue();
        ToleranceSnapshot.SnapshotPath("Core", "X").ShouldBe(Path.Combine(rootFolder, "snapshots", "Oracles.Snapshots", "Core", "__snapshots__", "X.snap"));
    }

    private void Store(string name, object expected)
    {
        var folder = Path.Combine(root, "Area", "__snapshots__");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".snap"), ToleranceSnapshot.Serialize(expected));
    }
}
