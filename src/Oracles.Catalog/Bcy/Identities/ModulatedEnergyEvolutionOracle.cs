using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Core.Threading;

namespace Oracles.Catalog.Bcy.Identities;

/// <summary>
/// The evolution identity (2.15) of the modulated energy, evaluated on an SPB trajectory and an arbitrary smooth
/// fluid (ρ, u): the corrected form (<see cref="ModulatedEnergyEvolvesByCorrectedIdentity"/>) and the printed
/// form (<see cref="ModulatedEnergyEvolvesByPrintedIdentity"/>) differ only in the (2.13) term.
/// </summary>
/// <remarks>
/// <para>Identity (corrected per errata F18; catalogue BCY.E2.15): for every smooth (ρ, u) with ρ &gt; 0,</para>
/// <para>dℰ/dt = −∫e^V(∂_t log ρ + div u + u·∇log ρ) + ∫∂_tρ + Σ_j∫(∂_tu^j + (u·∇u)^j + ∂_j log ρ)(u^jρ_ħ − J^j)
/// + ε∫ΔV u·∇log ρ + ε∫∂_tΔV log(1/ρ) + 𝒯₃ + ε∫Du:(∇V⊗∇V) − (ε/2)∫|∇V|² div u,</para>
/// <para>where ½tr((iħ∂_j + u^j)∨f R) = ∫f(u^jρ_ħ − J^j) for real f (the (2.14) computation), and
/// 𝒯₃ = −¼Σ_{jk}tr((iħ∂_j+u^j)∨((iħ∂_k+u^k)∨∂_ku^j)R) is evaluated in operator form
/// (<see cref="FieldWorkspace.T3Operator"/>). The printed (2.13) has ∫∂_te^V log(1/ρ) in place of
/// ε∫∂_tΔV log(1/ρ) (a double count: ∂_te^V = ε∂_tΔV + ∂_tρ_ħ).</para>
/// <para>Time derivatives (dℰ/dt, ∂_t log ρ, ∂_t∫ρ, ∂_tu, ∂_tΔV, ∂_te^V) by the Richardson-extrapolated central
/// difference at centres with two samples on each side (<see cref="TimeStencil"/>).</para>
/// <para>Budget per centre: (i) sampling — the Richardson estimate of each differenced quantity, weighted by its
/// coefficient in the identity (|E_ℰ| + ∫e^V|E_logρ| + |E_∫ρ| + Σ_j∫|u^jρ_ħ − J^j||E_{u^j}| + ε∫|log ρ||E_ΔV|);
/// (ii) V noise — the PB solve leaves δV with ‖δV‖₂ ≤ ‖r‖₂/min e^V and ε‖ΔδV‖₂ ≤ ‖r‖₂(1 + max e^V/min e^V)
/// (r capped at the PB allowance), amplified by 1.5/h through the differences of ℰ and ΔV;
/// (iii) round-off — 1.5/h·8·eps·(1+log₂N)·ℰ-scale per solver step between samples, plus 8 terms ×
/// 8·eps·(1+log₂N)·Σ|terms|; (iv) spatial aliasing — Σ|terms| × (tail¼(ψ) + tail¼(V) + tail¼(u) + tail¼(log ρ));
/// (v) solver — Δt^p(|ℰ^{(p+1)}| + ε∫|log ρ||∂_t^{p+1}ΔV|), only when (i)–(iv) do not suffice and the provenance
/// gives Δt and p ≤ 3 (the identity holds for any (ρ, u), so the fluid's own solver error does not enter).</para>
/// </remarks>
public abstract class ModulatedEnergyEvolutionOracle : OracleBase
{
    /// <summary>True for the printed (2.13) term ∫∂_te^V log(1/ρ).</summary>
    private protected abstract bool Literal { get; }

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.Identity;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann];

    /// <inheritdoc/>
    public override string Requirements =>
        "An spb trajectory with ψ (V optional, solved when absent) and a fluid trajectory (ρ > 0, u) on the same grid and times, ≥ 5 equally spaced samples; Provenance.SolverTimeStep and SchemeOrder of the quantum run for the solver term.";

    /// <inheritdoc/>
    public override string TolerancePolicy =>
        "Per centre: weighted Richardson estimates (spacings h, 2h) of every time difference + PB-solve noise of V amplified by 1.5/h + round-off + quarter-band aliasing; the solver term Δt^p(|ℰ^(p+1)| + ε∫|log ρ||∂^(p+1)ΔV|) when needed and known.";

    /// <inheritdoc/>
    protected sealed override OracleResult EvaluateCore(OracleContext context)
    {
        if (Inputs.Quantum(context, Id, [.. Systems]) is { } missing)
        {
            return NotApplicable(missing);
        }

        if (Inputs.Fluid(context, Id, needDensity: true, needVelocity: true) is { } noFluid)
        {
            return NotApplicable(noFluid);
        }

        var q = context.Quantum!;
        var f = context.Fluid!;
        for (var k = 0; k < f.Count; k++)
        {
            foreach (var x in f.Density(k))
            {
                if (x <= 0)
                {
                    return NotApplicable($"{Id} needs ρ > 0 (log ρ appears in ℰ); the fluid density vanishes at t = {Fmt.G(f.Times[k])}.");
                }
            }
        }

        var centres = TimeStencil.Centres(q.Times);
        if (centres.Length == 0)
        {
            return Inconclusive($"{Id} differentiates ℰ, log ρ, u and ΔV in time from five equally spaced samples; the trajectories have {Fmt.I(q.Count)} samples and no such stencil. Record ≥ 5 samples at a constant interval.");
        }

        if (Potentials.For(q, out var noV) is not { } potentials)
        {
            return NotApplicable($"{Id}: {noV}");
        }

        return new Engine(this, q, f, new FieldWorkspace(q.Grid), potentials, Literal).Run(centres);
    }

    /// <summary>Builds a result for the engine (keeps the id and citation of this oracle).</summary>
    private OracleResult Make(OracleStatus status, double observed, ToleranceBudget budget, string message, string? where, IDictionary<string, double> details) =>
        Result(status, observed, 0, budget, message, where, details);

    /// <summary>The message of a failing corrected or printed identity.</summary>
    private protected abstract string FailMessage(double residual, string where, ToleranceBudget budget, double literalGap);

    private sealed class Engine
    {
        private readonly ModulatedEnergyEvolutionOracle owner;
        private readonly Trajectory q;
        private readonly Trajectory f;
        private readonly Potentials potentials;
        private readonly bool literal;
        private readonly int n;
        private readonly int d;
        private readonly double eps;
        private readonly double[] energy;
        private readonly double[] energyScale;
        private readonly double[] mass;
        private readonly double[] pbNoise;
        private readonly SharedFrames quantum;
        private readonly SharedFrames fluid;
        private readonly SharedFrames.PairFrames pair;
        private readonly Stack<CentreScratch> scratchPool = new();

        public Engine(ModulatedEnergyEvolutionOracle owner, Trajectory q, Trajectory f, FieldWorkspace ws, Potentials potentials, bool literal)
        {
            this.owner = owner;
            this.q = q;
            this.f = f;
            this.potentials = potentials;
            this.literal = literal;
            n = ws.N;
            d = ws.D;
            eps = q.Parameters.Epsilon;
            energy = new double[q.Count];
            energyScale = new double[q.Count];
            mass = new double[q.Count];
            pbNoise = new double[q.Count];
            quantum = SharedFrames.Of(q);
            fluid = SharedFrames.Of(f);
            pair = quantum.With(f);
            scratchPool.Push(new CentreScratch(n, d, ws));
        }

        public OracleResult Run(int[] centres)
        {
            var needed = new SortedSet<int>();
            foreach (var c in centres)
            {
                for (var k = c - 2; k <= c + 2; k++)
                {
                    needed.Add(k);
                }
            }

            foreach (var k in needed)
            {
                var v = potentials.Frame(k);
                var rho = f.Density(k);
                var me = pair.ModulatedEnergy(k);
                energy[k] = me.Total;
                energyScale[k] = me.Kinetic + me.Field + me.Entropy;
                mass[k] = Quadrature.Integrate(q.Grid, rho);

                // V noise: ‖δV‖₂ ≤ ‖r‖₂/min e^V (the PB operator is ≥ min e^V), r capped at the PB allowance.
                var (res, allowance) = quantum.PbResidual(k);
                var used = Math.Min(res, allowance);
                double minExp = double.PositiveInfinity, maxExp = 0, g = 0, lr = 0;
                var r = quantum.LapV(k);
                var expV = quantum.ExpV(k);
                var logRho = fluid.LogRho(k);
                for (var i = 0; i < n; i++)
                {
                    var ev = expV[i];
                    minExp = Math.Min(minExp, ev);
                    maxExp = Math.Max(maxExp, ev);
                    var gi = (-eps * r[i]) + (ev * (v[i] - logRho[i]));
                    g += gi * gi;
                    lr += logRho[i] * logRho[i];
                }

                var dv = used / minExp;
                var lapTerm = literal ? maxExp * dv : used * (1 + (maxExp / minExp));
                pbNoise[k] = (Math.Sqrt(g * q.Grid.CellVolume) * dv) + (Math.Sqrt(lr * q.Grid.CellVolume) * lapTerm);
            }

            return Judge(centres);
        }

        /// <summary>The field whose time derivative enters the (2.13) term: e^V as printed, ΔV corrected.</summary>
        private double[] Differenced(int k) => literal ? quantum.ExpV(k) : quantum.LapV(k);

        private OracleResult Judge(int[] centres)
        {
            // Map: every centre on its own (in parallel, each with leased scratch); reduce: in centre order, as before.
            // The shared quantities are requested once here first, so that each is filled frames-in-parallel up front.
            var first = centres[0];
            _ = (quantum.Density(first), quantum.Current(first), quantum.QuarterTailPsi(first), Differenced(first));
            _ = (fluid.LogRho(first), fluid.VelocityGradient(first), fluid.DivU(first), fluid.QuarterTailsU(first), pair.T3(first));
            var results = new Centre[centres.Length];
            ParallelChunks.Run(new CentreJob(this, centres, results), centres.Length);
            var worstRatio = double.NegativeInfinity;
            (double Residual, Items? Items, OracleStatus Status, int Centre, double Gap) worst = (0, null, OracleStatus.Pass, centres[0], 0);
            var needsSolver = false;
            var maxResidual = 0.0;
            foreach (var r in results)
            {
                needsSolver |= r.NeedsSolver;
                maxResidual = Math.Max(maxResidual, r.Residual);
                var ratio = r.Residual / r.Total;
                if (ratio > worstRatio)
                {
                    worstRatio = ratio;
                    worst = (r.Residual, r.Items, r.Status, r.Index, r.Gap);
                }
            }

            var solverKnown = Inputs.IsExact(q) || (q.Provenance.SolverTimeStep is > 0 && q.Provenance.SchemeOrder is >= 1 and <= 3);
            var budget = worst.Items is { } worstItems ? Budget(worstItems) : ToleranceBudget.None;
            var details = new Dictionary<string, double>
            {
                ["centres"] = centres.Length,
                ["maxResidual"] = maxResidual,
                ["worstRatio"] = worstRatio,
                ["t"] = q.Times[worst.Centre],
            };
            var where = $"t = {Fmt.G(q.Times[worst.Centre])}";
            if (needsSolver && !solverKnown)
            {
                return owner.Make(
                    OracleStatus.Inconclusive, worst.Residual, budget,
                    $"|dℰ/dt − RHS(2.15)| = {Fmt.E(worst.Residual)} at {where} exceeds what sampling, V noise, round-off and aliasing explain ({Fmt.E(budget.Total)}), and the quantum solver's error cannot be budgeted: set Provenance.SolverTimeStep and SchemeOrder (≤ 3).",
                    where, details);
            }

            var message = worst.Status == OracleStatus.Pass
                ? $"(2.15){(literal ? " as printed" : string.Empty)} holds at all {Fmt.I(centres.Length)} centres; worst |dℰ/dt − RHS| = {Fmt.E(worst.Residual)} at {where}, {Fmt.G(100 * worstRatio)} % of its budget."
                : owner.FailMessage(worst.Residual, where, budget, worst.Gap);
            return owner.Make(worst.Status, worst.Residual, budget, message, where, details);
        }

        /// <summary>The residual of (2.15) at centre c and its budget items (the per-centre body of <see cref="Judge"/>).</summary>
        private Centre Evaluate(int c, CentreScratch scratch)
        {
            var dtSolver = q.Provenance.SolverTimeStep;
            var order = q.Provenance.SchemeOrder;
            var exact = Inputs.IsExact(q);
            var solverKnown = exact || (dtSolver is > 0 && order is >= 1 and <= 3);
            var (dLogRho, eLogRho, dU, eU, dLap, eLap) = (scratch.DLogRho, scratch.ELogRho, scratch.DU, scratch.EU, scratch.DLap, scratch.ELap);
            var (gradLogRho, gradV, terms, cws) = (scratch.GradLogRho, scratch.GradV, scratch.Terms, scratch.Ws);

            var hs = TimeStencil.Spacing(q.Times, c);
            TimeStencil.Field(fluid.LogRho(c - 2), fluid.LogRho(c - 1), fluid.LogRho(c + 1), fluid.LogRho(c + 2), hs, dLogRho, eLogRho);
            TimeStencil.Field(f.Velocity(c - 2), f.Velocity(c - 1), f.Velocity(c + 1), f.Velocity(c + 2), hs, dU, eU);
            TimeStencil.Field(Differenced(c - 2), Differenced(c - 1), Differenced(c + 1), Differenced(c + 2), hs, dLap, eLap);
            var dE = TimeStencil.First(energy[c - 2], energy[c - 1], energy[c + 1], energy[c + 2], hs);
            var eE = TimeStencil.Error(energy[c - 2], energy[c - 1], energy[c + 1], energy[c + 2], hs);
            var dMass = TimeStencil.First(mass[c - 2], mass[c - 1], mass[c + 1], mass[c + 2], hs);
            var eMass = TimeStencil.Error(mass[c - 2], mass[c - 1], mass[c + 1], mass[c + 2], hs);

            var v = potentials.Frame(c);
            var u = f.Velocity(c);
            var lr = fluid.LogRho(c);
            var lap = quantum.LapV(c);
            var expV = quantum.ExpV(c);
            var rhoQ = quantum.Density(c);
            var current = quantum.Current(c);
            var grad = fluid.VelocityGradient(c);
            var t3 = pair.T3(c);
            var tailsU = fluid.QuarterTailsU(c);
            var tailPsi = quantum.QuarterTailPsi(c);
            var divU = fluid.DivU(c);
            cws.Ops.Gradient(lr, gradLogRho);
            cws.Ops.Gradient(v, gradV);

            // term 1: −∫e^V(∂_t log ρ + div u + u·∇log ρ); sampling weight ∫e^V|E_logρ|.
            double s1 = 0, w1 = 0;
            double s4 = 0, s7 = 0, s8 = 0, w3 = 0, s3 = 0, s5 = 0, w5 = 0;
            for (var i = 0; i < n; i++)
            {
                var ev = expV[i];
                double uGradLogRho = 0, gradV2 = 0, dvDuDv = 0;
                for (var a = 0; a < d; a++)
                {
                    uGradLogRho += u[(a * n) + i] * gradLogRho[(a * n) + i];
                    gradV2 += gradV[(a * n) + i] * gradV[(a * n) + i];
                    for (var b = 0; b < d; b++)
                    {
                        dvDuDv += grad[(((a * d) + b) * n) + i] * gradV[(a * n) + i] * gradV[(b * n) + i];
                    }
                }

                s1 += ev * (dLogRho[i] + divU[i] + uGradLogRho);
                w1 += ev * Math.Abs(eLogRho[i]);
                for (var j = 0; j < d; j++)
                {
                    var adv = 0.0;
                    for (var k = 0; k < d; k++)
                    {
                        adv += u[(k * n) + i] * grad[(((j * d) + k) * n) + i];
                    }

                    var fj = dU[(j * n) + i] + adv + gradLogRho[(j * n) + i];
                    var weight = (u[(j * n) + i] * rhoQ[i]) - current[(j * n) + i];
                    s3 += fj * weight;
                    w3 += Math.Abs(weight) * Math.Abs(eU[(j * n) + i]);
                }

                s4 += lap[i] * uGradLogRho;
                var coefficient = literal ? 1.0 : eps;
                s5 += -coefficient * dLap[i] * lr[i];
                w5 += coefficient * Math.Abs(lr[i]) * Math.Abs(eLap[i]);
                s7 += dvDuDv;
                s8 += gradV2 * divU[i];
            }

            var cell = q.Grid.CellVolume;
            terms[0] = -s1 * cell;
            terms[1] = dMass;
            terms[2] = s3 * cell;
            terms[3] = eps * s4 * cell;
            terms[4] = s5 * cell;
            terms[5] = t3;
            terms[6] = eps * s7 * cell;
            terms[7] = -0.5 * eps * s8 * cell;
            var rhs = terms.Sum();
            var residual = Math.Abs(dE - rhs);
            var termScale = terms.Sum(Math.Abs);
            var stepsBetween = dtSolver is > 0 ? Math.Max(1, hs / dtSolver.Value) : 1;
            var noise = 0.0;
            var scale = 0.0;
            for (var k = c - 2; k <= c + 2; k++)
            {
                noise = Math.Max(noise, pbNoise[k]);
                scale = Math.Max(scale, energyScale[k]);
            }

            var tails = tailPsi + cws.QuarterBandTail(v) + tailsU[0] + cws.QuarterBandTail(lr);
            for (var a = 1; a < d; a++)
            {
                tails += tailsU[a];
            }

            // The budget's items (reasons in Budget, formed for the worst centre only); total as ToleranceBudget.Total sums it.
            var items = new Items(
                hs,
                Math.Abs(eE) + (w1 * cell) + Math.Abs(eMass) + (w3 * cell) + (w5 * cell),
                TimeStencil.NoiseGain / hs * noise,
                (TimeStencil.NoiseGain / hs * RoundOff.Spectral(scale, n) * (1 + stepsBetween)) + (terms.Length * RoundOff.Spectral(termScale, n)),
                termScale * tails,
                null);
            var total = 0.0 + items.Sampling + items.VNoise + items.RoundOff + items.Aliasing;
            var status = residual <= total ? OracleStatus.Pass : OracleStatus.Fail;
            var needsSolver = false;
            if (status == OracleStatus.Fail && !exact)
            {
                needsSolver = true;
                if (solverKnown)
                {
                    var p = order!.Value;
                    var dEp = Math.Abs(TimeStencil.Higher(p + 1, energy[c - 2], energy[c - 1], energy[c], energy[c + 1], energy[c + 2], hs));
                    var (fm2, fm1, f0, fp1, fp2) = (Differenced(c - 2), Differenced(c - 1), Differenced(c), Differenced(c + 1), Differenced(c + 2));
                    double s = 0;
                    for (var i = 0; i < n; i++)
                    {
                        s += Math.Abs(lr[i]) * Math.Abs(TimeStencil.Higher(p + 1, fm2[i], fm1[i], f0[i], fp1[i], fp2[i], hs));
                    }

                    var coefficient = literal ? 1.0 : eps;
                    items = items with { Solver = Math.Pow(dtSolver!.Value, p) * (dEp + (coefficient * s * cell)) };
                    total += items.Solver.Value;
                    status = residual <= total ? OracleStatus.Pass : OracleStatus.Fail;
                }
            }

            return new Centre(c, residual, total, items, status, needsSolver, terms[4]);
        }

        /// <summary>The scratch of one centre's evaluation (leased from <see cref="scratchPool"/>).</summary>
        private CentreScratch RentScratch()
        {
            lock (scratchPool)
            {
                if (scratchPool.Count > 0)
                {
                    return scratchPool.Pop();
                }
            }

            return new CentreScratch(n, d, new FieldWorkspace(q.Grid));
        }

        /// <summary>The budget of a centre from its items, with the reasons.</summary>
        private ToleranceBudget Budget(Items items)
        {
            var budget = ToleranceBudget.None
                .With(
                    ToleranceSource.Discretization,
                    items.Sampling,
                    $"sampling: Richardson estimates (h = {Fmt.E(items.H)}) |E_ℰ| + ∫e^V|E_logρ| + |E_∫ρ| + Σ∫|uρ_ħ − J||E_u| + {(literal ? "∫|log ρ||E_e^V|" : "ε∫|log ρ||E_ΔV|")}")
                .With(ToleranceSource.RoundOff, items.VNoise, "V noise: 1.5/h·(‖δℰ/δV‖₂‖δV‖₂ + ‖log ρ‖₂·ε‖ΔδV‖₂), PB residual capped at the allowance")
                .With(ToleranceSource.RoundOff, items.RoundOff, "round-off: 1.5/h·8·eps·(1+log₂N)·ℰ-scale·(1 + steps between samples) + 8 terms × 8·eps·(1+log₂N)·Σ|terms|")
                .With(ToleranceSource.Discretization, items.Aliasing, "spatial aliasing: Σ|terms|·(tail¼(ψ) + tail¼(V) + tail¼(u) + tail¼(log ρ))");
            if (items.Solver is { } solver)
            {
                var p = q.Provenance.SchemeOrder!.Value;
                budget = budget.With(
                    ToleranceSource.Discretization,
                    solver,
                    $"solver: Δt^p(|ℰ^({p + 1})| + ε∫|log ρ||∂_t^({p + 1})ΔV|), Δt = {Fmt.E(q.Provenance.SolverTimeStep!.Value)}, p = {p}");
            }

            return budget;
        }

        /// <summary>The budget items of one centre (the solver item only when it was needed and known).</summary>
        private readonly record struct Items(double H, double Sampling, double VNoise, double RoundOff, double Aliasing, double? Solver);

        /// <summary>One centre's outcome: residual, budget total and items, verdict, whether the solver item was needed, the (2.13) term.</summary>
        private readonly record struct Centre(int Index, double Residual, double Total, Items Items, OracleStatus Status, bool NeedsSolver, double Gap);

        /// <summary>Per-thread scratch of <see cref="Evaluate"/>.</summary>
        private sealed class CentreScratch(int n, int d, FieldWorkspace ws)
        {
            public double[] DLogRho { get; } = new double[n];

            public double[] ELogRho { get; } = new double[n];

            public double[] DU { get; } = new double[d * n];

            public double[] EU { get; } = new double[d * n];

            public double[] DLap { get; } = new double[n];

            public double[] ELap { get; } = new double[n];

            public double[] GradLogRho { get; } = new double[d * n];

            public double[] GradV { get; } = new double[d * n];

            public double[] Terms { get; } = new double[8];

            public FieldWorkspace Ws { get; } = ws;
        }

        /// <summary>Chunk i evaluates centre i into its own slot of the results.</summary>
        private sealed class CentreJob(Engine engine, int[] centres, Centre[] results) : IChunkJob
        {
            public void Execute(int chunk)
            {
                var scratch = engine.RentScratch();
                try
                {
                    results[chunk] = engine.Evaluate(centres[chunk], scratch);
                }
                finally
                {
                    lock (engine.scratchPool)
                    {
                        engine.scratchPool.Push(scratch);
                    }
                }
            }
        }
    }
}
