// Reference timing of FFTW itself, for the ratios in the FFT issue notes and README.
// A forward + inverse pair, in place for c2c (as Oracles' Fft does) and out of place for r2c/c2r, on
// fftw_malloc'ed (aligned) arrays, FFTW_MEASURE plans, one thread (or --threads K), no scaling. Prints the median over
// --repeat pairs.
//
// Build (needs libfftw3-dev; FFTW is GPL and is never shipped with Oracles):
//   g++ -O2 -std=c++17 -o /tmp/fftw_pair src/Oracles.Benchmarks/native/fftw_pair.cpp -lfftw3_threads -lfftw3 -lpthread
// Run:
//   /tmp/fftw_pair 128 128 128 [--r2c] [--repeat K] [--json] [--wisdom FILE] [--threads K]
// --wisdom imports FFTW wisdom before planning (e.g. ~/.cache/oracles/fftw3-wisdom, the file Oracles' FFTW backend
// keeps), so both sides run the same plan; without it the plans are measured afresh.
#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char** argv)
{
    std::vector<int> dims;
    int repeat = 21;
    bool r2c = false;
    bool json = false;
    const char* wisdom = nullptr;
    int threads = 1;
    for (int i = 1; i < argc; ++i)
    {
        if (std::strcmp(argv[i], "--r2c") == 0) r2c = true;
        else if (std::strcmp(argv[i], "--json") == 0) json = true;
        else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) repeat = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--wisdom") == 0 && i + 1 < argc) wisdom = argv[++i];
        else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) threads = std::atoi(argv[++i]);
        else dims.push_back(std::atoi(argv[i]));
    }
    if (dims.empty() || dims.size() > 3 || repeat < 1 || threads < 1)
    {
        std::fprintf(stderr, "usage: fftw_pair n0 [n1 [n2]] [--r2c] [--repeat K] [--json] [--wisdom FILE] [--threads K]\n");
        return 3;
    }

    // As Oracles' FFTW backend: threads only for transforms of at least 2^16 points.
    if (threads > 1)
    {
        fftw_init_threads();
        long points = 1;
        for (int n : dims) points *= n;
        fftw_plan_with_nthreads(points >= (1L << 16) ? threads : 1);
    }

    long count = 1;
    for (int n : dims) count *= n;
    const long spectrum = count / dims.back() * (dims.back() / 2 + 1);
    const int rank = static_cast<int>(dims.size());

    if (wisdom != nullptr && fftw_import_wisdom_from_filename(wisdom) == 0)
        std::fprintf(stderr, "could not import wisdom from %s; planning afresh\n", wisdom);
    fftw_complex* data = fftw_alloc_complex(r2c ? spectrum : count);
    double* real = r2c ? fftw_alloc_real(count) : nullptr;
    fftw_plan forward, backward;
    if (r2c)
    {
        forward = fftw_plan_dft_r2c(rank, dims.data(), real, data, FFTW_MEASURE);
        backward = fftw_plan_dft_c2r(rank, dims.data(), data, real, FFTW_MEASURE);
        for (long i = 0; i < count; ++i) real[i] = std::sin(0.001 * i);
    }
    else
    {
        forward = fftw_plan_dft(rank, dims.data(), data, data, FFTW_FORWARD, FFTW_MEASURE);
        backward = fftw_plan_dft(rank, dims.data(), data, data, FFTW_BACKWARD, FFTW_MEASURE);
        for (long i = 0; i < count; ++i) { data[i][0] = std::sin(0.001 * i); data[i][1] = std::cos(0.003 * i); }
    }

    auto pair = [&] {
        fftw_execute(forward);
        fftw_execute(backward);
        if (r2c) { const double s = 1.0 / count; for (long i = 0; i < count; ++i) real[i] *= s; }
        else { const double s = 1.0 / count; for (long i = 0; i < count; ++i) { data[i][0] *= s; data[i][1] *= s; } }
    };
    // The rescaling keeps values bounded over many pairs; it is timed separately and subtracted below.
    for (int w = 0; w < 3; ++w) pair();

    std::vector<double> times, scaling;
    for (int k = 0; k < repeat; ++k)
    {
        auto t0 = std::chrono::steady_clock::now();
        fftw_execute(forward);
        fftw_execute(backward);
        auto t1 = std::chrono::steady_clock::now();
        const double s = 1.0 / count;
        if (r2c) for (long i = 0; i < count; ++i) real[i] *= s;
        else for (long i = 0; i < count; ++i) { data[i][0] *= s; data[i][1] *= s; }
        auto t2 = std::chrono::steady_clock::now();
        times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        scaling.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    }
    std::sort(times.begin(), times.end());
    std::sort(scaling.begin(), scaling.end());
    const double median = times[times.size() / 2];
    const double medianScale = scaling[scaling.size() / 2];
    if (json)
    {
        std::printf("{\"backend\":\"fftw-c++\",\"kind\":\"%s\",\"dims\":[", r2c ? "r2c" : "c2c");
        for (size_t i = 0; i < dims.size(); ++i) std::printf(i ? ",%d" : "%d", dims[i]);
        std::printf("],\"median_ms\":%.4f,\"min_ms\":%.4f,\"scale_pass_ms\":%.4f,\"repeat\":%d,\"threads\":%d}\n", median, times.front(), medianScale, repeat, threads);
    }
    else
    {
        std::printf("fftw-c++ %s pair", r2c ? "r2c" : "c2c");
        for (int n : dims) std::printf(" %d", n);
        std::printf(": median %.4f ms (min %.4f ms, 1/N scaling pass %.4f ms, %d repeats, %d thread%s, %s)\n",
                    median, times.front(), medianScale, repeat, threads, threads == 1 ? "" : "s", fftw_version);
    }
    fftw_destroy_plan(forward);
    fftw_destroy_plan(backward);
    fftw_free(data);
    if (real) fftw_free(real);
    return 0;
}
