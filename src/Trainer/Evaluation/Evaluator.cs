using Cluster.Formats.Pipeline;
using Cluster.Trainer.Decoding;
using Cluster.Trainer.Model;
using Cluster.Trainer.Visuals;
using TorchSharp;

namespace Cluster.Trainer.Evaluation;

/// <summary>
/// Evaluates a detector on held-out batches: mAP@<see cref="IouThreshold"/> (PASCAL VOC all-point interpolation, see
/// <see cref="MeanAveragePrecision"/>) and, when a preview folder is given, the first <see cref="PreviewCount"/>
/// images drawn with their predicted boxes (class colours) and ground truth (white) as PNG.
/// </summary>
public sealed class Evaluator(Func<DecodedBatch, IReadOnlyList<IReadOnlyList<Detection>>> predict)
{
    private readonly Func<DecodedBatch, IReadOnlyList<IReadOnlyList<Detection>>> predict = predict ?? throw new ArgumentNullException(nameof(predict));

    /// <summary>An evaluator for a stand-alone model, e.g. one loaded with <see cref="Checkpoints.Checkpoint.LoadModel"/>.</summary>
    public static Evaluator For(CenterNetDetector model, torch.Device device, CenterNetDecoder? decoder = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var chosen = decoder ?? new CenterNetDecoder(model.Config);
        return new Evaluator(batch => Predictor.Predict(model, device, batch, chosen));
    }

    public double IouThreshold { get; init; } = 0.5;

    public int PreviewCount { get; init; } = 8;

    /// <summary>Predictions below this score are not drawn (they still count for mAP).</summary>
    public float PreviewMinScore { get; init; } = 0.3f;

    public async Task<EvaluationReport> EvaluateAsync(IAsyncEnumerable<DecodedBatch> batches, string? previewDirectory = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var map = new MeanAveragePrecision(IouThreshold);
        var previews = new List<string>();
        await foreach (var batch in batches.WithCancellation(ct).ConfigureAwait(false))
        {
            var predictions = predict(batch);
            map.Add(predictions, batch.Targets);
            for (var i = 0; previewDirectory is not null && i < batch.Count && previews.Count < PreviewCount; i++)
            {
                var name = i < batch.SourceIds.Count ? Path.GetFileNameWithoutExtension(batch.SourceIds[i]) : $"image{previews.Count}";
                var path = Path.Combine(previewDirectory, $"{previews.Count:D2}_{Sanitize(name)}.png");
                PredictionPreview.SavePng(path, batch, i, predictions[i], PreviewMinScore);
                previews.Add(path);
            }
        }

        return new EvaluationReport(map.Compute(), previews);
    }

    private static string Sanitize(string name) =>
        new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(60).ToArray());
}
