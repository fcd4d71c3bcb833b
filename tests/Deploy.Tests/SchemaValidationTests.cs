namespace Cluster.Deploy.Tests;

/// <summary>Every rendered manifest passes the npm kubernetes-models schema check, which catches missing required fields.</summary>
public sealed class SchemaValidationTests(RenderedOverlays overlays) : IClassFixture<RenderedOverlays>
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void Validate_RenderedTarget_AllDocumentsValid(string target)
    {
        var result = SchemaCheck.Validate(target, overlays[target].Yaml);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"validated {overlays[target].Objects.Count} documents, 0 invalid", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DeploymentWithoutSelector_FailsNamingTheField()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: app
            """;

        var result = SchemaCheck.Validate("inline", yaml);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Deployment broken", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("must have required property selector", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RenderedSiloWithoutContainerName_Fails()
    {
        var yaml = overlays["overlays/prod"].Yaml.Replace("\n        name: silo\n", "\n", StringComparison.Ordinal);
        Assert.NotEqual(overlays["overlays/prod"].Yaml, yaml);

        var result = SchemaCheck.Validate("prod without the silo container's name", yaml);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Deployment cluster-silo", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("must have required property name", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PortAsWord_FailsOnType()
    {
        const string yaml = """
            apiVersion: v1
            kind: Service
            metadata:
              name: typo
            spec:
              ports:
                - port: http
            """;

        var result = SchemaCheck.Validate("inline", yaml);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/spec/ports/0/port must be integer", result.StandardError, StringComparison.Ordinal);
    }
}
