using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cluster.Tests.Shared;
using k8s.Models;

namespace Cluster.Deploy.Tests;

/// <summary>Docker cannot build here; these checks keep the Dockerfiles consistent with the projects and the manifests.</summary>
public sealed partial class DockerfileTests(RenderedOverlays overlays) : IClassFixture<RenderedOverlays>
{
    public static TheoryData<string, string> Images => new()
    {
        { "silo.Dockerfile", "cluster-silo" },
        { "client.Dockerfile", "cluster" },
        { "trainer.Dockerfile", "cluster-trainer" },
    };

    public static TheoryData<string, string> Workloads => new()
    {
        { "cluster-silo", "Deployment cluster-silo" },
        { "cluster", "Job cluster-convert" },
        { "cluster-trainer", "Job cluster-train" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_Publish_EntryPointIsTheProjectsAssembly(string dockerfile, string image)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "docker", dockerfile));

        var project = PublishPattern().Match(text).Groups["project"].Value;
        var csproj = Path.Combine(RepoPaths.Root, project);
        Assert.True(File.Exists(csproj), $"{dockerfile} publishes {project}, which does not exist");
        var assemblyName = XDocument.Load(csproj).Descendants("AssemblyName").Single().Value;
        Assert.Equal($"/app/{assemblyName}", EntryPointPattern().Match(text).Groups["path"].Value);
        Assert.Contains($"-t {image}:dev .", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("silo.Dockerfile")]
    [InlineData("client.Dockerfile")]
    [InlineData("trainer.Dockerfile")]
    public void Dockerfile_Stages_BuildWithTheSdkAndRunAsNonRoot(string dockerfile)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "deploy", "docker", dockerfile));
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, froms.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", froms[0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnetcore:10.0", froms[1], StringComparison.Ordinal);
        var user = lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.Equal("USER $APP_UID", user);
        Assert.True(Array.IndexOf(lines, user) > lines.ToList().IndexOf(froms[1]), "USER must be set in the runtime stage");
    }

    [Theory]
    [InlineData("silo.Dockerfile")]
    [InlineData("client.Dockerfile")]
    [InlineData("trainer.Dockerfile")]
    public void Dockerfile_Publish_ReadyToRunForTheRuntimeImage(string dockerfile)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "docker", dockerfile));
        var publish = text.Split('\n').Single(l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal));

        // Precompiled code: a CLI or silo start spends far less time in the JIT (README, Operations). It needs a runtime
        // identifier, and must stay framework-dependent to run on the aspnetcore runtime image.
        Assert.Contains("-r linux-x64", publish, StringComparison.Ordinal);
        Assert.Contains("--self-contained false", publish, StringComparison.Ordinal);
        Assert.Contains("-p:PublishReadyToRun=true", publish, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void DevOverlay_Workload_RunsTheImageTheDockerfileBuilds(string image, string workload)
    {
        var rendered = overlays["overlays/dev"];
        var spec = rendered.PodSpecs().Single(p => p.Owner == workload).Spec;

        Assert.All(spec.Containers.Concat(spec.InitContainers ?? []), c => Assert.Equal($"{image}:dev", c.Image));
    }

    [GeneratedRegex(@"RUN dotnet publish (?<project>\S+\.csproj)")]
    private static partial Regex PublishPattern();

    [GeneratedRegex(@"ENTRYPOINT \[""(?<path>[^""]+)""\]")]
    private static partial Regex EntryPointPattern();
}
