using System.Text.Json;
using Oracles.Core.Spectral;

namespace Oracles.Tests.Core;

public class FftPairTimingTests
{
    [Theory]
    [MemberData(nameof(FftBackends.Names), MemberType = typeof(FftBackends))]
    public void Pair_timing_reports_a_positive_median_no_allocation_and_parseable_json(string backend)
    {
        foreach (var real in new[] { false, true })
        {
            var timing = FftPairTiming.Measure(FftBackends.All[backend], [16, 8, 4], real, repeat: 5, scaled: true);
            timing.Repeat.ShouldBe(5);
            timing.MedianMs.ShouldBeGreaterThan(0);
            timing.MinMs.ShouldBeLessThanOrEqualTo(timing.MedianMs);
            timing.BytesPerPair.ShouldBe(0L);
            timing.Kind.ShouldBe(real ? "r2c" : "c2c");

            using var json = JsonDocument.Parse(timing.ToJson());
            var root = json.RootElement;
            root.GetProperty("backend").GetString().ShouldBe(FftBackends.All[backend].Name);
            root.GetProperty("dims").EnumerateArray().Select(e => e.GetInt32()).ToArray().ShouldBe([16, 8, 4]);
            root.GetProperty("median_ms").GetDouble().ShouldBe(timing.MedianMs);
            timing.ToText().ShouldContain("median");
        }
    }

    [Fact]
    public void Pair_timing_rejects_a_negative_repeat_count() =>
        Should.Throw<ArgumentOutOfRangeException>(() => FftPairTiming.Measure(Fft.CreateBackend("managed"), [8], real: false, repeat: -1, scaled: true));
}
