using Cluster.Formats.Telemetry;

namespace Cluster.Telemetry.Tests;

/// <summary>Console output is process-wide, so these tests run alone.</summary>
[CollectionDefinition(nameof(ConsoleTelemetryTests), DisableParallelization = true)]
public sealed class ConsoleTelemetryCollection;

[Collection(nameof(ConsoleTelemetryTests))]
public sealed class ConsoleTelemetryTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConsoleExporter_Switch_PrintsSpansOnlyWhenOn(bool console)
    {
        var jobId = $"job-{Guid.NewGuid():N}";
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            await using (var host = await InMemoryTelemetryHost.StartAsync(
                options: new ClusterTelemetryOptions { DefaultServiceName = "console-test", ConsoleExporter = console }))
            {
                using (ConversionSpans.StartJob(jobId, "yolo", 1))
                {
                }

                host.Flush();
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(console, captured.ToString().Contains(jobId, StringComparison.Ordinal));
    }
}
