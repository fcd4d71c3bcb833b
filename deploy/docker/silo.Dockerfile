# The silo image (`cluster-silo`). Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t cluster-silo:dev .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/Silo/Cluster.Silo.csproj -c Release -r linux-x64 --self-contained false -o /app -p:UseAppHost=true -p:PublishReadyToRun=true

FROM mcr.microsoft.com/dotnet/aspnetcore:10.0
WORKDIR /app
COPY --from=build /app ./
# The .NET images ship a non-root `app` user (uid 1654); the Deployment also sets runAsNonRoot.
USER $APP_UID
EXPOSE 11111 30000 8080
ENTRYPOINT ["/app/cluster-silo"]
