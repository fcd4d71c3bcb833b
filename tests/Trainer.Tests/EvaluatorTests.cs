using Cluster.Tests.Shared;
using Cluster.Trainer.Decoding;
using Cluster.Trainer.Evaluation;

namespace Cluster.Trainer.Tests;

public class EvaluatorTests
{
    [Fact]
    public async Task EvaluateAsync_OraclePredictions_MapOneAndPreviewsWritten()
    {
        using var dir = new TempDirectory("eval");
        var batches = new[] { TinyModels.Batch(0, 3), TinyModels.Batch(3, 3) };
        // An oracle that predicts exactly the ground truth: mAP must be 1 and every preview exists.
        var evaluator = new Evaluator(batch => batch.Targets
            .Select(t => (IReadOnlyList<Detection>)Enumerable.Range(0, t.Count)
                .Select(k => new Detection(t.Boxes[4 * k], t.Boxes[4 * k + 1], t.Boxes[4 * k + 2], t.Boxes[4 * k + 3], t.Labels[k], 0.9f)).ToList())
            .ToList()) { PreviewCount = 4 };

        var report = await evaluator.EvaluateAsync(batches.ToAsyncEnumerable(), dir.Path);

        Assert.Equal(1.0, report.Map.MeanAveragePrecision, 12);
        Assert.Equal(6, report.Map.Images);
        Assert.Equal(4, report.PreviewPaths.Count);
        Assert.All(report.PreviewPaths, p => Assert.True(new FileInfo(p).Length > 0, p));
    }

    [Fact]
    public async Task EvaluateAsync_UntrainedTrainerModel_MapNearZero()
    {
        using var trainer = new Training.DetectorTrainer(TinyModels.Options(replicas: 1));
        var report = await trainer.CreateEvaluator().EvaluateAsync(new[] { TinyModels.Batch(0, 4) }.ToAsyncEnumerable());
        Assert.InRange(report.Map.MeanAveragePrecision, 0, 0.1);
        Assert.Empty(report.PreviewPaths);
    }
}
