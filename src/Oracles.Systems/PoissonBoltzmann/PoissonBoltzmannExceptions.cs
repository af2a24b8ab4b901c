namespace Oracles.Systems.PoissonBoltzmann;

/// <summary>
/// The charge density h handed to a Poisson–Boltzmann solve is not admissible: a sample is not finite, a sample is
/// negative, or the total charge ∫h is not positive (then −εΔV = h − e^V has no solution, since integrating it gives
/// ∫e^V = ∫h). The message names the index, the point x and the value.
/// </summary>
public sealed class InvalidDensityException : ArgumentException
{
    /// <summary>Creates the exception with a default message.</summary>
    public InvalidDensityException()
        : base("The density is not admissible for the Poisson–Boltzmann equation.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming index, point and value.</param>
    public InvalidDensityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the argument name.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="paramName">The argument.</param>
    public InvalidDensityException(string message, string paramName)
        : base(message, paramName)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidDensityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The damped Newton iteration of <see cref="PoissonBoltzmannSolver"/> did not reach its tolerance within the
/// iteration limit, or could no longer decrease its merit functions. <see cref="Report"/> holds where it stopped.
/// </summary>
public sealed class PoissonBoltzmannNotConvergedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public PoissonBoltzmannNotConvergedException()
        : base("The Poisson–Boltzmann solve did not converge.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public PoissonBoltzmannNotConvergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PoissonBoltzmannNotConvergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message and the state where the iteration stopped.</summary>
    /// <param name="message">The message.</param>
    /// <param name="report">Iterations and residual when the iteration stopped.</param>
    public PoissonBoltzmannNotConvergedException(string message, PoissonBoltzmannReport report)
        : base(message)
    {
        Report = report;
    }

    /// <summary>Iterations and residual when the iteration stopped (null only for the standard constructors).</summary>
    public PoissonBoltzmannReport? Report { get; }
}
