using System.Numerics;

namespace Oracles.Tests.Core;

/// <summary>The O(N²) DFT straight from the definition, the independent reference for <c>Fft</c>.</summary>
internal static class ReferenceDft
{
    /// <summary>X_k = Σ_j x_j e^{sign·2πi j·k/n} over every axis of row-major data (unscaled).</summary>
    public static Complex[] Transform(IReadOnlyList<int> shape, Complex[] x, int sign)
    {
        var result = (Complex[])x.Clone();
        var count = x.Length;
        for (var axis = 0; axis < shape.Count; axis++)
        {
            var n = shape[axis];
            var stride = 1;
            for (var a = shape.Count - 1; a > axis; a--)
            {
                stride *= shape[a];
            }

            var next = new Complex[count];
            for (var i = 0; i < count; i++)
            {
                var k = i / stride % n;
                var baseIndex = i - (k * stride);
                var sum = Complex.Zero;
                for (var j = 0; j < n; j++)
                {
                    // Reduce j·k mod n in integers so the angle is exact for large n.
                    var angle = sign * 2.0 * Math.PI * ((long)j * k % n) / n;
                    sum += result[baseIndex + (j * stride)] * new Complex(Math.Cos(angle), Math.Sin(angle));
                }

                next[i] = sum;
            }

            result = next;
        }

        return result;
    }
}
