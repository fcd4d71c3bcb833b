namespace Cluster.Trainer.Evaluation;

/// <summary>Intersection over union of two corner-form boxes (continuous coordinates, no +1 pixel convention).</summary>
public static class BoxIou
{
    public static double Of(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double iw = Math.Max(0, Math.Min(a[2], b[2]) - Math.Max(a[0], b[0]));
        double ih = Math.Max(0, Math.Min(a[3], b[3]) - Math.Max(a[1], b[1]));
        var intersection = iw * ih;
        var union = Area(a) + Area(b) - intersection;
        return union > 0 ? intersection / union : 0;
    }

    private static double Area(ReadOnlySpan<float> box) => Math.Max(0, box[2] - box[0]) * (double)Math.Max(0, box[3] - box[1]);
}
