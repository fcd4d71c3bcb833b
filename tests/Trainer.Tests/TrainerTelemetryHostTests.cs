using Cluster.Formats.Telemetry;
using Cluster.Trainer.Commands;

namespace Cluster.Trainer.Tests;

public class TrainerTelemetryHostTests
{
    [Fact]
    public async Task TrainerTelemetry_ConsoleExporter_ExportsStepSpansAsClusterTrainerAndFlushesOnDispose()
    {
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(console);
        try
        {
            await using (await TrainerTelemetry.StartAsync(consoleExporter: true, CancellationToken.None))
            {
                using var step = TrainerSpans.StartStep(41, rank: 0, worldSize: 1);
                Assert.NotNull(step); // the host's tracer provider listens to the trainer's source
                step.SetTag(TelemetryAttributes.TrainerLoss, 1.25);
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        var text = console.ToString();
        Assert.Contains(SpanNames.TrainerStep, text, StringComparison.Ordinal);
        Assert.Contains("trainer.step: 41", text, StringComparison.Ordinal);
        Assert.Contains($"service.name: {TrainerTelemetry.ServiceName}", text, StringComparison.Ordinal);
    }
}
