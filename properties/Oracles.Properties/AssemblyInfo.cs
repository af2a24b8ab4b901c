using FsCheck.Xunit;
using Oracles.Properties.Arbitraries;

// Defaults for every property in this assembly (STYLE.md §6): 100 cases, quiet on success; raise MaxTest per method
// only on cheap properties, lower it on solver runs. The arbitraries are registered once here, so a property
// takes the wrapper types (GridSignal, ProbabilityDensity, …) directly and never a raw double.
// A failing property prints FsCheck's replay seed ("Replay: (…,…)"); pin it with [Property(Replay = "…")].
[assembly: Properties(
    MaxTest = 100,
    QuietOnSuccess = true,
    Arbitrary = [typeof(GridArbitraries), typeof(DensityArbitraries)])]
