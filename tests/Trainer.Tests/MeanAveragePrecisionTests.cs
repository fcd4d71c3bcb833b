using Cluster.Formats.Pipeline;
using Cluster.Trainer.Decoding;
using Cluster.Trainer.Evaluation;

namespace Cluster.Trainer.Tests;

public class MeanAveragePrecisionTests
{
    private static DecodedTarget Truth(params (float X0, float Y0, float X1, float Y1, int Label)[] boxes) =>
        new(boxes.SelectMany(b => new[] { b.X0, b.Y0, b.X1, b.Y1 }).ToArray(), boxes.Select(b => b.Label).ToArray());

    private static Detection Det(float x0, float y0, float x1, float y1, int label, float score) => new(x0, y0, x1, y1, label, score);

    [Fact]
    public void Compute_PerfectDetections_IsOne()
    {
        var map = new MeanAveragePrecision();
        map.Add([Det(0, 0, .5f, .5f, 1, .9f), Det(.5f, .5f, 1, 1, 2, .8f)], Truth((0, 0, .5f, .5f, 1), (.5f, .5f, 1, 1, 2)));
        Assert.Equal(1.0, map.Compute().MeanAveragePrecision, 12);
    }

    [Fact]
    public void Compute_FalsePositiveRankedFirst_HandWorkedAllPointAp()
    {
        // One class, 2 ground-truth boxes in two images. Ranked: FP (0.9), TP (0.8), TP (0.7).
        // precision 0, 1/2, 2/3 at recall 0, 1/2, 1 -> envelope 2/3, 2/3, 2/3 -> AP = 1/2·2/3 + 1/2·2/3 = 2/3.
        var map = new MeanAveragePrecision();
        map.Add([Det(.6f, .6f, .9f, .9f, 1, .9f), Det(0, 0, .4f, .4f, 1, .8f)], Truth((0, 0, .4f, .4f, 1)));
        map.Add([Det(.1f, .1f, .5f, .5f, 1, .7f)], Truth((.1f, .1f, .5f, .5f, 1)));
        Assert.Equal(2.0 / 3.0, map.Compute().MeanAveragePrecision, 12);
    }

    [Fact]
    public void Compute_TruePositiveThenFalsePositiveThenTruePositive_UsesEnvelope()
    {
        // Ranked: TP (recall .5, precision 1), FP, TP (recall 1, precision 2/3): AP = .5·1 + .5·2/3 = 5/6.
        var map = new MeanAveragePrecision();
        map.Add([Det(0, 0, .4f, .4f, 1, .9f), Det(.6f, .6f, .9f, .9f, 1, .8f)], Truth((0, 0, .4f, .4f, 1)));
        map.Add([Det(.1f, .1f, .5f, .5f, 1, .7f)], Truth((.1f, .1f, .5f, .5f, 1)));
        Assert.Equal(5.0 / 6.0, map.Compute().MeanAveragePrecision, 12);
    }

    [Fact]
    public void Compute_DuplicateDetectionOfOneBox_SecondIsFalsePositive()
    {
        // Ranked: TP, duplicate (FP); 1 ground truth: recall reaches 1 at precision 1 -> AP 1 (duplicate after full recall costs nothing)
        // but with a second, missed box: recall .5 at precision 1 -> AP .5.
        var map = new MeanAveragePrecision();
        map.Add([Det(0, 0, .4f, .4f, 1, .9f), Det(0, 0, .41f, .41f, 1, .8f)], Truth((0, 0, .4f, .4f, 1), (.6f, .6f, .9f, .9f, 1)));
        var result = map.Compute();
        Assert.Equal(0.5, result.MeanAveragePrecision, 12);
        Assert.Equal(2, result.Detections);
    }

    [Fact]
    public void Compute_IouBelowThreshold_IsFalsePositive()
    {
        // Prediction [0,.5]x[0,1] vs truth [0,1]x[0,1]: IoU 0.5 is a hit at 0.5, a miss at 0.6.
        var atHalf = new MeanAveragePrecision(0.5);
        atHalf.Add([Det(0, 0, .5f, 1, 1, .9f)], Truth((0, 0, 1, 1, 1)));
        var atSixTenths = new MeanAveragePrecision(0.6);
        atSixTenths.Add([Det(0, 0, .5f, 1, 1, .9f)], Truth((0, 0, 1, 1, 1)));
        Assert.Equal(1.0, atHalf.Compute().MeanAveragePrecision, 12);
        Assert.Equal(0.0, atSixTenths.Compute().MeanAveragePrecision, 12);
    }

    [Fact]
    public void Compute_WrongLabelAndMissedClass_AveragesOverClassesWithTruth()
    {
        // Class 1 found perfectly (AP 1); class 2 only predicted as class 3 (no truth for 3: ignored) -> AP 0; mAP 0.5.
        var map = new MeanAveragePrecision();
        map.Add([Det(0, 0, .4f, .4f, 1, .9f), Det(.5f, .5f, 1, 1, 3, .9f)], Truth((0, 0, .4f, .4f, 1), (.5f, .5f, 1, 1, 2)));
        var result = map.Compute();
        Assert.Equal(0.5, result.MeanAveragePrecision, 12);
        Assert.Equal(1.0, result.PerClass[1], 12);
        Assert.Equal(0.0, result.PerClass[2], 12);
        Assert.False(result.PerClass.ContainsKey(3));
    }
}
