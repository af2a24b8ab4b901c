#!/usr/bin/env bash
# The FFT issue's comparison in one run: c2c/r2c pair medians of the managed backend, the FFTW backend and FFTW called
# from C++ (src/Oracles.Benchmarks/native/fftw_pair.cpp), with 1 thread and with every core, then Strang steps per
# second at 64³ and 128³ (SP and SPB, single step and steps inside a run). Quick medians (FftPairTiming), not
# BenchmarkDotNet: run `dotnet run -c Release --project src/Oracles.Benchmarks -- --filter '*'` for the full statistics.
#
# Usage: src/Oracles.Benchmarks/compare.sh [REPEAT]      (needs libfftw3-dev and g++ for the C++ column; else skipped)
# Run it on a quiet machine: `uptime` is printed first and last so a loaded run is visible.
set -euo pipefail
cd "$(dirname "$0")/../.."
repeat=${1:-21}
export ORACLES_ARTIFACTS=${ORACLES_ARTIFACTS:-/tmp/oracles-bench}
dotnet build src/Oracles.Benchmarks -c Release -v q -nologo >/dev/null
bench=("$ORACLES_ARTIFACTS/bin/Oracles.Benchmarks/release/Oracles.Benchmarks")
cpp=""
if command -v g++ >/dev/null && [ -f /usr/include/fftw3.h ]; then
  g++ -O2 -std=c++17 -o /tmp/fftw_pair src/Oracles.Benchmarks/native/fftw_pair.cpp -lfftw3_threads -lfftw3 -lpthread && cpp=/tmp/fftw_pair
fi
wisdom="${ORACLES_FFTW_WISDOM:-${XDG_CACHE_HOME:-$HOME/.cache}/oracles/fftw3-wisdom}"
cores=$(nproc)
echo "load: $(uptime)"
for threads in 1 "$cores"; do
  for dims in 65536 256,256 1024,1024 64,64,64 128,128,128; do
    for kind in c2c r2c; do
      [ "$kind" = r2c ] && [ "$dims" != 128,128,128 ] && continue
      ORACLES_THREADS=$threads "${bench[@]}" pair "$dims" managed "$kind" "$repeat" | sed 's/ — .*//'
      ORACLES_THREADS=$threads "${bench[@]}" pair "$dims" fftw "$kind" "$repeat" 2>/dev/null | sed 's/ — .*//' || echo "fftw backend: not loadable"
      if [ -n "$cpp" ]; then
        flag=""; [ "$kind" = r2c ] && flag=--r2c
        # shellcheck disable=SC2086
        "$cpp" ${dims//,/ } $flag --repeat "$repeat" --threads "$threads" --wisdom "$wisdom" 2>/dev/null
      fi
    done
  done
done
for backend in managed fftw; do
  for n in 64 128; do
    for model in LinearPoisson PoissonBoltzmann; do
      ORACLES_FFT=$backend "${bench[@]}" strang "$n" "$model" 20 2>/dev/null || echo "strang on $backend: not available"
    done
  done
done
echo "load: $(uptime)"
