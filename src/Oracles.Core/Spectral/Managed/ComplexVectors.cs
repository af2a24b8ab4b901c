using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Oracles.Core.Spectral.Managed;

/// <summary>
/// A SIMD register holding <see cref="Count"/> interleaved complex numbers (re, im, re, im, …). The Stockham kernels
/// are written once against this interface and specialised by the JIT for each implementing struct.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
internal interface IComplexVector<TSelf>
    where TSelf : struct, IComplexVector<TSelf>
{
    /// <summary>Complex numbers per register.</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> consecutive complex numbers.</summary>
    static abstract TSelf Load(ref Complex source);

    /// <summary>Stores <see cref="Count"/> consecutive complex numbers.</summary>
    static abstract void Store(ref Complex destination, TSelf value);

    /// <summary>(re, im) in every lane.</summary>
    static abstract TSelf Create(double re, double im);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);

    /// <summary>Multiplication by a real scalar.</summary>
    static abstract TSelf operator *(TSelf a, double s);

    /// <summary>swap(re, im)·sign: with sign = (1, −1) this is −i·a, with (−1, 1) it is +i·a.</summary>
    static abstract TSelf Rotate(TSelf a, TSelf sign);

    /// <summary>a·w for w given as wRe = (Re w, Re w) and wImSigned = (−Im w, Im w) per lane.</summary>
    static abstract TSelf Multiply(TSelf a, TSelf wRe, TSelf wImSigned);

    /// <summary>Splits per-lane twiddles w into (Re w, Re w) and (Im w·sign.re, Im w·sign.im).</summary>
    static abstract void Split(TSelf w, TSelf sign, out TSelf wRe, out TSelf wImSigned);

    /// <summary>Stores destination[4l + r] = y_r[l] for every lane l (a 4 × Count transpose).</summary>
    static abstract void StoreTransposed(ref Complex destination, TSelf y0, TSelf y1, TSelf y2, TSelf y3);
}

/// <summary>One complex number in two doubles: the scalar path (and the tail of every vector loop).</summary>
internal readonly struct ScalarComplex : IComplexVector<ScalarComplex>
{
    private readonly double re;
    private readonly double im;

    private ScalarComplex(double re, double im)
    {
        this.re = re;
        this.im = im;
    }

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarComplex Load(ref Complex source) => new(source.Real, source.Imaginary);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex destination, ScalarComplex value) => destination = new Complex(value.re, value.im);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarComplex Create(double re, double im) => new(re, im);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarComplex operator +(ScalarComplex a, ScalarComplex b) => new(a.re + b.re, a.im + b.im);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarComplex operator -(ScalarComplex a, ScalarComplex b) => new(a.re - b.re, a.im - b.im);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarComplex operator *(ScalarComplex a, double s) => new(a.re * s, a.im * s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarComplex Rotate(ScalarComplex a, ScalarComplex sign) => new(a.im * sign.re, a.re * sign.im);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarComplex Multiply(ScalarComplex a, ScalarComplex wRe, ScalarComplex wImSigned) =>
        new((a.re * wRe.re) + (a.im * wImSigned.re), (a.im * wRe.im) + (a.re * wImSigned.im));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Split(ScalarComplex w, ScalarComplex sign, out ScalarComplex wRe, out ScalarComplex wImSigned)
    {
        wRe = new(w.re, w.re);
        wImSigned = new(w.im * sign.re, w.im * sign.im);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreTransposed(ref Complex destination, ScalarComplex y0, ScalarComplex y1, ScalarComplex y2, ScalarComplex y3)
    {
        Store(ref destination, y0);
        Store(ref Unsafe.Add(ref destination, 1), y1);
        Store(ref Unsafe.Add(ref destination, 2), y2);
        Store(ref Unsafe.Add(ref destination, 3), y3);
    }
}

/// <summary>Two complex numbers in a <see cref="Vector256{T}"/>.</summary>
internal readonly struct Complex256 : IComplexVector<Complex256>
{
    private readonly Vector256<double> v;

    private Complex256(Vector256<double> v) => this.v = v;

    public static int Count => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex256 Load(ref Complex source) => new(Vector256.LoadUnsafe(ref Unsafe.As<Complex, double>(ref source)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex destination, Complex256 value) =>
        value.v.StoreUnsafe(ref Unsafe.As<Complex, double>(ref destination));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex256 Create(double re, double im) => new(Vector256.Create(re, im, re, im));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex256 operator +(Complex256 a, Complex256 b) => new(a.v + b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex256 operator -(Complex256 a, Complex256 b) => new(a.v - b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex256 operator *(Complex256 a, double s) => new(a.v * s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex256 Rotate(Complex256 a, Complex256 sign) => new(Swap(a.v) * sign.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex256 Multiply(Complex256 a, Complex256 wRe, Complex256 wImSigned) =>
        new(Vector256.MultiplyAddEstimate(Swap(a.v), wImSigned.v, a.v * wRe.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Split(Complex256 w, Complex256 sign, out Complex256 wRe, out Complex256 wImSigned)
    {
        wRe = new(Vector256.Shuffle(w.v, Vector256.Create(0L, 0, 2, 2)));
        wImSigned = new(Vector256.Shuffle(w.v, Vector256.Create(1L, 1, 3, 3)) * sign.v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreTransposed(ref Complex destination, Complex256 y0, Complex256 y1, Complex256 y2, Complex256 y3)
    {
        ref var d = ref Unsafe.As<Complex, double>(ref destination);
        Vector256.Create(y0.v.GetLower(), y1.v.GetLower()).StoreUnsafe(ref d);
        Vector256.Create(y2.v.GetLower(), y3.v.GetLower()).StoreUnsafe(ref d, 4);
        Vector256.Create(y0.v.GetUpper(), y1.v.GetUpper()).StoreUnsafe(ref d, 8);
        Vector256.Create(y2.v.GetUpper(), y3.v.GetUpper()).StoreUnsafe(ref d, 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Swap(Vector256<double> x) => Vector256.Shuffle(x, Vector256.Create(1L, 0, 3, 2));
}

/// <summary>Four complex numbers in a <see cref="Vector512{T}"/>.</summary>
internal readonly struct Complex512 : IComplexVector<Complex512>
{
    private readonly Vector512<double> v;

    private Complex512(Vector512<double> v) => this.v = v;

    public static int Count => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex512 Load(ref Complex source) => new(Vector512.LoadUnsafe(ref Unsafe.As<Complex, double>(ref source)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex destination, Complex512 value) =>
        value.v.StoreUnsafe(ref Unsafe.As<Complex, double>(ref destination));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex512 Create(double re, double im) => new(Vector512.Create(re, im, re, im, re, im, re, im));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex512 operator +(Complex512 a, Complex512 b) => new(a.v + b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex512 operator -(Complex512 a, Complex512 b) => new(a.v - b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex512 operator *(Complex512 a, double s) => new(a.v * s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex512 Rotate(Complex512 a, Complex512 sign) => new(Swap(a.v) * sign.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Complex512 Multiply(Complex512 a, Complex512 wRe, Complex512 wImSigned) =>
        new(Vector512.MultiplyAddEstimate(Swap(a.v), wImSigned.v, a.v * wRe.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Split(Complex512 w, Complex512 sign, out Complex512 wRe, out Complex512 wImSigned)
    {
        wRe = new(Vector512.Shuffle(w.v, Vector512.Create(0L, 0, 2, 2, 4, 4, 6, 6)));
        wImSigned = new(Vector512.Shuffle(w.v, Vector512.Create(1L, 1, 3, 3, 5, 5, 7, 7)) * sign.v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreTransposed(ref Complex destination, Complex512 y0, Complex512 y1, Complex512 y2, Complex512 y3)
    {
        ref var d = ref Unsafe.As<Complex, double>(ref destination);
        if (Avx512F.IsSupported)
        {
            // 4 × 4 transpose of 128-bit blocks with vshuff64x2: t0 = (y0₀ y0₁ y1₀ y1₁), … then pick blocks 0,2 / 1,3.
            var t0 = Avx512F.Shuffle4x128(y0.v, y1.v, 0b01_00_01_00);
            var t1 = Avx512F.Shuffle4x128(y2.v, y3.v, 0b01_00_01_00);
            var t2 = Avx512F.Shuffle4x128(y0.v, y1.v, 0b11_10_11_10);
            var t3 = Avx512F.Shuffle4x128(y2.v, y3.v, 0b11_10_11_10);
            Avx512F.Shuffle4x128(t0, t1, 0b10_00_10_00).StoreUnsafe(ref d);
            Avx512F.Shuffle4x128(t0, t1, 0b11_01_11_01).StoreUnsafe(ref d, 8);
            Avx512F.Shuffle4x128(t2, t3, 0b10_00_10_00).StoreUnsafe(ref d, 16);
            Avx512F.Shuffle4x128(t2, t3, 0b11_01_11_01).StoreUnsafe(ref d, 24);
            return;
        }

        Row(y0.v.GetLower().GetLower(), y1.v.GetLower().GetLower(), y2.v.GetLower().GetLower(), y3.v.GetLower().GetLower()).StoreUnsafe(ref d);
        Row(y0.v.GetLower().GetUpper(), y1.v.GetLower().GetUpper(), y2.v.GetLower().GetUpper(), y3.v.GetLower().GetUpper()).StoreUnsafe(ref d, 8);
        Row(y0.v.GetUpper().GetLower(), y1.v.GetUpper().GetLower(), y2.v.GetUpper().GetLower(), y3.v.GetUpper().GetLower()).StoreUnsafe(ref d, 16);
        Row(y0.v.GetUpper().GetUpper(), y1.v.GetUpper().GetUpper(), y2.v.GetUpper().GetUpper(), y3.v.GetUpper().GetUpper()).StoreUnsafe(ref d, 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Row(Vector128<double> a, Vector128<double> b, Vector128<double> c, Vector128<double> e) =>
        Vector512.Create(Vector256.Create(a, b), Vector256.Create(c, e));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Swap(Vector512<double> x) => Vector512.Shuffle(x, Vector512.Create(1L, 0, 3, 2, 5, 4, 7, 6));
}
