#!/usr/bin/env bash
# bench/gpu_bundle.sh [OUT_DIR]
#
# Builds realganlab-gpu-linux-x64.tar.xz: a self-contained, partially trimmed realganlab for linux-x64 that ships no
# libtorch (TorchBackend=external) and loads the GPU machine's own PyTorch libtorch at run time (--libtorch DIR or
# REALGANLAB_LIBTORCH), packed with configs/, bench/gpu_run.sh, the PyTorch reference and the comparison script.
# For a GPU machine that has PyTorch but no .NET and no internet (docs/gpu.md). OUT_DIR defaults to
# artifacts/gpu-bundle (ignored by git). Ends by unpacking the archive into a temporary folder and running
# 'info' and a 200-step training against the CPU libtorch of the NuGet cache, when that is there.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$repo/artifacts/gpu-bundle}
mkdir -p "$out"
out=$(cd "$out" && pwd)
name=realganlab-gpu                      # the archive's single top-level folder
stage=$out/$name
archive=$out/realganlab-gpu-linux-x64.tar.xz
log=$out/publish.log

props=(
  -c Release -r linux-x64 --self-contained
  -p:TorchBackend=external                 # TorchSharp alone: the libtorch comes from the GPU machine's PyTorch
  -p:RealGanLabPatchLibTorchSharp=always   # the target's libstdc++ may lack GLIBCXX_3.4.32 even if this host has it
  -p:PublishTrimmed=true -p:TrimMode=partial  # trims only assemblies that opted in (the framework); full trimming
                                              # removes what TorchSharp's modules find by reflection. What else
                                              # PublishTrimmed needs here is set in Directory.Build.props.
  -p:PublishDocumentationFiles=false       # the XML doc files are of no use on the target
  -p:SatelliteResourceLanguages=en         # System.CommandLine's translated messages: English only
)

cd "$repo"
rm -rf "$stage" "$archive"
echo "publishing (TorchBackend=external, partial trimming; log: $log) ..."
# --no-incremental: MSBuild's up-to-date check does not notice the configuration-binder generator being switched
# (Directory.Build.props), so a RealGanLab.Experiments.dll from another build of the external backend could be reused.
if ! { dotnet build src/RealGanLab.Cli "${props[@]}" --no-incremental -nologo \
       && dotnet publish src/RealGanLab.Cli "${props[@]}" --no-build -nologo -o "$stage"; } >"$log" 2>&1; then
  tail -30 "$log"
  echo "gpu_bundle: the publish failed (full log: $log)" >&2
  exit 1
fi
# The trim warnings are about reflection over our own config types and JSON (kept whole in partial mode) and
# ScottPlot / TorchSharp (not trimmed: they do not opt in); the checks below exercise those paths.
echo "trim analysis warnings (count × code):" $(grep -o 'warning IL[0-9]*' "$log" | sort | uniq -c | awk '{print $1 "×" $3}')

mkdir -p "$stage/bench"
cp -r configs "$stage/configs"
cp bench/gpu_run.sh "$stage/bench/"
for script in pytorch_reference.py compare_bench.py; do
  if [[ -f bench/$script ]]; then cp "bench/$script" "$stage/bench/"
  else echo "warning: bench/$script is not in this checkout; the bundle lacks it and gpu_run.sh will skip its step" >&2; fi
done
cp docs/gpu.md "$stage/GPU.md"
git rev-parse HEAD >"$stage/COMMIT" 2>/dev/null || true

# -9: the archive is copied to the GPU machine by hand, so a smaller file beats a faster pack.
tar -C "$out" -cf - "$name" | xz -9 -T0 >"$archive"
echo "bundle: $archive"
echo "size: $(du -h "$archive" | cut -f1) ($(stat -c %s "$archive") bytes; unpacked $(du -sh "$stage" | cut -f1))"

# Smoke test of the archive itself against the CPU libtorch that the default build restores.
libtorch=${NUGET_PACKAGES:-$HOME/.nuget/packages}/libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native
if [[ ! -f $libtorch/libtorch_cpu.so ]]; then
  echo "check skipped: no CPU libtorch at $libtorch (run 'dotnet build' once to restore it)"
  exit 0
fi
check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
tar -C "$check" -xJf "$archive"
cd "$check/$name"
./realganlab info --libtorch "$libtorch" | grep -E '^(backend|libtorch|self-test|CUDA usable)'
./realganlab train --libtorch "$libtorch" --steps 200 --train:probeEvery=200 --out "$check/run" --force >"$check/train.log" 2>&1 \
  || { tail -20 "$check/train.log"; echo "gpu_bundle: the 200-step check run failed" >&2; exit 1; }
[[ -f $check/run/DONE ]] || { echo "gpu_bundle: the check run wrote no DONE" >&2; exit 1; }
echo "check: 200-step training completed ($(grep -c '"step"' "$check/run/metrics.jsonl") metric lines, DONE written)"
