# The trainer image (`cluster-trainer`, the program the trainer Job runs: train, eval, demo). Build from the repository root:
#   docker build -f deploy/docker/trainer.Dockerfile -t cluster-trainer:dev .
# TORCH_BACKEND=cuda asks the Trainer project for the CUDA libtorch package (see deploy/k8s/README.md);
# the NVIDIA container runtime on the GPU node supplies the driver.
ARG TORCH_BACKEND=cuda
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TORCH_BACKEND
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/Trainer/Cluster.Trainer.csproj -c Release -r linux-x64 --self-contained false -o /app -p:UseAppHost=true -p:PublishReadyToRun=true -p:TorchBackend=${TORCH_BACKEND}

FROM mcr.microsoft.com/dotnet/aspnetcore:10.0
WORKDIR /app
COPY --from=build /app ./
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER $APP_UID
ENTRYPOINT ["/app/cluster-trainer"]
