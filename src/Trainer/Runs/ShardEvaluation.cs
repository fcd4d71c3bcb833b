using Cluster.Formats.Pipeline;
using Cluster.Trainer.Checkpoints;
using Cluster.Trainer.Evaluation;
using TorchSharp;

namespace Cluster.Trainer.Runs;

/// <summary>Evaluates a checkpoint on a converted folder (mAP@0.5, VOC all-point) and draws the first images' predictions as PNGs.</summary>
public static class ShardEvaluation
{
    public static async Task<EvaluationReport> RunAsync(string data, string checkpoint, string? previewDirectory, int batchSize = 32, CancellationToken ct = default)
    {
        var classes = DatasetClasses.Load(data);
        var (model, _) = Checkpoint.LoadModel(checkpoint);
        using (model)
        {
            if (model.Config.Classes < classes.Count)
                throw new InvalidDataException($"{checkpoint}: the model detects {model.Config.Classes} classes, the label map of {data} has ids up to {classes.Count}");
            var reader = new ReaderOptions { Seed = 0, BatchSize = batchSize, ShuffleBuffer = 1, ShuffleFiles = false };
            await using var input = ShardInput.Open(data, reader, model.Config.InputWidth);
            input.Batches.Reset(0);
            return await Evaluator.For(model, torch.CPU).EvaluateAsync(input.Batches, previewDirectory, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The report as text: AP per class by name, then the mean, then one preview path per line.</summary>
    public static async Task WriteAsync(TextWriter writer, EvaluationReport report, DatasetClasses classes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(classes);
        var map = report.Map;
        foreach (var (id, ap) in map.PerClass.OrderBy(p => p.Key))
            await writer.WriteLineAsync(FormattableString.Invariant($"AP@0.5 {classes.NameOf(id)}: {ap:F3}")).ConfigureAwait(false);
        await writer.WriteLineAsync(FormattableString.Invariant(
            $"mAP@0.5: {map.MeanAveragePrecision:F3} (PASCAL VOC all-point AP, {map.Images} images, {map.GroundTruths} boxes, {map.Detections} detections)")).ConfigureAwait(false);
        foreach (var path in report.PreviewPaths)
            await writer.WriteLineAsync($"preview: {path}").ConfigureAwait(false);
    }
}
