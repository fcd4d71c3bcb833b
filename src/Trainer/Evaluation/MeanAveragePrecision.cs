using Cluster.Formats.Pipeline;
using Cluster.Trainer.Decoding;

namespace Cluster.Trainer.Evaluation;

/// <summary>
/// Accumulates predictions and ground truth image by image, then computes mAP the PASCAL VOC 2010+ way:
/// per class, detections of all images are sorted by score (ties keep insertion order); each is a true positive if
/// its IoU with a not-yet-matched ground-truth box of the same class in the same image is ≥ the threshold (the best
/// IoU box is taken), else a false positive; AP is the area under the precision/recall curve with ALL-POINT
/// interpolation (precision made monotonically non-increasing from the right, summed over every recall step — not
/// the 11-point VOC2007 nor COCO's 101-point variant). mAP is the mean over classes that have ground truth; a class
/// with ground truth but no detection scores 0; detections of classes without ground truth are ignored.
/// </summary>
public sealed class MeanAveragePrecision(double iouThreshold = 0.5)
{
    private readonly List<(int Image, Detection Detection)> detections = [];
    private readonly List<(int Image, int Label, float[] Box)> truths = [];
    private int images;

    public double IouThreshold { get; } = iouThreshold is > 0 and <= 1 ? iouThreshold : throw new ArgumentOutOfRangeException(nameof(iouThreshold));

    /// <summary>Adds one image: its predicted boxes and its ground truth (same normalized frame).</summary>
    public void Add(IReadOnlyList<Detection> predicted, DecodedTarget truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        var image = images++;
        foreach (var d in predicted)
            detections.Add((image, d));
        for (var k = 0; k < truth.Count; k++)
            truths.Add((image, truth.Labels[k], truth.Boxes.AsSpan(4 * k, 4).ToArray()));
    }

    /// <summary>Adds every image of a batch with its predictions.</summary>
    public void Add(IReadOnlyList<IReadOnlyList<Detection>> predicted, IReadOnlyList<DecodedTarget> truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (predicted.Count != truth.Count)
            throw new ArgumentException($"{predicted.Count} prediction lists for {truth.Count} images");
        for (var i = 0; i < predicted.Count; i++)
            Add(predicted[i], truth[i]);
    }

    public MeanAveragePrecisionResult Compute()
    {
        var perClass = new SortedDictionary<int, double>();
        foreach (var label in truths.Select(t => t.Label).Distinct())
            perClass[label] = AveragePrecision(label);
        var mean = perClass.Count == 0 ? 0 : perClass.Values.Average();
        return new MeanAveragePrecisionResult(mean, perClass, images, truths.Count, detections.Count);
    }

    private double AveragePrecision(int label)
    {
        var classTruths = truths.Where(t => t.Label == label).ToLookup(t => t.Image, t => t.Box);
        var total = truths.Count(t => t.Label == label);
        var matched = classTruths.ToDictionary(g => g.Key, g => new bool[g.Count()]);
        var ranked = detections.Where(d => d.Detection.Label == label)
            .Select((d, order) => (d.Image, d.Detection, order))
            .OrderByDescending(d => d.Detection.Score).ThenBy(d => d.order)
            .ToArray();

        var precision = new double[ranked.Length];
        var recall = new double[ranked.Length];
        int tp = 0, fp = 0;
        Span<float> box = stackalloc float[4];
        for (var i = 0; i < ranked.Length; i++)
        {
            var (image, d, _) = ranked[i];
            box[0] = d.XMin; box[1] = d.YMin; box[2] = d.XMax; box[3] = d.YMax;
            var best = -1;
            var bestIou = 0.0;
            var candidates = classTruths[image].ToArray();
            for (var g = 0; g < candidates.Length; g++)
            {
                var iou = BoxIou.Of(box, candidates[g]);
                if (iou > bestIou)
                {
                    bestIou = iou;
                    best = g;
                }
            }

            if (best >= 0 && bestIou >= IouThreshold && !matched[image][best])
            {
                matched[image][best] = true;
                tp++;
            }
            else
            {
                fp++;
            }

            precision[i] = tp / (double)(tp + fp);
            recall[i] = tp / (double)total;
        }

        // All-point interpolation: envelope from the right, then sum precision × recall increments.
        for (var i = ranked.Length - 2; i >= 0; i--)
            precision[i] = Math.Max(precision[i], precision[i + 1]);
        var ap = 0.0;
        var previousRecall = 0.0;
        for (var i = 0; i < ranked.Length; i++)
        {
            ap += (recall[i] - previousRecall) * precision[i];
            previousRecall = recall[i];
        }

        return ap;
    }
}
