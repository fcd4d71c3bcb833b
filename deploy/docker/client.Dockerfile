# The client image (`cluster`, the CLI the conversion Job runs). Build from the repository root:
#   docker build -f deploy/docker/client.Dockerfile -t cluster:dev .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/Client/Cluster.Client.csproj -c Release -r linux-x64 --self-contained false -o /app -p:UseAppHost=true -p:PublishReadyToRun=true

FROM mcr.microsoft.com/dotnet/aspnetcore:10.0
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
ENTRYPOINT ["/app/cluster"]
