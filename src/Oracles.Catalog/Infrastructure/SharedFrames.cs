using System.Numerics;
using System.Runtime.CompilerServices;
using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Systems.SchrodingerPoissonBoltzmann;

namespace Oracles.Catalog.Infrastructure;

/// <summary>
/// The derived quantities of the frames of one trajectory that several oracles need, computed once per frame and shared
/// by every oracle that judges the same <see cref="Trajectory"/> instance (one <c>oracles check</c>, one demo scenario,
/// one test): for a quantum trajectory ∫|ψ|², |ψ|², ∂ψ, J, V (<see cref="Infrastructure.Potentials"/>), e^V, ΔV, the PB
/// residual, ½ħ²‖∇ψ‖², 𝒱, ∫Ve^V, tail¼(ψ); for a fluid one log ρ, ∇u, div u, Δdiv u, tail¼(u^a); for a quantum–fluid pair
/// (<see cref="PairFrames"/>) A_jψ, 𝒦, ℰ, 𝒯₃ and memoised per-frame sums of oracle families.
/// </summary>
/// <remarks>
/// <para>Every quantity is computed by the same arithmetic, on the same inputs, as the oracle (or the
/// <see cref="SpbFunctionals"/> call) that needs it computed it before — J, 𝒦 and ℰ from one spectral derivative ∂ψ
/// instead of one each, the PB residual from the shared ΔV and e^V — so a shared value is bit-identical to a private one
/// (tests/Oracles.Tests/Catalog/SharedFramesTests.cs): sharing changes the cost of a check, never a number in it.</para>
/// <para>Lifetime and memory: the cache lives as long as the trajectory (a <see cref="ConditionalWeakTable{TKey, TValue}"/>
/// keyed by the instance; trajectories are immutable). Scalars are kept for every frame. A field kind is kept for
/// every frame while all its frames take at most <see cref="RetainBytes"/>; beyond that only the last
/// <see cref="Window"/> frames computed are kept (a five-point stencil and slack), so large 3-D trajectories cost
/// O(<see cref="Window"/>·N) extra memory per field kind, as the per-oracle caches did, and share only scalars.</para>
/// <para>Notation: ∂ψ ↔ <c>DPsi</c> (∂_aψ for a = 0 … d − 1, one after the other), A_jψ = iħ∂_jψ + u^jψ ↔ <c>APsi</c>.</para>
/// <para>Parallelism: the first request of a kept quantity computes it for every frame at once, frames spread over
/// <see cref="Oracles.Core.Threading.ParallelChunks"/> (<see cref="FrameCache{T}.Fill"/>); each frame's value is the same
/// whichever thread computes it, so results do not depend on the thread count (<c>ORACLES_THREADS</c>).</para>
/// </remarks>
/// <threadsafety>Thread-safe and lock-free: every computation leases its own scratch (<see cref="FieldWorkspace"/>), a
/// frame computed twice by racing threads gives the same bits, and fields handed out are never written again.</threadsafety>
internal sealed class SharedFrames
{
    /// <summary>All frames of a field kind are kept while they take at most this many bytes (32 MiB).</summary>
    public const long RetainBytes = 32L << 20;

    /// <summary>Frames of a field kind kept beyond <see cref="RetainBytes"/>: a five-point stencil plus slack.</summary>
    public const int Window = 8;

    private static readonly ConditionalWeakTable<Trajectory, SharedFrames> Table = new();

    private readonly object gate = new();
    private readonly Stack<FieldWorkspace> idle = new();
    private readonly Trajectory t;
    private readonly int n;
    private readonly int d;
    private readonly ConditionalWeakTable<Trajectory, PairFrames> pairs = new();
    private double maxK2 = -1;
    private FrameScalars? mass;
    private FrameScalars? kinetic;
    private FrameScalars? fieldEnergy;
    private FrameScalars? boltzmann;
    private FrameScalars? tailPsi;
    private FrameCache<PbResidualFrame>? pbResidual;
    private FrameCache<double[]>? density;
    private FrameCache<Complex[]>? dPsi;
    private FrameCache<double[]>? current;
    private FrameCache<double[]>? expV;
    private FrameCache<double[]>? lapV;
    private FrameCache<double[]>? logRho;
    private FrameCache<double[]>? velocityGradient;
    private FrameCache<double[]>? tailsU;
    private FrameCache<double[]>? divU;
    private FrameCache<double[]>? lapDivU;
    private Potentials? potentials;
    private string? noPotentials;
    private bool potentialsResolved;

    private SharedFrames(Trajectory t)
    {
        this.t = t;
        n = t.Grid.Count;
        d = t.Grid.Dimension;
    }

    /// <summary>The shared frames of a trajectory.</summary>
    public static SharedFrames Of(Trajectory t) => Table.GetValue(t, static t => new SharedFrames(t));

    /// <summary>∫|ψ|² of frame k (<see cref="Quadrature.Mass"/>).</summary>
    public double Mass(int k) => TryPeek(ref mass, k, out var ready) ? ready : Scalar(ref mass, k, i => Quadrature.Mass(t.Grid, t.Psi(i)));

    /// <summary>ρ_ħ = |ψ|² of frame k (<see cref="SpbFunctionals.Density"/>).</summary>
    public double[] Density(int k) => Peek(ref density, k) ?? Field(ref density, k, 1, i =>
    {
        var r = new double[n];
        using var lease = Lease();
        lease.Ws.Functionals.Density(t.Psi(i), r);
        return r;
    });

    /// <summary>∂_aψ of frame k, a = 0 … d − 1 one after the other (<see cref="Oracles.Core.Spectral.SpectralOperators.Derivative(ReadOnlySpan{Complex}, int, Span{Complex})"/>).</summary>
    public Complex[] DPsi(int k) => Peek(ref dPsi, k) ?? Field(ref dPsi, k, 2 * d, i =>
    {
        var psi = t.Psi(i);
        var r = new Complex[d * n];
        using var lease = Lease();
        for (var a = 0; a < d; a++)
        {
            lease.Ws.Ops.Derivative(psi, a, r.AsSpan(a * n, n));
        }

        return r;
    });

    /// <summary>J = ħ Im(ψ̄∇ψ) of frame k, d components, formed from ∂ψ exactly as <see cref="SpbFunctionals.Current"/> forms it.</summary>
    public double[] Current(int k) => Peek(ref current, k) ?? Field(ref current, k, d, i =>
    {
        var psi = t.Psi(i);
        var dpsi = DPsi(i);
        var hbar = t.Parameters.Hbar;
        var j = new double[d * n];
        for (var a = 0; a < d; a++)
        {
            for (var p = 0; p < n; p++)
            {
                // Im(ψ̄ ∂ψ) = Re ψ · Im ∂ψ − Im ψ · Re ∂ψ.
                var dp = dpsi[(a * n) + p];
                j[(a * n) + p] = hbar * ((psi[p].Real * dp.Imaginary) - (psi[p].Imaginary * dp.Real));
            }
        }

        return j;
    });

    /// <summary>The trajectory's potentials (recorded or solved once, shared), or null with the reason.</summary>
    public Potentials? Potentials(out string? reason)
    {
        if (!Volatile.Read(ref potentialsResolved))
        {
            lock (gate)
            {
                if (!potentialsResolved)
                {
                    if (!t.HasPotential && t.Parameters.Epsilon == 0)
                    {
                        noPotentials = "the trajectory has no V frames and ε = 0, so V cannot be reconstructed from |ψ|²; record V.";
                    }
                    else
                    {
                        potentials = new Potentials(t);
                    }

                    Volatile.Write(ref potentialsResolved, true);
                }
            }
        }

        reason = noPotentials;
        return potentials;
    }

    /// <summary>e^V of frame k (call only when <see cref="Potentials"/> is not null).</summary>
    public double[] ExpV(int k) => Peek(ref expV, k) ?? Field(ref expV, k, 1, i =>
    {
        var v = V(i);
        var m = new double[n];
        for (var p = 0; p < n; p++)
        {
            m[p] = Math.Exp(v[p]);
        }

        return m;
    });

    /// <summary>ΔV of frame k (<see cref="Oracles.Core.Spectral.SpectralOperators.Laplacian(ReadOnlySpan{double}, Span{double})"/>).</summary>
    public double[] LapV(int k) => Peek(ref lapV, k) ?? Field(ref lapV, k, 1, i =>
    {
        var v = V(i);
        var r = new double[n];
        using var lease = Lease();
        lease.Ws.Ops.Laplacian(v, r);
        return r;
    });

    /// <summary>‖−εΔV − |ψ|² + e^V‖₂ of frame k and its allowance (<c>Potentials.PbResidual</c>, from the shared ΔV and e^V).</summary>
    public (double Residual, double Allowance) PbResidual(int k)
    {
        var r = Peek(ref pbResidual, k) ?? Field(ref pbResidual, k, 0, i =>
        {
            var (h, lap, ev) = (Density(i), LapV(i), ExpV(i));
            var v = V(i);
            using var lease = Lease();
            if (Volatile.Read(ref maxK2) < 0)
            {
                Volatile.Write(ref maxK2, Infrastructure.Potentials.MaxK2(lease.Ws.Ops));
            }

            var (residual, allowance) = Infrastructure.Potentials.PbResidual(t.Grid, t.Parameters.Epsilon, h, v, lap, ev, lease.Ws.RealScratch, maxK2);
            return new PbResidualFrame(residual, allowance);
        });
        return (r.Residual, r.Allowance);
    }

    /// <summary>½ħ²‖∇ψ‖² of frame k (<see cref="SpbFunctionals.KineticEnergy"/>).</summary>
    public double KineticEnergy(int k) => TryPeek(ref kinetic, k, out var ready) ? ready : Scalar(ref kinetic, k, i =>
    {
        using var lease = Lease();
        return lease.Ws.Functionals.KineticEnergy(t.Parameters.Hbar, t.Psi(i));
    });

    /// <summary>𝒱 = (ε/2)‖∇V‖² of frame k (<see cref="SpbFunctionals.FieldEnergy"/>).</summary>
    public double FieldEnergy(int k) => TryPeek(ref fieldEnergy, k, out var ready) ? ready : Scalar(ref fieldEnergy, k, i =>
    {
        var v = V(i);
        using var lease = Lease();
        return lease.Ws.Functionals.FieldEnergy(t.Parameters.Epsilon, v);
    });

    /// <summary>∫Ve^V of frame k, summed exactly as <see cref="SpbFunctionals.BoltzmannEntropy"/> sums it.</summary>
    public double BoltzmannEntropy(int k) => TryPeek(ref boltzmann, k, out var ready) ? ready : Scalar(ref boltzmann, k, i =>
    {
        // Σ V e^V as SpbFunctionals.BoltzmannEntropy forms it, with the shared e^V.
        var ev = ExpV(i);
        var v = V(i);
        using var lease = Lease();
        var integrand = lease.Ws.RealScratch;
        for (var p = 0; p < n; p++)
        {
            integrand[p] = v[p] * ev[p];
        }

        return Quadrature.Integrate(t.Grid, integrand);
    });

    /// <summary>tail¼(ψ) of frame k (<see cref="FieldWorkspace.QuarterBandTail(ReadOnlySpan{Complex})"/>).</summary>
    public double QuarterTailPsi(int k) => TryPeek(ref tailPsi, k, out var ready) ? ready : Scalar(ref tailPsi, k, i =>
    {
        using var lease = Lease();
        return lease.Ws.QuarterBandTail(t.Psi(i));
    });

    /// <summary>log ρ of fluid frame k.</summary>
    public double[] LogRho(int k) => Peek(ref logRho, k) ?? Field(ref logRho, k, 1, i =>
    {
        var rho = t.Density(i);
        var r = new double[n];
        for (var p = 0; p < n; p++)
        {
            r[p] = Math.Log(rho[p]);
        }

        return r;
    });

    /// <summary>∇u of fluid frame k: grad[(j·d + k)·N + i] = ∂_k u^j (<see cref="FieldWorkspace.VelocityGradient"/>).</summary>
    public double[] VelocityGradient(int k) => Peek(ref velocityGradient, k) ?? Field(ref velocityGradient, k, d * d, i =>
    {
        var g = new double[d * d * n];
        using var lease = Lease();
        lease.Ws.VelocityGradient(t.Velocity(i), g);
        return g;
    });

    /// <summary>div u of fluid frame k (<see cref="Oracles.Core.Spectral.SpectralOperators.Divergence"/>).</summary>
    public double[] DivU(int k) => Peek(ref divU, k) ?? Field(ref divU, k, 1, i =>
    {
        var r = new double[n];
        using var lease = Lease();
        lease.Ws.Ops.Divergence(t.Velocity(i), r);
        return r;
    });

    /// <summary>Δ div u of fluid frame k, from the shared div u (<see cref="FieldWorkspace.LaplacianOfDivergence"/>).</summary>
    public double[] LapDivU(int k) => Peek(ref lapDivU, k) ?? Field(ref lapDivU, k, 1, i =>
    {
        var div = DivU(i);
        var r = new double[n];
        using var lease = Lease();
        lease.Ws.LaplacianOfDivergenceFrom(div, r);
        return r;
    });

    /// <summary>tail¼(u^a) of fluid frame k, one per component a.</summary>
    public double[] QuarterTailsU(int k) => Peek(ref tailsU, k) ?? Field(ref tailsU, k, 0, i =>
    {
        var u = t.Velocity(i);
        var tails = new double[d];
        using var lease = Lease();
        for (var a = 0; a < d; a++)
        {
            tails[a] = lease.Ws.QuarterBandTail(u.Slice(a * n, n));
        }

        return tails;
    });

    /// <summary>The quantities of this (quantum) trajectory paired with a fluid trajectory on the same grid and times.</summary>
    public PairFrames With(Trajectory fluid) => pairs.GetValue(fluid, f => new PairFrames(this, Of(f)));

    /// <summary>Scratch for one computation, returned to this instance's pool when disposed (one per running computation).</summary>
    private ScratchLease Lease()
    {
        lock (idle)
        {
            if (idle.Count > 0)
            {
                return new ScratchLease(idle, idle.Pop());
            }
        }

        return new ScratchLease(idle, new FieldWorkspace(t.Grid));
    }

    private ReadOnlySpan<double> V(int i) => Potentials(out _)!.Frame(i);

    /// <summary>Frames kept of a field kind with <paramref name="doubles"/> × N doubles per frame (0: a few numbers).</summary>
    private int Capacity(int doubles) =>
        (long)t.Count * doubles * n * sizeof(double) <= RetainBytes ? int.MaxValue : Window;

    /// <summary>The kept value of frame k, or null: the lock-free fast path (no delegate is allocated before the slow path).</summary>
    private static TValue? Peek<TValue>(ref FrameCache<TValue>? field, int k)
        where TValue : class => Volatile.Read(ref field)?.Peek(k);

    private static bool TryPeek(ref FrameScalars? field, int k, out double value)
    {
        if (Volatile.Read(ref field) is { } ready)
        {
            return ready.TryPeek(k, out value);
        }

        value = 0;
        return false;
    }

    /// <summary>The slow path of a scalar: create its cache (first caller wins), fill every frame, return frame k.</summary>
    private double Scalar(ref FrameScalars? field, int k, Func<int, double> compute)
    {
        var cache = Volatile.Read(ref field) ?? Interlocked.CompareExchange(ref field, new FrameScalars(t.Count, compute), null) ?? field!;
        cache.Fill();
        return cache[k];
    }

    /// <summary>The slow path of a field: create its cache (first caller wins), fill every frame when all are kept, return frame k.</summary>
    private TValue Field<TValue>(ref FrameCache<TValue>? field, int k, int doubles, Func<int, TValue> compute)
        where TValue : class
    {
        var cache = Volatile.Read(ref field) ?? Interlocked.CompareExchange(ref field, new FrameCache<TValue>(t.Count, compute, Capacity(doubles)), null) ?? field!;
        cache.Fill();
        return cache[k];
    }

    private sealed record PbResidualFrame(double Residual, double Allowance);

    /// <summary>A leased workspace; disposing returns it to the pool.</summary>
    private readonly struct ScratchLease(Stack<FieldWorkspace> pool, FieldWorkspace ws) : IDisposable
    {
        public FieldWorkspace Ws => ws;

        public void Dispose()
        {
            lock (pool)
            {
                pool.Push(ws);
            }
        }
    }

    /// <summary>The quantities of a quantum trajectory and a fluid trajectory judged together (same grid and times).</summary>
    /// <threadsafety>Thread-safe and lock-free, as <see cref="SharedFrames"/>.</threadsafety>
    internal sealed class PairFrames
    {
        private readonly SharedFrames q;
        private readonly SharedFrames f;
        private readonly object gate = new();
        private FrameCache<Complex[]>? aPsi;
        private FrameScalars? modulatedKinetic;
        private FrameCache<ModulatedEnergy>? modulatedEnergy;
        private FrameScalars? t3;
        private Dictionary<string, object>? memos;

        public PairFrames(SharedFrames q, SharedFrames f)
        {
            this.q = q;
            this.f = f;
        }

        /// <summary>A_jψ = iħ∂_jψ + u^jψ of frame k, j = 0 … d − 1 one after the other (<see cref="FieldWorkspace.ApplyA(double, ReadOnlySpan{Complex}, ReadOnlySpan{Complex}, ReadOnlySpan{double}, int, Span{Complex})"/>).</summary>
        public Complex[] APsi(int k) => Peek(ref aPsi, k) ?? q.Field(ref aPsi, k, 2 * q.d, i =>
        {
            var psi = q.t.Psi(i);
            var dpsi = q.DPsi(i);
            var u = f.t.Velocity(i);
            var r = new Complex[q.d * q.n];
            using var lease = q.Lease();
            for (var j = 0; j < q.d; j++)
            {
                lease.Ws.ApplyA(q.t.Parameters.Hbar, psi, dpsi.AsSpan(j * q.n, q.n), u, j, r.AsSpan(j * q.n, q.n));
            }

            return r;
        });

        /// <summary>𝒦 = ½Σ_j‖A_jψ‖² of frame k, summed exactly as <see cref="SpbFunctionals.ModulatedKineticEnergy"/> sums it.</summary>
        public double ModulatedKinetic(int k) => TryPeek(ref modulatedKinetic, k, out var ready) ? ready : q.Scalar(ref modulatedKinetic, k, i =>
        {
            var a = APsi(i);
            using var lease = q.Lease();
            var square = lease.Ws.RealScratch;
            var total = 0.0;
            for (var j = 0; j < q.d; j++)
            {
                for (var p = 0; p < q.n; p++)
                {
                    var z = a[(j * q.n) + p];
                    square[p] = (z.Real * z.Real) + (z.Imaginary * z.Imaginary);
                }

                total += Quadrature.Integrate(q.t.Grid, square);
            }

            return 0.5 * total;
        });

        /// <summary>ℰ = 𝒦 + 𝒱 + ∫(m log(m/ρ) − m + ρ) of frame k, term by term as <see cref="SpbFunctionals.ModulatedEnergy"/> (needs V and ρ &gt; 0).</summary>
        public ModulatedEnergy ModulatedEnergy(int k) => Peek(ref modulatedEnergy, k) ?? q.Field(ref modulatedEnergy, k, 0, i =>
        {
            Guard.AllFinite(q.V(i), "v");
            var (kinetic, field, m) = (ModulatedKinetic(i), q.FieldEnergy(i), q.ExpV(i));
            using var lease = q.Lease();
            return new ModulatedEnergy(kinetic, field, lease.Ws.Functionals.RelativeEntropy(m, f.t.Density(i)));
        });

        /// <summary>𝒯₃ of frame k in operator form (<see cref="FieldWorkspace.T3Operator"/>).</summary>
        public double T3(int k) => TryPeek(ref t3, k, out var ready) ? ready : q.Scalar(ref t3, k, i =>
        {
            var (grad, a) = (f.VelocityGradient(i), APsi(i));
            using var lease = q.Lease();
            return lease.Ws.T3Operator(q.t.Parameters.Hbar, q.t.Psi(i), f.t.Velocity(i), grad, a);
        });

        /// <summary>
        /// A per-frame value that several oracles of one family share (e.g. the current-defect sums of the √2 and 2
        /// forms), computed once per frame by <paramref name="compute"/> and kept for every frame (keep it small: scalars,
        /// not fields). <paramref name="key"/> names the computation; every caller with the same key must pass an
        /// equivalent computation. It may run on several threads at once (frames in parallel) and use the other shared
        /// quantities.
        /// </summary>
        public TValue Memo<TValue>(string key, int k, Func<int, TValue> compute)
            where TValue : class
        {
            FrameCache<TValue> cache;
            lock (gate)
            {
                memos ??= new Dictionary<string, object>(StringComparer.Ordinal);
                if (!memos.TryGetValue(key, out var kept))
                {
                    kept = new FrameCache<TValue>(q.t.Count, compute);
                    memos[key] = kept;
                }

                cache = (FrameCache<TValue>)kept;
            }

            cache.Fill();
            return cache[k];
        }
    }
}
