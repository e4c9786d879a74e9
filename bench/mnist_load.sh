#!/usr/bin/env bash
# MNIST load time: verifies the four files (length and SHA-256), then times MnistSetFile.Load of the training split
# (47 MB of images) and the test split, median of 5 loads after one warm-up (`realganlab data check mnist`).
# Fetches MNIST first when it is missing (`realganlab data fetch mnist`, a no-op when the files verify).
# Data: data/mnist under the repository, or $REALGANLAB_DATA/mnist.
# Usage: bench/mnist_load.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/src/RealGanLab.Cli" -c Release -v q -nologo >/dev/null
cli="dotnet $root/src/RealGanLab.Cli/bin/Release/net10.0/realganlab.dll"
cd "$root"
$cli data fetch mnist
$cli data check mnist
