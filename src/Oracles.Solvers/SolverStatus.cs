using Oracles.Core;

namespace Oracles.Solvers;

/// <summary>How a reference-solver run ended. A numerical outcome is a value, not an exception (SciML <c>ReturnCode</c>).</summary>
public enum SolverStatus
{
    /// <summary>Every requested step was taken and every state was finite (and, for Euler, smooth).</summary>
    Success,

    /// <summary>The state became NaN or ±∞.</summary>
    NonFinite,

    /// <summary>The run needed more steps than allowed.</summary>
    MaxStepsExceeded,

    /// <summary>The time step violates the scheme's linear stability limit, or an inner solve (Poisson–Boltzmann) failed.</summary>
    StabilityLimitViolated,

    /// <summary>
    /// The solution is no longer resolved as a smooth function (a shock is forming): the spectral tail of the state or
    /// of the nonlinear terms exceeded the threshold, or a value became non-finite. The message gives the time.
    /// </summary>
    LeftSmoothRegime,
}

/// <summary>
/// Thrown by callers that need a successful run (for example the demo problems) when a reference solver reports
/// anything other than <see cref="SolverStatus.Success"/>. The solvers themselves return the status in a
/// <see cref="SolverRun"/> instead of throwing.
/// </summary>
public sealed class SolverFailedException : Exception
{
    /// <summary>Creates the exception with status <see cref="SolverStatus.NonFinite"/> and a default message.</summary>
    public SolverFailedException()
        : this(SolverStatus.NonFinite, "The solver failed.")
    {
    }

    /// <summary>Creates the exception with status <see cref="SolverStatus.NonFinite"/>.</summary>
    /// <param name="message">What failed and what to do.</param>
    public SolverFailedException(string message)
        : this(SolverStatus.NonFinite, message)
    {
    }

    /// <summary>Creates the exception with status <see cref="SolverStatus.NonFinite"/> and an inner exception.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public SolverFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = SolverStatus.NonFinite;
    }

    /// <summary>Creates the exception for a run that ended with <paramref name="status"/>.</summary>
    /// <param name="status">The status of the failed run.</param>
    /// <param name="message">What failed and what to do.</param>
    public SolverFailedException(SolverStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>The status of the failed run.</summary>
    public SolverStatus Status { get; }
}

/// <summary>The result of a reference-solver run: the trajectory recorded so far, how the run ended, and why.</summary>
/// <param name="Trajectory">The sampled trajectory. On an early stop it holds every state recorded before the stop
/// (and the last state that passed the checks), never a non-finite frame.</param>
/// <param name="Status">How the run ended.</param>
/// <param name="Message">A human-readable account (for a stop: the time and the reason).</param>
public sealed record SolverRun(Trajectory Trajectory, SolverStatus Status, string Message)
{
    /// <summary>True when <see cref="Status"/> is <see cref="SolverStatus.Success"/>.</summary>
    public bool Succeeded => Status == SolverStatus.Success;

    /// <summary>Returns the trajectory of a successful run, or throws <see cref="SolverFailedException"/> with the status and message.</summary>
    /// <returns>The trajectory.</returns>
    public Trajectory EnsureSuccess() =>
        Status == SolverStatus.Success ? Trajectory : throw new SolverFailedException(Status, Message);
}
