using Cluster.Tests.Shared;
using Cluster.Trainer.Checkpoints;
using Cluster.Trainer.Demo;
using SixLabors.ImageSharp;

namespace Cluster.Trainer.Tests;

public class ShapesDemoTests
{
    [Fact]
    public async Task RunAsync_ShortRun_WritesPreviewsPlotAndLoadableCheckpoint()
    {
        using var dir = new TempDirectory("demo");
        var progress = new List<string>();

        var report = await ShapesDemo.RunAsync(new ShapesDemoOptions
        {
            OutputDirectory = dir.Path,
            InputSize = 32,
            BaseChannels = 8,
            BatchSize = 8,
            MaxSteps = 6,
            EvaluateEvery = 3,
            HeldOutImages = 8,
            ThreadsPerReplica = 1,
        }, new SyncProgress(progress));

        Assert.Equal(6, report.Steps);
        Assert.Equal([3L, 6L], report.Evaluations.Select(e => e.Step));
        Assert.Equal(2, progress.Count);
        Assert.Null(report.TimeToTarget); // 6 steps cannot reach 0.9
        Assert.InRange(report.InputWaitFraction, 0, 1);
        Assert.Equal(8, report.PreviewPaths.Count);
        Assert.All(report.PreviewPaths, p => Assert.Equal(256, Image.Identify(p).Width));
        Assert.Equal(900, Image.Identify(report.PlotPath).Width);
        var (model, state) = Checkpoint.LoadModel(report.CheckpointPath);
        using (model)
            Assert.Equal(6, state.Step);
    }

    private sealed class SyncProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
